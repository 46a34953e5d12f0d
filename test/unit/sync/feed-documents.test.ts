import { describe, expect, it } from 'vitest';
import {
  type FeedDocumentRecord,
  feedDownload,
  listFeedSummaries,
} from '../../../functions/core/sync/feed-documents.ts';
import type { UrlSigner } from '../../../functions/core/sync/ports.ts';

const record = (channel: string, target?: string): FeedDocumentRecord => ({
  producerId: 'huye-coop',
  channel,
  kind: 'full',
  ...(target === undefined ? {} : { target }),
  path: target === undefined ? `feeds/${channel}/huye-coop.json` : `feeds/${channel}/huye-coop/${target}.xml`,
  itemCount: 4,
  bytes: 1234,
  contentType: 'application/json; charset=utf-8',
  generatedAt: '2026-11-30T08:00:00.000Z',
});

const stored = [record('tmall-global'), record('google-merchant', 'US'), record('google-merchant', 'FR')];
const feeds = { listFeeds: async () => stored };
const signed: string[] = [];
const signer: UrlSigner = {
  uploadUrl: async () => {
    throw new Error('not used');
  },
  downloadUrl: async (key, options) => {
    signed.push(`${key} ${options.expiresInSeconds} ${options.fileName}`);
    return `https://signed.example/${key}`;
  },
};
const now = () => new Date('2026-11-30T09:00:00.000Z');

describe('feed documents', () => {
  it('lists only enabled channels, in channel then target order, each with its download path', async () => {
    const { feeds: listed } = await listFeedSummaries(
      'huye-coop',
      ['tmall-global', 'google-merchant'],
      feeds,
    );
    expect(listed.map((feed) => [feed.channel, feed.target, feed.downloadPath])).toEqual([
      ['google-merchant', 'FR', '/producers/huye-coop/feeds/google-merchant?target=FR'],
      ['google-merchant', 'US', '/producers/huye-coop/feeds/google-merchant?target=US'],
      ['tmall-global', undefined, '/producers/huye-coop/feeds/tmall-global'],
    ]);
    const { feeds: onlyTmall } = await listFeedSummaries('huye-coop', ['tmall-global'], feeds);
    expect(onlyTmall).toHaveLength(1);
  });

  it('signs the one document of a channel for five minutes, named by its file', async () => {
    const download = await feedDownload(
      { producerId: 'huye-coop', channel: 'tmall-global' },
      { feeds, signer, now },
    );
    expect(download.url).toBe('https://signed.example/feeds/tmall-global/huye-coop.json');
    expect(download.expiresAt).toBe('2026-11-30T09:05:00.000Z');
    expect(signed.at(-1)).toBe('feeds/tmall-global/huye-coop.json 300 huye-coop.json');
  });

  it('needs a target for a channel with several documents, and refuses one it has not written', async () => {
    await expect(
      feedDownload({ producerId: 'huye-coop', channel: 'google-merchant' }, { feeds, signer, now }),
    ).rejects.toMatchObject({ code: 'FEED_TARGET_REQUIRED', message: expect.stringContaining('FR, US') });
    const us = await feedDownload(
      { producerId: 'huye-coop', channel: 'google-merchant', target: 'US' },
      { feeds, signer, now },
    );
    expect(us.document.path).toBe('feeds/google-merchant/huye-coop/US.xml');
    await expect(
      feedDownload(
        { producerId: 'huye-coop', channel: 'google-merchant', target: 'DE' },
        { feeds, signer, now },
      ),
    ).rejects.toMatchObject({ code: 'FEED_NOT_FOUND' });
    await expect(
      feedDownload({ producerId: 'huye-coop', channel: 'freshippo' }, { feeds, signer, now }),
    ).rejects.toMatchObject({ code: 'FEED_NOT_FOUND' });
  });
});
