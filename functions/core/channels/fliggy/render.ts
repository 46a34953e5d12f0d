import { checkedProducerId } from '../channel-helpers.ts';
import type { ChunkSink, RenderMeta, RenderSummary } from '../contract.ts';
import { renderJsonDocument } from '../json-document.ts';
import type { FliggyItem } from './transform.ts';

export const FLIGGY_CHANNEL_ID = 'fliggy';

export function fliggyDocumentPath(producerId: string): string {
  return `${FLIGGY_CHANNEL_ID}/${checkedProducerId(producerId)}.json`;
}

/** "2026-12-04T16:00:00Z": the form of FliggyCalendarDate.bookableUntil, so the two compare as text. */
function utcSeconds(instant: string): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`generatedAt is not an ISO instant: ${JSON.stringify(instant)}`);
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/**
 * The calendar as it stands at `now`: items are stored when made and rendered again on every
 * scheduled run, so a date whose bookings closed since then leaves the feed without a new
 * upload. An item with no bookable date left is left out (null).
 */
export function bookableAt(item: FliggyItem, now: string): FliggyItem | null {
  const open = item.calendar.filter((departure) => departure.bookableUntil > now);
  if (open.length === item.calendar.length) return item;
  return open.length === 0 ? null : { ...item, calendar: open };
}

/** The shared JSON document (json-document.ts), each item's calendar as it stands at generatedAt. */
export async function renderFliggy(
  producerId: string,
  items: AsyncIterable<FliggyItem> | Iterable<FliggyItem>,
  write: ChunkSink,
  meta: RenderMeta,
): Promise<RenderSummary> {
  const now = utcSeconds(meta.generatedAt);
  return renderJsonDocument(FLIGGY_CHANNEL_ID, producerId, items, write, meta, (item) =>
    bookableAt(item, now),
  );
}
