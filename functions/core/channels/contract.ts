import type { Product } from '../catalogue/model.ts';
import type { OfferingKind } from '../catalogue/offering.ts';
import type { TourPackage } from '../catalogue/tour-model.ts';
import type { FxRates } from '../money.ts';

/**
 * The channel plug-in contract. A channel takes one kind of offering (products or tour packages),
 * turns one canonical offering into one channel item (with everything wrong about it) and streams
 * many items into the channel's document. Channels share nothing but this contract and the
 * helpers beside it, so adding one touches no other.
 */

export type IssueSeverity = 'error' | 'warning';

/** One finding about one product for one channel. An error blocks the item; a warning does not. */
export interface ChannelIssue {
  /** Stable code, documented in docs/channels/<channel>.md: scripts depend on it, never rename. */
  code: string;
  /** The canonical field the finding is about ("price", "names.zh-CN", "departures"), so reports can point at a column. */
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
  /**
   * The calendar date (yyyy-mm-dd, in Rwanda) that decides what is past: a departure before it,
   * or whose booking cut-off falls before it, is not offered. Required by channels that take
   * tours (TourTransformContext); product channels ignore it.
   */
  today?: string;
}

/** What a tour channel's transform is given: the date is what keeps the transform free of the clock. */
export interface TourTransformContext extends TransformContext {
  today: string;
}

/**
 * `item` is null exactly when `issues` holds an error. Items are plain JSON data (no bigint, no Date,
 * key order fixed by construction) so the sync layer can hash, store and render them later.
 */
export interface TransformResult<Item> {
  item: Item | null;
  issues: ChannelIssue[];
}

/**
 * Every document is a full one: it replaces everything the channel knows of the producer, so an
 * item withdrawn since the last run is simply absent, and a consumer that missed a run loses nothing.
 */
export interface RenderMeta {
  /** When the document is rendered; a tour channel also leaves out the departures closed by then. */
  generatedAt: string;
  /**
   * Which of the channel's documentTargets to render (google-merchant: a country). Channels without
   * targets ignore it; a channel with targets renders its first one when it is absent.
   */
  target?: string;
}

export interface RenderSummary {
  itemCount: number;
}

export type ChunkSink = (chunk: string) => void | Promise<void>;

/**
 * Method syntax on purpose: it keeps ProductChannel<SpecificItem> assignable to Channel (the
 * registry's element type); items only ever travel from a channel's own transform to its own render.
 */
interface ChannelBase<Item> {
  readonly id: string;
  readonly displayName: string;
  /** MIME type of the rendered document, with charset. */
  readonly contentType: string;
  /** Every code transform can emit, errors and warnings (documented and tested against the docs). */
  readonly issueCodes: { readonly errors: readonly string[]; readonly warnings: readonly string[] };

  /**
   * Set by channels that write several documents per producer, one per target (google-merchant:
   * one per country of sale). Absent: one document per producer. Callers render each target.
   */
  readonly documentTargets?: readonly string[];

  /** Relative object path of the producer's document, e.g. "tmall-global/coop-huye.json"; `target` as in RenderMeta. */
  documentPath(producerId: string, target?: string): string;

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

/** A channel for goods: its transform takes a canonical product. */
export interface ProductChannel<Item = unknown> extends ChannelBase<Item> {
  readonly takes: 'product';
  /** Pure, synchronous, per item: no I/O, no clock, no translation service. */
  transform(product: Product, context: TransformContext): TransformResult<Item>;
}

/** A channel for travel: its transform takes a canonical tour package and the date that decides "past". */
export interface TourChannel<Item = unknown> extends ChannelBase<Item> {
  readonly takes: 'tour';
  /** Pure, synchronous, per item: no I/O, no clock (today comes in the context), no translation service. */
  transform(tour: TourPackage, context: TourTransformContext): TransformResult<Item>;
}

/** Any channel; `takes` tells which kind of offering its transform accepts. */
export type Channel<Item = unknown> = ProductChannel<Item> | TourChannel<Item>;

export type ChannelFor<Kind extends OfferingKind> = Extract<Channel, { readonly takes: Kind }>;
