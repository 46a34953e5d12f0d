import type { Product } from '../catalogue/model.ts';
import type { FxRates } from '../money.ts';

/**
 * The channel plug-in contract. A channel turns one canonical product into one channel item
 * (with everything wrong about it) and streams many items into the channel's document.
 * Channels share nothing but this contract and the helpers beside it, so adding one touches no other.
 */

export type IssueSeverity = 'error' | 'warning';

/** One finding about one product for one channel. An error blocks the item; a warning does not. */
export interface ChannelIssue {
  /** Stable code, documented in docs/channels/<channel>.md: scripts depend on it, never rename. */
  code: string;
  /** The canonical Product field the finding is about ("price", "names.zh-CN"), so reports can point at a column. */
  field: string;
  severity: IssueSeverity;
  /** For people: what is wrong and what to change. */
  message: string;
}

export interface TransformContext {
  fx: FxRates;
  /**
   * When the run happens (ISO timestamp). Items never embed it, so an unchanged product yields a
   * byte-identical item and content hashes stay stable across runs.
   */
  generatedAt?: string;
}

/**
 * `item` is null exactly when `issues` holds an error. Items are plain JSON data (no bigint, no Date,
 * key order fixed by construction) so the sync layer can hash, store and render them later.
 */
export interface TransformResult<Item> {
  item: Item | null;
  issues: ChannelIssue[];
}

/** A full document replaces everything the channel knows of the producer; a delta carries changes only. */
export type FeedKind = 'full' | 'delta';

export interface RenderMeta {
  generatedAt: string;
  /** Default 'full'. */
  kind?: FeedKind;
  /** SKUs withdrawn since the last feed; rendered in delta documents only (a full one simply omits them). */
  delisted?: Iterable<string> | AsyncIterable<string>;
}

export interface RenderSummary {
  itemCount: number;
  delistedCount: number;
}

export type ChunkSink = (chunk: string) => void | Promise<void>;

/**
 * Method syntax on purpose: it keeps Channel<SpecificItem> assignable to Channel (the registry's
 * element type); items only ever travel from a channel's own transform to its own render.
 */
export interface Channel<Item = unknown> {
  readonly id: string;
  readonly displayName: string;
  /** MIME type of the rendered document, with charset. */
  readonly contentType: string;
  /** Every code transform can emit, errors and warnings (documented and tested against the docs). */
  readonly issueCodes: { readonly errors: readonly string[]; readonly warnings: readonly string[] };

  /** Pure, synchronous, per item: no I/O, no clock, no translation service. */
  transform(product: Product, context: TransformContext): TransformResult<Item>;

  /** Relative object path of the producer's document, e.g. "tmall-global/coop-huye.json". */
  documentPath(producerId: string, kind?: FeedKind): string;

  /**
   * Streams one producer's document through `write` in chunks, awaiting it (backpressure) and never
   * holding the whole document: feeds reach a million items.
   */
  render(
    producerId: string,
    items: AsyncIterable<Item> | Iterable<Item>,
    write: ChunkSink,
    meta: RenderMeta,
  ): Promise<RenderSummary>;
}
