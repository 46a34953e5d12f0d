import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One entry of test/fixtures/bad-inputs/manifest.json (written by scripts/make-bad-inputs.ts). */
export interface BadInputCase {
  file: string;
  /** What the case proves, for the test's name. */
  about: string;
  /** The file-level code, or null when the file is read and its rows carry the errors. */
  code: string | null;
  /** The CLI's exit code: 2 refused, 0 read (even with rejected rows). */
  exit: 0 | 2;
  /** Row-level cases: the codes the rejected rows carry, one list per rejected row, in row order. */
  rows?: { row: number; codes: string[] }[];
  /** Row-level cases: rows accepted. */
  accepted?: number;
}

export const BAD_INPUTS_DIR = new URL('../fixtures/bad-inputs/', import.meta.url).pathname;
/** The producer every corpus file is uploaded as (forged-producer.csv names another one in a row). */
export const BAD_INPUT_PRODUCER = 'bad-input-producer';

export function loadBadInputs(): BadInputCase[] {
  return JSON.parse(readFileSync(join(BAD_INPUTS_DIR, 'manifest.json'), 'utf8')) as BadInputCase[];
}

/** The `?format=` a client would send for the file's extension; none lets the reader sniff. */
export function formatQuery(file: string): string {
  const extension = file.slice(file.lastIndexOf('.') + 1);
  return ['csv', 'tsv', 'xlsx', 'json', 'xml'].includes(extension) ? `format=${extension}` : '';
}

/** Row codes grouped by row, in row order, as the manifest states them. */
export function rowCodes(
  errors: readonly { row: number | null; code: string }[],
): { row: number; codes: string[] }[] {
  const byRow = new Map<number, string[]>();
  for (const error of errors) {
    if (error.row === null) continue;
    const codes = byRow.get(error.row) ?? [];
    codes.push(error.code);
    byRow.set(error.row, codes);
  }
  return [...byRow.entries()].sort(([a], [b]) => a - b).map(([row, codes]) => ({ row, codes }));
}

/** Runs `work` over `items` with at most `limit` at once, keeping the order of the results. */
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}
