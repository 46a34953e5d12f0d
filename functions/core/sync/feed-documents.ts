/**
 * The producer's current feed documents: what the scheduled sync wrote last, per channel (and
 * target, for a channel that writes one document per country), recorded as it is written so that
 * listing them costs one query and never an object-store listing.
 */
import type { UrlSigner } from './ports.ts';

export interface FeedDocumentRecord {
  producerId: string;
  channel: string;
  /** Only full documents are published (docs/api.md, "Feed documents": deltas are not). */
  kind: 'full';
  /** The document's target when the channel writes several (google-merchant: a country code). */
  target?: string;
  /** The object key, as the scheduled sync wrote it (feeds/<channel>/<producer>...). */
  path: string;
  itemCount: number;
  bytes: number;
  contentType: string;
  generatedAt: string;
}

export interface FeedDocumentStore {
  /** Replaces what was recorded for this producer, channel and target. */
  recordFeed(record: FeedDocumentRecord): Promise<void>;
  /** Every recorded document of the producer (a handful: channels times targets). */
  listFeeds(producerId: string): Promise<FeedDocumentRecord[]>;
}

/** One line of GET /producers/{producerId}/feeds. */
export interface FeedSummary {
  channel: string;
  kind: 'full';
  target?: string;
  path: string;
  itemCount: number;
  /** The same count, under the name the portal's first types used. */
  items: number;
  bytes: number;
  contentType: string;
  generatedAt: string;
  /** Where this document is downloaded through the API. */
  downloadPath: string;
}

/** How long a feed download URL works: long enough to start it, short enough not to be shared. */
export const FEED_URL_SECONDS = 5 * 60;

export class FeedNotFoundError extends Error {
  override readonly name = 'FeedNotFoundError';
  readonly code = 'FEED_NOT_FOUND';
}

/** A channel writing one document per target was asked for one without saying which. */
export class FeedTargetRequiredError extends Error {
  override readonly name = 'FeedTargetRequiredError';
  readonly code = 'FEED_TARGET_REQUIRED';
}

function downloadPath(record: FeedDocumentRecord): string {
  const base = `/producers/${record.producerId}/feeds/${encodeURIComponent(record.channel)}`;
  return record.target === undefined ? base : `${base}?target=${encodeURIComponent(record.target)}`;
}

export async function listFeedSummaries(
  producerId: string,
  channels: readonly string[],
  feeds: Pick<FeedDocumentStore, 'listFeeds'>,
): Promise<{ feeds: FeedSummary[] }> {
  const enabled = new Set(channels);
  const records = (await feeds.listFeeds(producerId))
    .filter((record) => enabled.has(record.channel))
    .sort((a, b) => `${a.channel}\0${a.target ?? ''}`.localeCompare(`${b.channel}\0${b.target ?? ''}`));
  return {
    feeds: records.map((record) => ({
      channel: record.channel,
      kind: record.kind,
      ...(record.target === undefined ? {} : { target: record.target }),
      path: record.path,
      itemCount: record.itemCount,
      items: record.itemCount,
      bytes: record.bytes,
      contentType: record.contentType,
      generatedAt: record.generatedAt,
      downloadPath: downloadPath(record),
    })),
  };
}

/**
 * A short-lived URL of the channel's current full document. A channel with several targets
 * needs `target` unless it has written only one.
 */
export async function feedDownload(
  request: { producerId: string; channel: string; target?: string; origin?: string },
  deps: { feeds: Pick<FeedDocumentStore, 'listFeeds'>; signer: UrlSigner; now: () => Date },
): Promise<{ url: string; expiresAt: string; document: FeedDocumentRecord }> {
  const documents = (await deps.feeds.listFeeds(request.producerId)).filter(
    (record) => record.channel === request.channel,
  );
  const chosen =
    request.target === undefined
      ? documents.length === 1
        ? documents[0]
        : documents.find((record) => record.target === undefined)
      : documents.find((record) => record.target === request.target);
  if (!chosen && request.target === undefined && documents.length > 1) {
    const targets = documents.map((record) => record.target).sort();
    throw new FeedTargetRequiredError(
      `${request.channel} has one document per target: add ?target= one of ${targets.join(', ')}`,
    );
  }
  if (!chosen) {
    const which = request.target === undefined ? '' : ` for target ${request.target}`;
    throw new FeedNotFoundError(
      `no ${request.channel} feed${which} has been written for ${request.producerId} yet; feeds are written by the scheduled sync`,
    );
  }
  const fileName = chosen.path.split('/').pop() ?? `${request.channel}.feed`;
  const url = await deps.signer.downloadUrl(chosen.path, {
    expiresInSeconds: FEED_URL_SECONDS,
    fileName,
    ...(request.origin ? { origin: request.origin } : {}),
  });
  return {
    url,
    expiresAt: new Date(deps.now().getTime() + FEED_URL_SECONDS * 1000).toISOString(),
    document: chosen,
  };
}
