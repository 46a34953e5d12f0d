import { checkedProducerId } from '../channel-helpers.ts';
import type { ChunkSink, RenderMeta, RenderSummary } from '../contract.ts';
import { renderJsonDocument } from '../json-document.ts';
import type { TmallGlobalItem } from './transform.ts';

export const TMALL_GLOBAL_CHANNEL_ID = 'tmall-global';

export function tmallGlobalDocumentPath(producerId: string): string {
  return `${TMALL_GLOBAL_CHANNEL_ID}/${checkedProducerId(producerId)}.json`;
}

/** The shared JSON document (json-document.ts), every stored item as it is. */
export function renderTmallGlobal(
  producerId: string,
  items: AsyncIterable<TmallGlobalItem> | Iterable<TmallGlobalItem>,
  write: ChunkSink,
  meta: RenderMeta,
): Promise<RenderSummary> {
  return renderJsonDocument(TMALL_GLOBAL_CHANNEL_ID, producerId, items, write, meta);
}
