import { createAsyncPipe } from '../async-pipe.ts';
import type { RowIssue } from '../catalogue/codes.ts';
import {
  type CatalogueSummary,
  type ReadCatalogueOptions,
  readCatalogue,
} from '../catalogue/read-catalogue.ts';
import type { ByteSource } from '../catalogue/readers/byte-source.ts';
import type { ProductChannel, RenderSummary } from '../channels/contract.ts';
import type { FxRates } from '../money.ts';
import type { DocumentWriter } from '../sync/ports.ts';

export interface ChannelFinding {
  sku: string;
  code: string;
  field: string;
  message: string;
}

export interface ChannelPreview {
  accepted: string[];
  rejected: ChannelFinding[];
  warnings: ChannelFinding[];
  documents: string[];
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
): Promise<PreviewReport> {
  const lanes = await Promise.all(
    channels.map(async (channel) => {
      const path = channel.documentPath(options.producerId, 'full');
      const writer = await openDocument(path, channel.contentType);
      const pipe = createAsyncPipe<unknown>();
      const preview: ChannelPreview = { accepted: [], rejected: [], warnings: [], documents: [path] };
      const rendering: Promise<RenderSummary> = channel.render(
        options.producerId,
        pipe,
        (chunk) => writer.write(chunk),
        { generatedAt, kind: 'full' },
      );
      // Keep a failed render from surfacing as an unhandled rejection before we await it.
      rendering.catch(() => undefined);
      return { channel, writer, pipe, preview, rendering };
    }),
  );

  let summary: CatalogueSummary;
  try {
    summary = await readCatalogue(input, options, async (product) => {
      for (const lane of lanes) {
        const { item, issues } = lane.channel.transform(product, { fx, generatedAt });
        for (const issue of issues) {
          const finding = { sku: product.sku, code: issue.code, field: issue.field, message: issue.message };
          if (sink !== undefined) {
            await sink.finding(lane.channel.id, issue.severity === 'error' ? 'rejected' : 'warning', finding);
          } else (issue.severity === 'error' ? lane.preview.rejected : lane.preview.warnings).push(finding);
        }
        if (item !== null) {
          if (sink !== undefined) await sink.accepted(lane.channel.id, product.sku);
          else lane.preview.accepted.push(product.sku);
          await lane.pipe.push(item);
        }
      }
    });
    for (const lane of lanes) lane.pipe.end();
    for (const lane of lanes) {
      await lane.rendering;
      await lane.writer.close();
    }
  } catch (error) {
    for (const lane of lanes) {
      lane.pipe.end();
      await lane.writer.abort();
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
