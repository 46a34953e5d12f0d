import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import fxRatesFile from '../../config/fx-rates.json' with { type: 'json' };
import { CatalogueFileError } from '../../functions/core/catalogue/codes.ts';
import type { ProductChannel } from '../../functions/core/channels/contract.ts';
import { CHANNEL_IDS, getChannel, PRODUCT_CHANNELS } from '../../functions/core/channels/registry.ts';
import { loadFxRates } from '../../functions/core/money.ts';
import { previewCatalogue } from '../../functions/core/preview/preview-catalogue.ts';
import type { DocumentWriter } from '../../functions/core/sync/ports.ts';
import { UsageError } from './cli-errors.ts';
import { ReportSpool } from './report-spool.ts';
import { type CatalogueFileOptions, checkCatalogueOptions } from './validate.ts';

export interface PreviewOptions extends CatalogueFileOptions {
  outDir: string;
  channels: ProductChannel[];
}

export function checkPreviewOptions(
  positionals: string[],
  values: { producer?: string; out?: string; channels?: string; format?: string; sheet?: string },
): PreviewOptions {
  const base = checkCatalogueOptions(positionals, values);
  if (!values.out) throw new UsageError('missing --out <dir>');
  if (!values.channels) return { ...base, outDir: values.out, channels: [...PRODUCT_CHANNELS] };
  const channels = values.channels.split(',').map((id) => {
    const channel = getChannel(id.trim());
    if (!channel) throw new UsageError(`unknown channel "${id}" (known: ${CHANNEL_IDS.join(', ')})`);
    // The file is read as a product catalogue; a channel that takes tours has nothing to do with it.
    if (channel.takes !== 'product') {
      throw new UsageError(
        `channel "${channel.id}" takes ${channel.takes}s, and preview reads product catalogues`,
      );
    }
    return channel;
  });
  return { ...base, outDir: values.out, channels };
}

function fileWriter(path: string): DocumentWriter {
  const stream = createWriteStream(path);
  return {
    write: async (chunk) => {
      if (!stream.write(chunk)) await once(stream, 'drain');
    },
    close: async () => {
      stream.end();
      await once(stream, 'finish');
    },
    abort: async () => {
      stream.destroy();
    },
  };
}

/**
 * A dry run: reads, transforms and validates for each channel, and writes the documents and
 * report.json under --out only. Everything is written to a temporary folder inside --out and
 * moved into place at the end, so a refused file leaves the previous preview untouched.
 */
export async function runPreview(options: PreviewOptions): Promise<number> {
  const info = await stat(options.file);
  if (!info.isFile()) throw new CatalogueFileError('FORMAT_UNKNOWN', `${options.file} is not a regular file`);
  await mkdir(options.outDir, { recursive: true });
  const staging = await mkdtemp(join(options.outDir, '.preview-'));
  const written: string[] = [];
  // Outside the staging paths that are moved into --out: it is removed with the staging folder.
  const spool = await ReportSpool.create(join(staging, '.report-spool'));
  try {
    const report = await previewCatalogue(
      createReadStream(options.file),
      {
        producerId: options.producerId,
        fileName: options.file,
        ...(options.format ? { format: options.format } : {}),
        ...(options.sheet ? { sheet: options.sheet } : {}),
      },
      options.channels,
      loadFxRates(fxRatesFile),
      async (path) => {
        const target = join(staging, path);
        await mkdir(dirname(target), { recursive: true });
        written.push(path);
        return fileWriter(target);
      },
      new Date().toISOString(),
      spool,
    );
    await spool.writeReport(report, join(staging, 'report.json'));
    for (const path of [...written, 'report.json']) {
      await mkdir(dirname(join(options.outDir, path)), { recursive: true });
      await rename(join(staging, path), join(options.outDir, path));
    }
    process.stdout.write(formatPreview(options, report, spool));
    return 0;
  } finally {
    await spool.close();
    await rm(staging, { recursive: true, force: true });
  }
}

function formatPreview(
  options: PreviewOptions,
  report: Awaited<ReturnType<typeof previewCatalogue>>,
  spool: ReportSpool,
): string {
  const lines = [
    `${options.file}: ${report.format}, ${report.encoding}, producer ${report.producerId}`,
    `rows: ${report.rows.total} total, ${report.rows.accepted} accepted, ${report.rows.rejected} rejected`,
  ];
  for (const [channel, preview] of Object.entries(report.channels)) {
    const counts = spool.counts(channel);
    lines.push(
      `${channel}: ${counts.accepted} accepted, ${counts.rejectedSkus} rejected, ${counts.warnings} warnings -> ${preview.documents.map((path) => join(options.outDir, path)).join(', ')}`,
    );
    for (const finding of counts.rejected) {
      lines.push(
        `  ${finding.sku.padEnd(18)} ${finding.field.padEnd(22)} ${finding.code}  ${finding.message}`,
      );
    }
  }
  lines.push(`report: ${join(options.outDir, 'report.json')}`);
  return `${lines.join('\n')}\n`;
}
