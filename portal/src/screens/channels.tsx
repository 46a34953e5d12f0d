import { useState } from 'preact/hooks';
import { ApiError } from '../api/client.ts';
import type { ChannelStatus, FeedSummary } from '../api/types.ts';
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

/** Each channel: counts per state as a bar chart, what the feed rules did, a link to its items, and its current feeds. */
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
            <RuleEffectCounts channel={channel} status={channelStatus} />
            <p>
              <Link to={{ name: 'channel', channel }}>{t('channels.items', { channel })}</Link>
            </p>
            <FeedDownloads channel={channel} feeds={feedList.filter((feed) => feed.channel === channel)} />
          </section>
        ))}
      </div>
    </section>
  );
}

const RULE_COUNT_KEYS = {
  changed: 'rules.countChanged',
  excluded: 'rules.countExcluded',
  invalid: 'rules.countInvalid',
} as const;

/** How many items the feed rules changed, excluded or made invalid, each a link to those items; nothing when no rule did anything. */
function RuleEffectCounts(props: { channel: string; status: ChannelStatus }) {
  const { t, number } = useApp();
  const effects = props.status.ruleEffects;
  if (!effects || effects.changed + effects.excluded + effects.invalid === 0) return null;
  const shown = (Object.keys(RULE_COUNT_KEYS) as Array<keyof typeof RULE_COUNT_KEYS>).filter(
    (effect) => effect !== 'invalid' || effects.invalid > 0,
  );
  return (
    <section class="rule-effects" aria-labelledby={`rules-${props.channel}`}>
      <h3 id={`rules-${props.channel}`}>{t('rules.title')}</h3>
      <ul>
        {shown.map((effect) => (
          <li key={effect}>
            {effects[effect] > 0 ? (
              <Link to={{ name: 'channel', channel: props.channel, ruleEffect: effect }}>
                {t(RULE_COUNT_KEYS[effect], { count: number(effects[effect]) })}
              </Link>
            ) : (
              t(RULE_COUNT_KEYS[effect], { count: number(0) })
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One download per document the channel wrote (google-merchant: one per country); one button before any is listed. */
function FeedDownloads(props: { channel: string; feeds: FeedSummary[] }) {
  if (props.feeds.length === 0) return <FeedDownload channel={props.channel} feed={undefined} />;
  return (
    <>
      {props.feeds.map((feed) => (
        <FeedDownload key={feed.target ?? ''} channel={props.channel} feed={feed} />
      ))}
    </>
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
      const blob = await app.api.downloadFeed(app.session.producerId, props.channel, props.feed?.target);
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
            items: number(props.feed.itemCount),
            size: number(Math.ceil(props.feed.bytes / 1024)),
            when: dateTime(props.feed.generatedAt),
          })}
        </p>
      ) : null}
      <button type="button" disabled={busy} onClick={() => void download()}>
        {t('feeds.download', {
          channel: props.feed?.target ? `${props.channel} (${props.feed.target})` : props.channel,
        })}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}
