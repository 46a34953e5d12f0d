/** Builds reader inputs from text and reads records back in a shape `toEqual` can compare. */
import { expect } from 'vitest';
import { CatalogueFileError, type FileErrorCode } from '../../../../functions/core/catalogue/codes.ts';
import type {
  CatalogueSource,
  RawRecord,
  RawValue,
} from '../../../../functions/core/catalogue/readers/raw-record.ts';

export interface PlainRecord {
  row: number;
  fields: [string, RawValue][];
  extraCells?: number;
  missingCells?: number;
}

export function plain(record: RawRecord): PlainRecord {
  return { ...record, fields: [...record.fields] };
}

export async function collect(source: CatalogueSource): Promise<RawRecord[]> {
  const records: RawRecord[] = [];
  for await (const record of source.records) records.push(record);
  return records;
}

export async function plainRecords(source: CatalogueSource): Promise<PlainRecord[]> {
  return (await collect(source)).map(plain);
}

/** Opens and reads a whole catalogue; the code and line of the CatalogueFileError it throws. */
export async function failureOf(
  run: () => Promise<unknown>,
): Promise<{ code: FileErrorCode; line: number | null; message: string }> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogueFileError);
    if (error instanceof CatalogueFileError)
      return { code: error.code, line: error.line, message: error.message };
  }
  throw new Error('expected a CatalogueFileError');
}

export async function readFully(open: Promise<CatalogueSource>): Promise<RawRecord[]> {
  return collect(await open);
}

export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

export function utf8Bom(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(text)]);
}

export function utf16le(text: string, bom = true): Buffer {
  const body = Buffer.from(text, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body;
}

export function utf16be(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
}

/** Windows-1252 for text within Latin-1's printable range, where the two agree. */
export function windows1252(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

/** Text as Excel for Mac's "CSV (Macintosh)" writes it: Mac Roman, one byte a character. */
export function macRoman(text: string): Buffer {
  const decoder = new TextDecoder('macintosh');
  const byteOf = new Map<string, number>();
  for (let byte = 0; byte < 256; byte += 1) byteOf.set(decoder.decode(Uint8Array.of(byte)), byte);
  return Buffer.from(
    [...text].map((character) => {
      const byte = byteOf.get(character);
      if (byte === undefined) throw new RangeError(`${character} has no Mac Roman byte`);
      return byte;
    }),
  );
}

/** The bytes in chunks of `size`, so multi-byte characters and lines straddle chunk edges. */
export async function* inChunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}
