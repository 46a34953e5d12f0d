import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { RowIssue } from '../../functions/core/catalogue/codes.ts';
import { CatalogueFileError } from '../../functions/core/catalogue/codes.ts';
import type { CurrencyCode } from '../../functions/core/catalogue/model.ts';
import { producerIdSchema } from '../../functions/core/catalogue/model.ts';
import type { Offering } from '../../functions/core/catalogue/offering.ts';
import type { ProducerProfile } from '../../functions/core/catalogue/producer-profile.ts';
import { type OfferingsSummary, readOfferings } from '../../functions/core/catalogue/read-offerings.ts';
import type { CatalogueFormat } from '../../functions/core/catalogue/readers/raw-record.ts';
import { cleanUpOnInterrupt } from '../../local/interrupt-cleanup.ts';
import { ChunkedOutput, writeJsonObject } from './chunked-output.ts';
import { UsageError } from './cli-errors.ts';
import { createSpoolFolder, ListSpool, type SpoolFolder } from './list-spool.ts';
import { checkCurrencyOption, readProfileFile } from './profile-option.ts';

export interface CatalogueFileOptions {
  file: string;
  producerId: string;
  format?: CatalogueFormat;
  sheet?: string;
  /** --profile: a producer profile (JSON), read before the file and applied to it. */
  profilePath?: string;
  /** --currency: the currency of prices that name none (wins over the profile's default). */
  currency?: CurrencyCode;
}

const FORMATS: readonly CatalogueFormat[] = ['csv', 'tsv', 'xlsx', 'json', 'xml'];
/** validate's temporary folder, in the system's: its lists while the file is read. */
const SPOOL_PREFIX = 'feedbridge-validate-';

