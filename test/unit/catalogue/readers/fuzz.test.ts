/*
 * No input reaches an internal error: random and mutated bytes of the samples go through the whole
 * read (openCatalogue, then parseCatalogue, as the CLI and the ingest handler do), and the only
 * failure allowed is a CatalogueFileError. Seeded, so a failure names the seed and case that
 * reproduce it; FEEDBRIDGE_FUZZ_CASES sets how many cases each sample gets (default 120).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CatalogueFileError } from '../../../../functions/core/catalogue/codes.ts';
import { readCatalogue } from '../../../../functions/core/catalogue/read-catalogue.ts';
import type { CatalogueFormat } from '../../../../functions/core/catalogue/readers/raw-record.ts';
import { ZipArchive } from '../../../../functions/core/catalogue/readers/zip-archive.ts';
import { seededRandom } from '../../../support/seeded-random.ts';
import { zipArchive } from '../../../support/zip-writer.ts';

const SEED = Number(process.env.FEEDBRIDGE_SEED ?? 11);
const CASES = Number(process.env.FEEDBRIDGE_FUZZ_CASES ?? 120);
const SAMPLES = new URL('../../../../samples/', import.meta.url);
/** Bytes that mean something to some reader: brackets, quotes, escapes, separators, BOM and UTF-8 leads. */
const SPECIAL = Buffer.from('{}[]":,<>/&;\\\'=\n\r\t\0', 'latin1');
const HIGH = [0xc3, 0xa9, 0xe2, 0x80, 0xff, 0xfe, 0xef, 0xbb, 0xbf, 0x81];

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function randomByte(random: Random): number {
  const roll = random();
  if (roll < 0.4) return pick(random, [...SPECIAL]);
  if (roll < 0.6) return pick(random, HIGH);
  return Math.floor(random() * 256);
}

/** One mutation: flip, insert, delete, duplicate or truncate, at a random place. */
function mutate(bytes: Buffer, random: Random): Buffer {
  const at = Math.floor(random() * (bytes.length + 1));
  const length = 1 + Math.floor(random() * Math.min(64, bytes.length + 1));
  switch (Math.floor(random() * 5)) {
    case 0: {
      const copy = Buffer.from(bytes);
      for (let index = 0; index < length && at + index < copy.length; index += 1)
        copy[at + index] = randomByte(random);
      return copy;
    }
    case 1:
      return Buffer.concat([
        bytes.subarray(0, at),
        Buffer.from(Array.from({ length }, () => randomByte(random))),
        bytes.subarray(at),
      ]);
    case 2:
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + length)]);
    case 3:
      return Buffer.concat([
        bytes.subarray(0, at),
        bytes.subarray(Math.max(0, at - length), at),
        bytes.subarray(at),
      ]);
    default:
      return bytes.subarray(0, at);
  }
}

function mutations(bytes: Buffer, random: Random): Buffer {
  let mutated = bytes;
  const count = 1 + Math.floor(random() * 4);
  for (let index = 0; index < count; index += 1) mutated = mutate(mutated, random);
  return mutated;
}

/** An XLSX sample with its XML parts mutated and zipped again, so the mutations reach the XML. */
async function mutatedWorkbook(bytes: Buffer, random: Random): Promise<Buffer> {
  const zip = ZipArchive.open(bytes, { maxInflatedBytes: 64 * 1024 * 1024, maxCompressionRatio: 1000 });
  const entries = [];
  for (const name of ZIP_PARTS) {
    const entry = zip.find(name);
    if (entry === null) continue;
    const parts: Buffer[] = [];
    for await (const chunk of zip.inflate(entry, name)) parts.push(chunk);
    const content = Buffer.concat(parts);
    entries.push({ name, content: random() < 0.4 ? mutations(content, random) : content });
  }
  return zipArchive(entries);
}

const ZIP_PARTS = [
  '[Content_Types].xml',
  '_rels/.rels',
  'xl/workbook.xml',
  'xl/_rels/workbook.xml.rels',
  'xl/worksheets/sheet1.xml',
  'xl/worksheets/sheet2.xml',
  'xl/sharedStrings.xml',
  'xl/styles.xml',
];

interface Sample {
  file: string;
  bytes: Buffer;
  format?: CatalogueFormat;
}

/** The format a client would send for each sample (the .txt one is tab-separated). */
const FORMATS: Readonly<Record<string, CatalogueFormat>> = {
  csv: 'csv',
  txt: 'tsv',
  xlsx: 'xlsx',
  json: 'json',
  xml: 'xml',
};

const samples: Sample[] = readdirSync(SAMPLES)
  .filter((file) => file !== 'producers.json')
  .map((file) => {
    const format = FORMATS[file.slice(file.lastIndexOf('.') + 1)];
    return { file, bytes: readFileSync(new URL(file, SAMPLES)), ...(format ? { format } : {}) };
  });

/** The error a read ends with when it is not a CatalogueFileError; null otherwise. */
async function internalError(bytes: Buffer, format: CatalogueFormat | undefined): Promise<unknown> {
  try {
    await readCatalogue(
      bytes,
      { producerId: 'fuzz-producer', ...(format ? { format } : {}) },
      () => undefined,
    );
    return null;
  } catch (error) {
    return error instanceof CatalogueFileError ? null : error;
  }
}

describe('no input reaches an internal error', () => {
  it.each(samples.map((sample) => [sample.file, sample] as const))(
    'mutated bytes of %s end in a file code or a report, never in another error',
    async (file, sample) => {
      const random = seededRandom(SEED + file.length * 7919);
      const escaped: string[] = [];
      for (let index = 0; index < CASES; index += 1) {
        const workbook = file.endsWith('.xlsx') && index % 2 === 0;
        const bytes = workbook
          ? await mutatedWorkbook(sample.bytes, random)
          : mutations(sample.bytes, random);
        // Half the cases keep the format a client would send; the others let the reader sniff.
        const format = random() < 0.5 ? sample.format : undefined;
        const error = await internalError(bytes, format);
        if (error !== null) escaped.push(`seed ${SEED}, case ${index}: ${String(error).slice(0, 200)}`);
      }
      expect(escaped).toEqual([]);
    },
    60_000,
  );

  it('random bytes in every format end in a file code or a report', async () => {
    const random = seededRandom(SEED);
    const escaped: string[] = [];
    const formats: (CatalogueFormat | undefined)[] = [undefined, 'csv', 'tsv', 'xlsx', 'json', 'xml'];
    for (let index = 0; index < CASES * 2; index += 1) {
      const bytes = Buffer.from(
        Array.from({ length: Math.floor(random() * 2048) }, () => randomByte(random)),
      );
      const error = await internalError(bytes, pick(random, formats));
      if (error !== null) escaped.push(`seed ${SEED}, case ${index}: ${String(error).slice(0, 200)}`);
    }
    expect(escaped).toEqual([]);
  });
});
