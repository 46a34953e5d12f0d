import { ChunkBuffer, checkedProducerId } from '../channel-helpers.ts';
import type { ChunkSink, FeedKind, RenderMeta, RenderSummary } from '../contract.ts';
import type { TmallGlobalItem } from './transform.ts';

export const TMALL_GLOBAL_CHANNEL_ID = 'tmall-global';

export function tmallGlobalDocumentPath(producerId: string, kind: FeedKind = 'full'): string {
  const id = checkedProducerId(producerId);
  return kind === 'full'
    ? `${TMALL_GLOBAL_CHANNEL_ID}/${id}.json`
    : `${TMALL_GLOBAL_CHANNEL_ID}/${id}.delta.json`;
}

/**
 * Writes {"channel","producerId","kind","generatedAt","items":[...],"delisted":[...],"itemCount"}
 * one item per line, serialising each item on its own: the document never exists as one string.
 * itemCount comes last so a reader can tell a complete document from a truncated one.
 */
export async function renderTmallGlobal(
  producerId: string,
  items: AsyncIterable<TmallGlobalItem> | Iterable<TmallGlobalItem>,
  write: ChunkSink,
  meta: RenderMeta,
): Promise<RenderSummary> {
  const kind = meta.kind ?? 'full';
  const out = new ChunkBuffer(write);
  out.push(
    `{"channel":"${TMALL_GLOBAL_CHANNEL_ID}","producerId":${JSON.stringify(checkedProducerId(producerId))},` +
      `"kind":"${kind}","generatedAt":${JSON.stringify(meta.generatedAt)},"items":[`,
  );
  let itemCount = 0;
  for await (const item of items) {
    out.push(itemCount === 0 ? '\n' : ',\n');
    out.push(JSON.stringify(item));
    itemCount++;
    await out.flushIfFull();
  }
  out.push(itemCount === 0 ? '],"delisted":[' : '\n],"delisted":[');
  let delistedCount = 0;
  if (kind === 'delta' && meta.delisted !== undefined) {
    for await (const sku of meta.delisted) {
      out.push(delistedCount === 0 ? JSON.stringify(sku) : `,${JSON.stringify(sku)}`);
      delistedCount++;
      await out.flushIfFull();
    }
  }
  out.push(`],"itemCount":${itemCount}}\n`);
  await out.flush();
  return { itemCount, delistedCount };
}