export function checkCatalogueOptions(
  positionals: string[],
  values: { producer?: string; format?: string; sheet?: string; profile?: string; currency?: string },
): CatalogueFileOptions {
  const [file, ...extra] = positionals;
  if (!file) throw new UsageError('missing <file>');
  if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra.join(' ')}`);
  if (!values.producer) throw new UsageError('missing --producer <id>');
  if (!producerIdSchema.safeParse(values.producer).success) {
    throw new UsageError(
      `--producer must be lowercase letters, digits and dashes (got "${values.producer}")`,
    );
  }
  const format = values.format;
  if (format !== undefined && !FORMATS.includes(format as CatalogueFormat)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  }
  return {
    file,
    producerId: values.producer,
    ...(format ? { format: format as CatalogueFormat } : {}),
    ...(values.sheet ? { sheet: values.sheet } : {}),
    ...(values.profile === undefined ? {} : { profilePath: values.profile }),
    ...optional('currency', checkCurrencyOption(values.currency)),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** What --profile and --currency add to a reading: the profile checked, the currency as given. */
export async function profileReadOptions(
  options: Pick<CatalogueFileOptions, 'profilePath' | 'currency'>,
): Promise<{ profile?: ProducerProfile; currency?: CurrencyCode }> {
  return {
    ...optional(
      'profile',
      options.profilePath === undefined ? undefined : await readProfileFile(options.profilePath),
    ),
    ...optional('currency', options.currency),
  };
}

/** Reads a catalogue file (products or tours) from disk; a directory or missing file is refused before any parsing. */
export async function readCatalogueFile(
  options: CatalogueFileOptions,
  onOffering: (offering: Offering, row: number) => void | Promise<void>,
  onIssue?: (kind: 'error' | 'warning', issue: RowIssue) => Promise<void>,
): Promise<OfferingsSummary> {
  // The profile first: a refused --profile is the option's fault, whatever the file holds.
  const profiled = await profileReadOptions(options);
  const info = await stat(options.file);
  if (!info.isFile()) throw new CatalogueFileError('FORMAT_UNKNOWN', `${options.file} is not a regular file`);
  return readOfferings(
    createReadStream(options.file),
    {
      producerId: options.producerId,
      fileName: options.file,
      ...(options.format ? { format: options.format } : {}),
      ...(options.sheet ? { sheet: options.sheet } : {}),
      ...(onIssue === undefined ? {} : { onIssue }),
      ...profiled,
    },
    onOffering,
  );
}

/** What validate prints after its summary, spooled while the file is read (see ListSpool). */
interface ValidateLists {
  errors: ListSpool;
  warnings: ListSpool;
  products: ListSpool;
  tours: ListSpool;
}

async function createLists(folder: SpoolFolder, json: boolean): Promise<ValidateLists> {
  // --json: JSON entries joined by commas; text: the printed lines.
  const separator = json ? ',' : '\n';
  return {
    errors: await ListSpool.create(folder, 'errors', separator),
    warnings: await ListSpool.create(folder, 'warnings', separator),
    products: await ListSpool.create(folder, 'products', ','),
    tours: await ListSpool.create(folder, 'tours', ','),
  };
}

export async function runValidate(options: CatalogueFileOptions & { json: boolean }): Promise<number> {
  const folder = await createSpoolFolder(SPOOL_PREFIX);
  const forgetFolder = cleanUpOnInterrupt(() => folder.remove());
  try {
    const lists = await createLists(folder, options.json);
    let summary: OfferingsSummary;
    try {
      summary = await readCatalogueFile(
        options,
        // Only --json prints the offerings; text mode keeps none.
        options.json
          ? async (offering) => {
              if (offering.kind === 'tour') await lists.tours.add(JSON.stringify(offering.tour));
              else await lists.products.add(JSON.stringify(offering.product));
            }
          : () => undefined,
        async (kind, issue) => {
          const list = kind === 'error' ? lists.errors : lists.warnings;
          await list.add(options.json ? JSON.stringify(issue) : formatIssue(issue));
        },
      );
    } catch (error) {
      if (options.json && error instanceof CatalogueFileError) {
        process.stdout.write(
          `${JSON.stringify({ producerId: options.producerId, file: options.file, error: { code: error.code, message: error.message, line: error.line } })}\n`,
        );
      }
      throw error;
    }
    const output = new ChunkedOutput(process.stdout);
    if (options.json) await writeValidateJson(output, summary, lists);
    else await writeSummary(output, options.file, summary, lists);
    await output.flush();
    return 0;
  } finally {
    forgetFolder();
    await folder.remove();
  }
}

/** validate --json's one object; the lists are the spools, written where the arrays were. */
async function writeValidateJson(
  output: ChunkedOutput,
  summary: OfferingsSummary,
  lists: ValidateLists,
): Promise<void> {
  const { producerId, format, encoding, source, sheet, headerRow, rows, columns } = summary;
  await writeJsonObject(output, {
    producerId,
    format,
    encoding,
    rows,
    products: lists.products,
    errors: lists.errors,
    warnings: lists.warnings,
    source,
    ...(sheet === undefined ? {} : { sheet }),
    ...(headerRow === undefined ? {} : { headerRow }),
    columns,
    // Added with tour catalogues: what the file held, and its tour packages (products stays []).
    offeringKind: summary.offeringKind,
    tours: lists.tours,
  });
  await output.write('\n');
}

/** The summary and every finding, one line each, streamed: a file may have millions of them. */
async function writeSummary(
  output: ChunkedOutput,
  file: string,
  summary: OfferingsSummary,
  lists: ValidateLists,
): Promise<void> {
  const { rows } = summary;
  const where = [
    summary.source === 'table' ? null : `${summary.source} export`,
    summary.sheet === undefined ? null : `sheet ${JSON.stringify(summary.sheet)}`,
    summary.headerRow === undefined ? null : `header on line ${summary.headerRow}`,
  ].filter((part) => part !== null);
  await output.line(
    `${file}: ${summary.format}, ${summary.encoding}, producer ${summary.producerId}${where.length === 0 ? '' : `, ${where.join(', ')}`}`,
  );
  await output.line(
    `rows: ${rows.total} total, ${rows.accepted} accepted, ${rows.rejected} rejected, ${rows.skipped} skipped${summary.offeringKind === 'tour' ? '; tour packages' : ''}`,
  );
  await writeColumns(output, summary);
  for (const [title, list] of [
    ['errors:', lists.errors],
    ['warnings:', lists.warnings],
  ] as const) {
    if (list.count === 0) continue;
    await output.line(title);
    await list.copyTo(output);
    await output.write('\n');
  }
}

/** How each column was read, as a small table: what the producer checks first. */
async function writeColumns(output: ChunkedOutput, summary: OfferingsSummary): Promise<void> {
  if (summary.columns.length === 0) return;
  await output.line('columns:');
  const width = Math.min(
    32,
    summary.columns.reduce((widest, column) => Math.max(widest, column.header.length), 6),
  );
  for (const column of summary.columns) {
    const header = column.header.length > width ? `${column.header.slice(0, width - 1)}…` : column.header;
    const read =
      column.field === null
        ? column.via === null
          ? `(unknown${column.suggestions.length === 0 ? '' : `; closest: ${column.suggestions.join(', ')}`})`
          : `(${column.via})`
        : `${column.field} (${column.via ?? 'kept'})`;
    await output.line(`  ${header.padEnd(width)}  ${read}`);
  }
}

function formatIssue(issue: RowIssue): string {
  const row = issue.row === null ? 'file' : `row ${issue.row}`;
  const parts = [row.padEnd(8), (issue.sku ?? '-').padEnd(18), (issue.field ?? '-').padEnd(22), issue.code];
  return `  ${parts.join(' ')}  ${issue.message}`;
}
