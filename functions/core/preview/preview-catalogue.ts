import { createAsyncPipe } from '../async-pipe.ts';
import type { RowIssue } from '../catalogue/codes.ts';
import type { Product } from '../catalogue/model.ts';
import type { Offering, OfferingKind } from '../catalogue/offering.ts';
import type { CatalogueSummary, ReadCatalogueOptions } from '../catalogue/read-catalogue.ts';
import { offeringKey, readOfferings } from '../catalogue/read-offerings.ts';
import type { ByteSource } from '../catalogue/readers/byte-source.ts';
import { RWANDA_UTC_OFFSET_MINUTES } from '../catalogue/tour-model.ts';
import type { Channel, ChannelIssue, RenderSummary } from '../channels/contract.ts';
import { transformOffering } from '../channels/transform-offering.ts';
import { dateAtOffset } from '../iso-dates.ts';
import type { FxRates } from '../money.ts';
import { applyFeedRules, type FieldChange } from '../rules/apply-rules.ts';
import type { FeedRule, FeedRules } from '../rules/rule-schema.ts';
import type { DocumentWriter } from '../sync/ports.ts';

export interface ChannelFinding {
  sku: string;
  code: string;
  field: string;
  message: string;
}

/** Items whose rule effects a report lists per channel; the counts go on past it (a million-row file). */
export const RULE_EFFECT_ITEMS_MAX = 10_000;

/** What the producer's feed rules did to one item on one channel (preview --profile). */
export interface RuleEffect {
  sku: string;
  /** Set when a rule excluded the item: that rule's index. */
  excludedBy?: number;
  /** Each changed field with its value before and after the rules, and the rules that changed it. */
  changes: FieldChange[];
}

export interface ChannelPreview {
  accepted: string[];
  rejected: ChannelFinding[];
  warnings: ChannelFinding[];
  documents: string[];
  /** Only when the preview was given rules: how many items they changed or excluded, and the first RULE_EFFECT_ITEMS_MAX. */
  ruleEffects?: { changed: number; excluded: number; items: RuleEffect[] };
}

export interface PreviewReport {
  producerId: string;
  format: CatalogueSummary['format'];
  encoding: string;
  rows: CatalogueSummary['rows'];
  /** What the file held: products, or tour packages. `channels` lists only the channels taking it. */
  offeringKind: OfferingKind;
  /** The Rwanda date departures were judged against (tour catalogues only). */
  today?: string;
  errors: RowIssue[];
  rowWarnings: RowIssue[];
  channels: Record<string, ChannelPreview>;
}

export type OpenDocument = (path: string, contentType: string) => Promise<DocumentWriter>;

/**
 * Where per-item outcomes go instead of the report's arrays. A report holds every accepted SKU
 * and every finding, which at a million rows is gigabytes of small objects; a caller that writes
 * them out as they come (the CLI spools them to files) keeps preview in bounded memory.
 */
export interface PreviewSink {
  accepted(channelId: string, sku: string): void | Promise<void>;
  finding(channelId: string, kind: 'rejected' | 'warning', finding: ChannelFinding): void | Promise<void>;
  /** The catalogue's row errors and warnings (the report's `errors` and `rowWarnings`), when the sink takes them. */
  rowIssue?(kind: 'error' | 'warning', issue: RowIssue): void | Promise<void>;
}

/**
 * The product a channel's transform gets after the rules, recording what they did; null when a
 * rule excluded it, a RULE_VALUE_INVALID (or RULE_PATTERN_*) finding when the rules made it invalid
 * or cannot run (as the sync would).
 * Effects are kept per item (bounded by the catalogue's products with rules that touch them).
 */
function applyRulesForPreview(
  channelId: string,
  product: Product,
  rules: readonly FeedRule[] | undefined,
  preview: ChannelPreview,
): Product | ChannelFinding | null {
  const effects = preview.ruleEffects;
  if (rules === undefined || effects === undefined) return product;
  const outcome = applyFeedRules(product, rules);
  switch (outcome.kind) {
    case 'unchanged':
      return product;
    case 'changed':
      effects.changed++;
      if (effects.items.length < RULE_EFFECT_ITEMS_MAX)
        effects.items.push({ sku: product.sku, changes: outcome.changes });
      return outcome.product;
    case 'excluded':
      effects.excluded++;
      if (effects.items.length < RULE_EFFECT_ITEMS_MAX) {
        effects.items.push({ sku: product.sku, excludedBy: outcome.rule, changes: outcome.changes });
      }
      return null;
    case 'invalid':
      return {
        sku: product.sku,
        code: outcome.code,
        field: `rules.${channelId}.${outcome.rule}`,
        message: outcome.message,
      };
  }
}

/** What one channel's transform makes of one offering: rules first for a product, a tour as it is. */
function transformForLane(
  lane: { channel: Channel; preview: ChannelPreview },
  offering: Offering,
  rules: FeedRules | undefined,
  context: { fx: FxRates; generatedAt: string; today: string },
): { item: unknown; issues: ChannelIssue[] } | ChannelFinding | null {
  if (offering.kind === 'tour') return transformOffering(lane.channel, offering, context);
  const ruled = applyRulesForPreview(
    lane.channel.id,
    offering.product,
    rules?.[lane.channel.id],
    lane.preview,
  );
  if (ruled === null || 'code' in ruled) return ruled;
  return transformOffering(lane.channel, { kind: 'product', product: ruled }, context);
}

