import { useState } from 'preact/hooks';
import { ApiError } from '../api/client.ts';
import type { FeedSummary } from '../api/types.ts';
import { useApp } from '../app-context.ts';
import { Link } from '../components/link.tsx';
import { ErrorNotice, Loading } from '../components/notices.tsx';
import { StateChart } from '../components/state-chart.tsx';
import { useLoad } from '../hooks/use-load.ts';
import { saveFile } from '../lib/save-file.ts';

/** The file name a channel's feed is saved under: its document path's last part. */
function feedFileName(channel: string, feed: FeedSummary | undefined): string {
  return feed?.path.split('/').pop() ?? `${channel}.feed`;
}

/** Each channel: counts per state as a bar chart, a link to its items, and its current feed. */
export function Channels() {
  const app = useApp();
  const { t } = app;
  const producerId = app.session.producerId;
  const [status] = useLoad(() => app.api.getSyncStatus(producerId, { limit: 1 }), [producerId]);
  const [feeds] = useLoad(
    () =>
      app.api.listFeeds(producerId).catch((error: unknown) => {
        // A server without the feeds list still lets the feed route answer.
        if (error instanceof ApiError && error.routeMissing) return { feeds: [] as FeedSummary[] };
        throw error;
      }),
    [producerId],
  );

  if (status.state === 'loading') return <Loading />;
  if (status.state === 'failed') return <ErrorNotice error={status.error} />;
  const channels = Object.entries(status.value.channels);
  const feedList = feeds.state === 'ready' ? feeds.value.feeds : [];
  return (
    <section aria-labelledby="channels-title">
      <h1 id="channels-title">{t('channels.title')}</h1>
      {channels.length === 0 ? <p>{t('channels.none')}</p> : null}
      {feeds.state === 'failed' ? <ErrorNotice error={feeds.error} /> : null}
      <div class="cards">
        {channels.map(([channel, channelStatus]) => (
          <section class="card" key={channel} aria-labelledby={`channel-${channel}`}>
            <h2 id={`channel-${channel}`}>{channel}</h2>
            <StateChart counts={channelStatus.counts} caption={t('channels.countsOf', { channel })} />
            <p>
              <Link to={{ name: 'channel', channel }}>{t('channels.items', { channel })}</Link>
            </p>
            <FeedDownload
              channel={channel}
              feed={feedList.find((feed) => feed.channel === channel && feed.kind === 'full')}
            />
          </section>
        ))}
      </div>
    </section>
  );
}

function FeedDownload(props: { channel: string; feed: FeedSummary | undefined }) {
  const app = useApp();
  const { t, number, dateTime } = app;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function download() {
    setBusy(true);
    setError(null);
    try {
      const blob = await app.api.downloadFeed(app.session.producerId, props.channel);
      saveFile(blob, feedFileName(props.channel, props.feed));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div class="feed">
      {props.feed ? (
        <p class="muted">
          {t('feeds.summary', {
            items: number(props.feed.items),
            size: number(Math.ceil(props.feed.bytes / 1024)),
            when: dateTime(props.feed.generatedAt),
          })}
        </p>
      ) : null}
      <button type="button" disabled={busy} onClick={() => void download()}>
        {t('feeds.download', { channel: props.channel })}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}
