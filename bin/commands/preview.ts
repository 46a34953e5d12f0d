import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import fxRatesFile from '../../config/fx-rates.json' with { type: 'json' };
import { CatalogueFileError } from '../../functions/core/catalogue/codes.ts';
import { RWANDA_UTC_OFFSET_MINUTES } from '../../functions/core/catalogue/tour-model.ts';
import type { Channel } from '../../functions/core/channels/contract.ts';
import { CHANNEL_IDS, CHANNELS, getChannel } from '../../functions/core/channels/registry.ts';
import { dayNumber, instantAtOffset } from '../../functions/core/iso-dates.ts';
import { loadFxRates } from '../../functions/core/money.ts';
import {
  type ChannelPreview,
  type PreviewReport,
  previewCatalogue,
} from '../../functions/core/preview/preview-catalogue.ts';
import { cleanUpOnInterrupt } from '../../local/interrupt-cleanup.ts';
import { ChunkedOutput } from './chunked-output.ts';
import { UsageError } from './cli-errors.ts';
import { checkWritableFolder } from './folder-option.ts';
import { readProfileFile } from './profile-option.ts';
import { ReportSpool } from './report-spool.ts';
import { StagingFolder } from './staging-folder.ts';
import { type CatalogueFileOptions, checkCatalogueOptions } from './validate.ts';

/** Where a preview is staged before it is moved into --out; removed on every exit path. */
export const STAGING_PREFIX = '.feedbridge-preview-';

export interface PreviewOptions extends CatalogueFileOptions {
  outDir: string;
  /** The channels asked for; those taking what the file holds (products or tours) are previewed. */
  channels: Channel[];
  /** --today: preview as at the start of this day in Rwanda (tour calendars, shop-export sales). */
  today?: string;
  /** Set when --channels named them: a channel of the other kind is then said to be skipped. */
  channelsNamed?: true;
}

/** --today yyyy-mm-dd, a real date; the preview is then rendered as at 00:00 that day in Kigali. */
function checkTodayOption(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    dayNumber(raw);
    return raw;
  } catch {
    throw new UsageError(`--today must be a date written yyyy-mm-dd (got "${raw}")`);
  }
}

/** 00:00 in Rwanda on `today`, as an ISO instant: what --today renders the documents at. */
export function startOfRwandaDay(today: string): string {
  return new Date(Date.parse(instantAtOffset(dayNumber(today), 0, RWANDA_UTC_OFFSET_MINUTES))).toISOString();
}

export function checkPreviewOptions(
  positionals: string[],
  values: {
    producer?: string;
    out?: string;
    channels?: string;
    format?: string;
    sheet?: string;
    currency?: string;
    profile?: string;
    today?: string;
  },
): PreviewOptions {
  const base = checkCatalogueOptions(positionals, values);
  if (!values.out) throw new UsageError('missing --out <dir>');
  const today = checkTodayOption(values.today);
  const dated = today === undefined ? {} : { today };
  // Every channel by default: the file's kind (products or tours) decides which of them apply.
  if (!values.channels) return { ...base, ...dated, outDir: values.out, channels: [...CHANNELS] };
  const channels = values.channels.split(',').map((id) => {
    const channel = getChannel(id.trim());
    if (!channel) throw new UsageError(`unknown channel "${id}" (known: ${CHANNEL_IDS.join(', ')})`);
    return channel;
  });
  return { ...base, ...dated, outDir: values.out, channels, channelsNamed: true };
}

/** Moves a staged file into place; a copy only when --out is on another file system than its staging. */
async function moveInto(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EXDEV')) throw error;
    await copyFile(from, to);
  }
}

/**
 * A dry run: reads, transforms and validates for each channel, and writes the documents and
 * report.json under --out only. Everything is staged in a folder of its own, in the nearest
 * folder of --out that exists, and moved into place at the end: a refused file creates no
 * --out and leaves an earlier preview untouched, and the staging folder goes on every exit
 * path, SIGINT and SIGTERM included.
 */
export async function runPreview(options: PreviewOptions): Promise<number> {
  const info = await stat(options.file);
  if (!info.isFile()) throw new CatalogueFileError('FORMAT_UNKNOWN', `${options.file} is not a regular file`);
  const existing = await checkWritableFolder('--out', options.outDir);
  const staging = await StagingFolder.create(existing, STAGING_PREFIX);
  const removeStaging = () => staging.remove();
  const forgetStaging = cleanUpOnInterrupt(removeStaging);
  try {
    const { report, spool } = await stagePreview(options, staging);
    staging.checkActive(options.outDir);
    await mkdir(options.outDir, { recursive: true });
    // The documents of the channels that took the file's kind (the others were dropped unwritten).
    const written = Object.values(report.channels).flatMap((channel) => channel.documents);
    for (const path of [...written, 'report.json']) {
      staging.checkActive(path);
      await mkdir(dirname(join(options.outDir, path)), { recursive: true });
      await moveInto(join(staging.path, path), join(options.outDir, path));
    }
    const output = new ChunkedOutput(process.stdout);
    await writePreviewSummary(output, options, report, spool);
    await output.flush();
    return 0;
  } finally {
    forgetStaging();
    await removeStaging();
  }
}

