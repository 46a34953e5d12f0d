import { createReadStream } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { CatalogueFileError, type RowIssue } from '../../functions/core/catalogue/codes.ts';
import type { Product } from '../../functions/core/catalogue/model.ts';
import { checkProducerProfile } from '../../functions/core/catalogue/producer-profile.ts';
import { type CatalogueSummary, readCatalogue } from '../../functions/core/catalogue/read-catalogue.ts';
import { CORPUS_DIR, type CorpusFixture } from './catalogue-corpus.ts';

/**
 * The day the corpus is read as of: its exports were made in January 2026, and scheduled sale
 * prices (WooCommerce sale dates, Google's sale_price_effective_date) are judged against it.
 */
export const CORPUS_TODAY = '2026-01-20';

/** The reader's outcome on one corpus fixture: a summary and products, or a refusal. */
export type CorpusRead =
  | { refused: null; summary: CatalogueSummary; products: Product[] }
  | { refused: { code: string; message: string } };

/** readCatalogue, or a reader with its contract (readOfferings, reading products). */
export type CorpusReader = (
  ...args: Parameters<typeof readCatalogue>
) => Promise<CatalogueSummary & { offeringKind?: string }>;

export async function readFixture(
  name: string,
  fixture: CorpusFixture,
  reader: CorpusReader = readCatalogue,
): Promise<CorpusRead> {
  const { options } = fixture;
  const profile = options.profile === undefined ? undefined : checkProducerProfile(options.profile);
  if (profile !== undefined && !profile.ok)
    throw new Error(`${name}: profile invalid: ${JSON.stringify(profile.problems)}`);
  const products: Product[] = [];
  try {
    const summary = await reader(
      createReadStream(new URL(`${name}/${fixture.file}`, CORPUS_DIR)),
      {
        producerId: options.producerId,
        fileName: fixture.file,
        ...(options.sheet === undefined ? {} : { sheet: options.sheet }),
        ...(options.currency === undefined ? {} : { currency: options.currency }),
        ...(profile === undefined ? {} : { profile: profile.profile }),
        today: CORPUS_TODAY,
      },
      (product) => {
        products.push(product);
      },
    );
    return { refused: null, summary, products };
  } catch (error) {
    if (error instanceof CatalogueFileError) return { refused: { code: error.code, message: error.message } };
    throw error;
  }
}

function multiset(items: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

function missingFrom(wanted: readonly string[], got: readonly string[]): string[] {
  const have = multiset(got);
  const missing: string[] = [];
  for (const item of wanted) {
    const left = have.get(item) ?? 0;
    if (left === 0) missing.push(item);
    else have.set(item, left - 1);
  }
  return missing;
}

const issueKey = (
  issue: Pick<RowIssue, 'row' | 'field' | 'code'> & { sku?: string | null },
  withSku: boolean,
) =>
  JSON.stringify(
    withSku ? [issue.row, issue.sku ?? null, issue.field, issue.code] : [issue.row, issue.field, issue.code],
  );

/** Every way the reader's outcome differs from the fixture's expectation (README's comparison rules). */
export function differences(fixture: CorpusFixture, read: CorpusRead): string[] {
  const expected = fixture.expect;
  if (expected.refused !== null) {
    if (read.refused === null) return [`expected refusal ${expected.refused.code}, but the file was read`];
    return read.refused.code === expected.refused.code
      ? []
      : [`refused with ${read.refused.code} (${read.refused.message}), expected ${expected.refused.code}`];
  }
  if (read.refused !== null) return [`refused with ${read.refused.code}: ${read.refused.message}`];
  const { summary, products } = read;
  const found: string[] = [];
  const same = (what: string, got: unknown, want: unknown) => {
    if (!isDeepStrictEqual(got, want))
      found.push(`${what}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  };
  same('source', summary.source, expected.source);
  same('format', summary.format, expected.format);
  same('encoding', summary.encoding, expected.encoding);
  if (expected.sheet !== undefined) same('sheet', summary.sheet, expected.sheet);
  if (expected.headerRow !== undefined) same('headerRow', summary.headerRow, expected.headerRow);
  same('rows', summary.rows, expected.rows);
  const gotErrors = summary.errors.map((issue) => issueKey(issue, true));
  const wantErrors = expected.errors.map((issue) => issueKey(issue, true));
  for (const missing of missingFrom(wantErrors, gotErrors)) found.push(`error missing: ${missing}`);
  for (const extra of missingFrom(gotErrors, wantErrors)) found.push(`error not expected: ${extra}`);
  const gotWarnings = summary.warnings.map((issue) => issueKey(issue, false));
  const wantWarnings = expected.warnings.map((issue) => issueKey(issue, false));
  for (const missing of missingFrom(wantWarnings, gotWarnings)) found.push(`warning missing: ${missing}`);
  if (expected.warningsMode === 'exact')
    for (const extra of missingFrom(gotWarnings, wantWarnings)) found.push(`warning not expected: ${extra}`);
  const bySku = new Map(products.map((product) => [product.sku, product]));
  same(
    'product SKUs',
    products.map((product) => product.sku),
    expected.products.map((product) => product.sku),
  );
  for (const want of expected.products) {
    const got = bySku.get(want.sku);
    if (got === undefined) continue;
    for (const key of new Set([...Object.keys(want), ...Object.keys(got)])) {
      same(
        `${want.sku}.${key}`,
        (got as Record<string, unknown>)[key],
        (want as Record<string, unknown>)[key],
      );
    }
  }
  for (const column of expected.columns) {
    const got = summary.columns.find((entry) => entry.header === column.header);
    if (got === undefined) {
      found.push(`column ${JSON.stringify(column.header)} not reported`);
      continue;
    }
    same(`column ${JSON.stringify(column.header)} field`, got.field, column.field);
    if (column.via !== undefined) same(`column ${JSON.stringify(column.header)} via`, got.via, column.via);
  }
  return found;
}