/**
 * Reads a catalogue once and streams it through every given channel that takes what the file
 * holds (products, or tour packages): each accepted offering is transformed and validated per
 * channel, and the items that pass flow straight into that channel's renderer. Nothing is held
 * whole, so a million-row file previews in bounded memory. The kind is known once the file is
 * read: the documents of channels taking the other kind are dropped (aborted) and not reported.
 */
export async function previewCatalogue(
  input: ByteSource,
  options: ReadCatalogueOptions,
  channels: readonly Channel[],
  fx: FxRates,
  openDocument: OpenDocument,
  generatedAt: string,
  /** When given, accepted SKUs and findings go here and the report's per-channel arrays stay empty. */
  sink?: PreviewSink,
  /** The producer's feed rules (its profile's `rules`), applied before each channel's transform. */
  rules?: FeedRules,
  more: {
    /** The Rwanda date that decides which tour departures are past; default: the date at generatedAt. */
    today?: string;
    /** The reader (default readOfferings): how tests hand tours in until tour files are read. */
    read?: typeof readOfferings;
  } = {},
): Promise<PreviewReport> {
  const today = more.today ?? dateAtOffset(generatedAt, RWANDA_UTC_OFFSET_MINUTES);
  const read = more.read ?? readOfferings;
  // One lane per channel; a channel writing one document per target has one output per target.
  const lanes = await Promise.all(
    channels.map(async (channel) => {
      const preview: ChannelPreview = { accepted: [], rejected: [], warnings: [], documents: [] };
      if (rules !== undefined) preview.ruleEffects = { changed: 0, excluded: 0, items: [] };
      const outputs = await Promise.all(
        (channel.documentTargets ?? [undefined]).map(async (target) => {
          const path = channel.documentPath(options.producerId, target);
          preview.documents.push(path);
          const writer = await openDocument(path, channel.contentType);
          const pipe = createAsyncPipe<unknown>();
          const rendering: Promise<RenderSummary> = channel.render(
            options.producerId,
            pipe,
            (chunk) => writer.write(chunk),
            target === undefined ? { generatedAt } : { generatedAt, target },
          );
          // Keep a failed render from surfacing as an unhandled rejection before we await it.
          rendering.catch(() => undefined);
          return { writer, pipe, rendering };
        }),
      );
      return { channel, outputs, preview };
    }),
  );

  let summary: CatalogueSummary & { offeringKind: OfferingKind };
  const context = { fx, generatedAt, today };
  try {
    const rowIssue = sink?.rowIssue?.bind(sink);
    const readOptions = rowIssue === undefined ? options : { ...options, onIssue: rowIssue };
    summary = await read(input, readOptions, async (offering) => {
      const key = offeringKey(offering);
      for (const lane of lanes) {
        if (lane.channel.takes !== offering.kind) continue;
        const outcome = transformForLane(lane, offering, rules, context);
        if (outcome === null) continue;
        if ('code' in outcome) {
          if (sink !== undefined) await sink.finding(lane.channel.id, 'rejected', outcome);
          else lane.preview.rejected.push(outcome);
          continue;
        }
        for (const issue of outcome.issues) {
          const finding = { sku: key, code: issue.code, field: issue.field, message: issue.message };
          if (sink !== undefined) {
            await sink.finding(lane.channel.id, issue.severity === 'error' ? 'rejected' : 'warning', finding);
          } else (issue.severity === 'error' ? lane.preview.rejected : lane.preview.warnings).push(finding);
        }
        if (outcome.item !== null) {
          if (sink !== undefined) await sink.accepted(lane.channel.id, key);
          else lane.preview.accepted.push(key);
          for (const output of lane.outputs) await output.pipe.push(outcome.item);
        }
      }
    });
    const kind = summary.offeringKind;
    for (const output of lanes.flatMap((lane) => lane.outputs)) output.pipe.end();
    for (const lane of lanes) {
      for (const output of lane.outputs) {
        await output.rendering;
        if (lane.channel.takes === kind) await output.writer.close();
        else await output.writer.abort();
      }
    }
  } catch (error) {
    for (const output of lanes.flatMap((lane) => lane.outputs)) {
      output.pipe.end();
      await output.writer.abort();
    }
    throw error;
  }

  const kind = summary.offeringKind;
  return {
    producerId: options.producerId,
    format: summary.format,
    encoding: summary.encoding,
    rows: summary.rows,
    offeringKind: kind,
    ...(kind === 'tour' ? { today } : {}),
    errors: summary.errors,
    rowWarnings: summary.warnings,
    channels: Object.fromEntries(
      lanes.filter((lane) => lane.channel.takes === kind).map((lane) => [lane.channel.id, lane.preview]),
    ),
  };
}