/** Reads the file and writes every document and report.json into `staging`. */
async function stagePreview(
  options: PreviewOptions,
  staging: StagingFolder,
): Promise<{ report: PreviewReport; spool: ReportSpool }> {
  const profile = options.profilePath === undefined ? undefined : await readProfileFile(options.profilePath);
  // Outside the staging paths that are moved into --out: it is removed with the staging folder.
  const spool = await ReportSpool.create(join(staging.path, '.report-spool'));
  try {
    const report = await previewCatalogue(
      createReadStream(options.file),
      {
        producerId: options.producerId,
        fileName: options.file,
        ...(options.format ? { format: options.format } : {}),
        ...(options.sheet ? { sheet: options.sheet } : {}),
        ...(options.currency ? { currency: options.currency } : {}),
        ...(options.today ? { today: options.today } : {}),
        ...(profile === undefined ? {} : { profile }),
      },
      options.channels,
      loadFxRates(fxRatesFile),
      (path) => staging.openFile(path),
      options.today === undefined ? new Date().toISOString() : startOfRwandaDay(options.today),
      spool,
      profile === undefined ? undefined : (profile.rules ?? {}),
      options.today === undefined ? {} : { today: options.today },
    );
    await spool.writeReport(report, join(staging.path, 'report.json'));
    return { report, spool };
  } finally {
    await spool.close();
  }
}

async function writePreviewSummary(
  output: ChunkedOutput,
  options: PreviewOptions,
  report: PreviewReport,
  spool: ReportSpool,
): Promise<void> {
  await output.line(`${options.file}: ${report.format}, ${report.encoding}, producer ${report.producerId}`);
  await output.line(
    `rows: ${report.rows.total} total, ${report.rows.accepted} accepted, ${report.rows.rejected} rejected` +
      (report.offeringKind === 'tour' ? `; tour packages, departures as of ${report.today}` : ''),
  );
  const skipped = options.channelsNamed
    ? options.channels.filter((channel) => !(channel.id in report.channels))
    : [];
  for (const channel of skipped) {
    await output.line(
      `${channel.id}: skipped, it takes ${channel.takes}s and this file holds ${report.offeringKind}s`,
    );
  }
  for (const [channel, preview] of Object.entries(report.channels)) {
    const counts = spool.counts(channel);
    await output.line(
      `${channel}: ${counts.accepted} accepted, ${counts.rejectedSkus} rejected, ${counts.warnings} warnings -> ${preview.documents.map((path) => join(options.outDir, path)).join(', ')}`,
    );
    for (const finding of counts.rejected) {
      await output.line(
        `  ${finding.sku.padEnd(18)} ${finding.field.padEnd(22)} ${finding.code}  ${finding.message}`,
      );
    }
    const unprinted = counts.rejectedFindings - counts.rejected.length;
    if (unprinted > 0) await output.line(`  … ${unprinted} more rejections: see report.json`);
    await writeRuleEffects(output, preview.ruleEffects);
  }
  await output.line(`report: ${join(options.outDir, 'report.json')}`);
}

/** The short text of what the feed rules did on one channel; report.json has every item. */
const RULE_EFFECT_LINES = 20;

async function writeRuleEffects(
  output: ChunkedOutput,
  effects: ChannelPreview['ruleEffects'],
): Promise<void> {
  if (effects === undefined) return;
  await output.line(`  rules: ${effects.changed} changed, ${effects.excluded} excluded`);
  for (const effect of effects.items.slice(0, RULE_EFFECT_LINES)) {
    if (effect.excludedBy !== undefined) {
      await output.line(`  ${effect.sku.padEnd(18)} excluded by rule ${effect.excludedBy}`);
      continue;
    }
    for (const change of effect.changes) {
      await output.line(
        `  ${effect.sku.padEnd(18)} ${change.field.padEnd(22)} ${JSON.stringify(change.before)} -> ${JSON.stringify(change.after)} (rule ${change.rules.join(', ')})`,
      );
    }
  }
  if (effects.items.length > RULE_EFFECT_LINES) {
    await output.line(`  ... ${effects.items.length - RULE_EFFECT_LINES} more in report.json`);
  }
}
