import { ChunkBuffer, checkedProducerId } from './channel-helpers.ts';
import type { ChunkSink, RenderMeta, RenderSummary } from './contract.ts';

/**
 * Writes {"channel","producerId","kind","generatedAt","items":[...],"delisted":[],"itemCount"}
 * one item per line, serialising each item on its own: the document never exists as one string.
 * itemCount comes last so a reader can tell a complete document from a truncated one. Every
 * document is full, so `kind` is always "full" and `delisted` always empty (absence from a full
 * document is the delisting); both stay so documents keep the shape version 1 readers expect.
 *
 * `prepare` lets a channel reshape or leave out a stored item at render time (a tour whose
 * departures have all closed since it was made); it returns null to leave the item out.
 */
export async function renderJsonDocument<Item>(
  channelId: string,
  producerId: string,
  items: AsyncIterable<Item> | Iterable<Item>,
  write: ChunkSink,
  meta: RenderMeta,
  prepare: (item: Item) => unknown = (item) => item,
): Promise<RenderSummary> {
  const out = new ChunkBuffer(write);
  out.push(
    `{"channel":${JSON.stringify(channelId)},"producerId":${JSON.stringify(checkedProducerId(producerId))},` +
      `"kind":"full","generatedAt":${JSON.stringify(meta.generatedAt)},"items":[`,
  );
  let itemCount = 0;
  for await (const item of items) {
    const prepared = prepare(item);
    if (prepared === null) continue;
    out.push(itemCount === 0 ? '\n' : ',\n');
    out.push(JSON.stringify(prepared));
    itemCount++;
    await out.flushIfFull();
  }
  out.push(`${itemCount === 0 ? '' : '\n'}],"delisted":[],"itemCount":${itemCount}}\n`);
  await out.flush();
  return { itemCount };
}
