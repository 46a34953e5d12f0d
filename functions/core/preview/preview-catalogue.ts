import { createAsyncPipe } from '../async-pipe.ts';
import type { RowIssue } from '../catalogue/codes.ts';
import type { Product } from '../catalogue/model.ts';
import {
  type CatalogueSummary,
  type ReadCatalogueOptions,
  readCatalogue,
} from '../catalogue/read-catalogue.ts';
import type { ByteSource } from '../catalogue/readers/byte-source.ts';
import type { ProductChannel, RenderSummary } from '../channels/contract.ts';
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
 * rule excluded it, a RULE_VALUE_INVALID finding when the rules made it invalid (as the sync would).
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
        code: 'RULE_VALUE_INVALID',
        field: `rules.${channelId}.${outcome.rule}`,
        message: outcome.message,
      };
  }
}

/**
 * Reads a product catalogue once and streams it through every product channel: each accepted product is
 * transformed and validated per channel, and the items that pass flow straight into that
 * channel's renderer. Nothing is held whole, so a million-row file previews in bounded memory.
 */
export async function previewCatalogue(
  input: ByteSource,
  options: ReadCatalogueOptions,
  channels: readonly ProductChannel[],
  fx: FxRates,
  openDocument: OpenDocument,
  generatedAt: string,
  /** When given, accepted SKUs and findings go here and the report's per-channel arrays stay empty. */
  sink?: PreviewSink,
  /** The producer's feed rules (its profile's `rules`), applied before each channel's transform. */
  rules?: FeedRules,
): Promise<PreviewReport> {
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

  let summary: CatalogueSummary;
  try {
    const rowIssue = sink?.rowIssue?.bind(sink);
    const readOptions = rowIssue === undefined ? options : { ...options, onIssue: rowIssue };
    summary = await readCatalogue(input, readOptions, async (product) => {
      for (const lane of lanes) {
        const ruled = applyRulesForPreview(lane.channel.id, product, rules?.[lane.channel.id], lane.preview);
        if (ruled === null) continue;
        if ('code' in ruled) {
          if (sink !== undefined) await sink.finding(lane.channel.id, 'rejected', ruled);
          else lane.preview.rejected.push(ruled);
          continue;
        }
        const { item, issues } = lane.channel.transform(ruled, { fx, generatedAt });
        for (const issue of issues) {
          const finding = { sku: product.sku, code: issue.code, field: issue.field, message: issue.message };
          if (sink !== undefined) {
            await sink.finding(lane.channel.id, issue.severity === 'error' ? 'rejected' : 'warning', finding);
          } else (issue.severity === 'error' ? lane.preview.rejected : lane.preview.warnings).push(finding);
        }
        if (item !== null) {
          if (sink !== undefined) await sink.accepted(lane.channel.id, product.sku);
          else lane.preview.accepted.push(product.sku);
          for (const output of lane.outputs) await output.pipe.push(item);
        }
      }
    });
    const outputs = lanes.flatMap((lane) => lane.outputs);
    for (const output of outputs) output.pipe.end();
    for (const output of outputs) {
      await output.rendering;
      await output.writer.close();
    }
  } catch (error) {
    for (const output of lanes.flatMap((lane) => lane.outputs)) {
      output.pipe.end();
      await output.writer.abort();
    }
    throw error;
  }

  return {
    producerId: options.producerId,
    format: summary.format,
    encoding: summary.encoding,
    rows: summary.rows,
    errors: summary.errors,
    rowWarnings: summary.warnings,
    channels: Object.fromEntries(lanes.map((lane) => [lane.channel.id, lane.preview])),
  };
}
