/** Reads a shop export the way the pipeline does (its reader, then the export's rules) into plain events. */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { TypeHint } from '../../../../functions/core/catalogue/inference/infer-product-type.ts';
import {
  checkProducerProfile,
  ProfileLookup,
} from '../../../../functions/core/catalogue/producer-profile.ts';
import { readCsv } from '../../../../functions/core/catalogue/readers/csv-reader.ts';
import type { RawRecord, RawValue } from '../../../../functions/core/catalogue/readers/raw-record.ts';
import type {
  ShopExport,
  ShopFinding,
} from '../../../../functions/core/catalogue/shop-exports/shop-export.ts';

export type PlainEvent =
  | {
      kind: 'record';
      row: number;
      fields: Record<string, RawValue>;
      typeHints: TypeHint[];
      warnings: ShopFinding[];
    }
  | { kind: 'skip'; row: number; sku: string | null; code: string; message: string };

export function fixture(path: string): Buffer {
  return readFileSync(new URL(`../../../fixtures/shop-exports/${path}`, import.meta.url));
}

/** The records of a CSV or TSV fixture, as the CSV reader yields them. */
export async function csvRecords(path: string): Promise<RawRecord[]> {
  const source = await readCsv(fixture(path));
  const records: RawRecord[] = [];
  for await (const record of source.records) records.push(record);
  return records;
}

export function profileOf(document: unknown): ProfileLookup {
  const checked = checkProducerProfile(document);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return new ProfileLookup(checked.profile);
}

async function* stream(records: Iterable<RawRecord>): AsyncGenerator<RawRecord> {
  for (const record of records) yield record;
}

export async function readExport(
  system: ShopExport,
  records: Iterable<RawRecord>,
  profile: unknown = {},
  today = '2026-07-01',
): Promise<PlainEvent[]> {
  const events: PlainEvent[] = [];
  for await (const event of system.read(stream(records), { profile: profileOf(profile), today })) {
    if (event.kind === 'skip') events.push(event);
    else {
      expect(event.record.extraCells).toBeUndefined();
      expect(event.record.missingCells).toBeUndefined();
      events.push({
        kind: 'record',
        row: event.record.row,
        fields: Object.fromEntries(event.record.fields),
        typeHints: event.typeHints,
        warnings: event.warnings,
      });
    }
  }
  return events;
}

/** Records built by hand the way the readers build them: [key, value] pairs per row. */
export function rows(header: readonly string[], ...cells: RawValue[][]): RawRecord[] {
  return cells.map((row, index) => ({
    row: index + 2,
    fields: new Map(header.map((key, column): [string, RawValue] => [key, row[column] ?? ''])),
  }));
}
