/**
 * The zip container of an XLSX workbook, read from the bytes in memory through its central
 * directory (ZIP64 too). Entries are found by name and inflated one at a time, on demand, so
 * media, drawings and every other part the reader does not need are never inflated. Before an
 * entry is inflated its declared size is checked against the limits; while it inflates, what
 * comes out is counted against the same limits, so an archive whose directory lies is stopped
 * as soon as it passes them. Nothing is written to disk.
 */
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { CatalogueFileError } from '../codes.ts';
import { describeBytes } from './chunk-stream.ts';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface InflateLimits {
  /** Most bytes inflated from the archive, over every entry read. */
  maxInflatedBytes: number;
  /** Most bytes an entry may inflate to per compressed byte, once past RATIO_FLOOR_BYTES. */
  maxCompressionRatio: number;
}

/** Below this, a part's compression ratio says nothing (a few KiB of repeated tags compress 200x). */
const RATIO_FLOOR_BYTES = 1024 * 1024;
/** Far above any workbook (a sheet is three parts, an image one): a directory this long is refused unread. */
const MAX_ENTRIES = 100_000;
const END_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_END_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const INFLATE_CHUNK = 64 * 1024;

function damaged(reason: string): CatalogueFileError {
  return new CatalogueFileError('XLSX_UNREADABLE', `The workbook cannot be read: ${reason}.`);
}

function tooLarge(message: string): CatalogueFileError {
  return new CatalogueFileError('XLSX_TOO_LARGE', message);
}

/** A 64-bit field, refused past what a Number holds exactly (no workbook comes near). */
function uint64(bytes: Buffer, offset: number): number {
  const value = bytes.readBigUInt64LE(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw damaged('a ZIP64 size is out of range');
  return Number(value);
}

/** Names compare as OPC part names do: without case, with "/" separators and no leading "/". */
function partKey(name: string): string {
  return name.replaceAll('\\', '/').replace(/^\/+/u, '').toLowerCase();
}

interface Directory {
  offset: number;
  size: number;
  entries: number;
}

function findDirectory(bytes: Buffer): Directory {
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let offset = bytes.length - 22; offset >= lowest; offset -= 1) {
    if (bytes.readUInt32LE(offset) === END_SIGNATURE) {
      end = offset;
      break;
    }
  }
  if (end === -1) throw damaged('it is damaged or truncated (its zip directory is missing)');
  const directory: Directory = {
    entries: bytes.readUInt16LE(end + 10),
    size: bytes.readUInt32LE(end + 12),
    offset: bytes.readUInt32LE(end + 16),
  };
  const zip64 =
    directory.entries === 0xffff || directory.size === 0xffffffff || directory.offset === 0xffffffff;
  if (!zip64) {
    if (bytes.readUInt16LE(end + 4) !== 0 || bytes.readUInt16LE(end + 6) !== 0) {
      throw damaged('it is a zip split over several files');
    }
    return directory;
  }
  const locator = end - 20;
  if (locator < 0 || bytes.readUInt32LE(locator) !== ZIP64_LOCATOR_SIGNATURE) {
    throw damaged('its ZIP64 directory is missing');
  }
  const record = uint64(bytes, locator + 8);
  if (record + 56 > bytes.length || bytes.readUInt32LE(record) !== ZIP64_END_SIGNATURE) {
    throw damaged('its ZIP64 directory is missing');
  }
  return {
    entries: uint64(bytes, record + 32),
    size: uint64(bytes, record + 40),
    offset: uint64(bytes, record + 48),
  };
}

/** Applies a ZIP64 extended-information field to the values its header left at their maximum. */
function applyZip64(bytes: Buffer, extraStart: number, extraEnd: number, entry: ZipEntry): void {
  let offset = extraStart;
  while (offset + 4 <= extraEnd) {
    const id = bytes.readUInt16LE(offset);
    const size = bytes.readUInt16LE(offset + 2);
    if (id === 0x0001) {
      let field = offset + 4;
      const next = (): number => {
        if (field + 8 > offset + 4 + size) throw damaged('a ZIP64 field is too short');
        const value = uint64(bytes, field);
        field += 8;
        return value;
      };
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      return;
    }
    offset += 4 + size;
  }
}

function readEntries(bytes: Buffer, directory: Directory): Map<string, ZipEntry> {
  if (directory.entries > MAX_ENTRIES) {
    throw tooLarge(
      `The workbook holds ${directory.entries} parts; a workbook may hold at most ${MAX_ENTRIES}.`,
    );
  }
  const end = directory.offset + directory.size;
  if (end > bytes.length) throw damaged('it is damaged or truncated (its zip directory is cut off)');
  const entries = new Map<string, ZipEntry>();
  let offset = directory.offset;
  for (let index = 0; index < directory.entries; index += 1) {
    if (offset + 46 > end || bytes.readUInt32LE(offset) !== CENTRAL_SIGNATURE) {
      throw damaged('its zip directory is damaged');
    }
    const flags = bytes.readUInt16LE(offset + 8);
    const nameLength = bytes.readUInt16LE(offset + 28);
    const extraLength = bytes.readUInt16LE(offset + 30);
    const commentLength = bytes.readUInt16LE(offset + 32);
    const nameEnd = offset + 46 + nameLength;
    if (nameEnd + extraLength + commentLength > end) throw damaged('its zip directory is damaged');
    const entry: ZipEntry = {
      // Bit 11: UTF-8 names; others are CP437, which part names (ASCII) never differ in.
      name: bytes.toString((flags & 0x0800) === 0 ? 'latin1' : 'utf8', offset + 46, nameEnd),
      method: bytes.readUInt16LE(offset + 10),
      flags,
      compressedSize: bytes.readUInt32LE(offset + 20),
      uncompressedSize: bytes.readUInt32LE(offset + 24),
      localHeaderOffset: bytes.readUInt32LE(offset + 42),
    };
    applyZip64(bytes, nameEnd, nameEnd + extraLength, entry);
    const key = partKey(entry.name);
    // Two parts of one name: which one a program reads differs (first or last), so what we read
    // might not be what Excel showed the producer. No program that writes workbooks does this.
    if (entries.has(key))
      throw damaged(`it holds two parts named ${JSON.stringify(entry.name.slice(0, 80))}`);
    entries.set(key, entry);
    offset = nameEnd + extraLength + commentLength;
  }
  return entries;
}

export class ZipArchive {
  /** Bytes inflated so far, over every entry, each entry counted once however often it is read. */
  private inflatedBytes = 0;
  /**
   * The most each entry has produced in one read. A reader may read a part twice (a sheet's
   * merged cells come after its rows, so they are looked for first); the limit bounds how much a
   * workbook inflates to, which a second read of the same bytes does not change.
   */
  private readonly countedOf = new Map<string, number>();

  private constructor(
    private readonly bytes: Buffer,
    private readonly entries: ReadonlyMap<string, ZipEntry>,
    private readonly limits: InflateLimits,
  ) {}

  static open(bytes: Buffer, limits: InflateLimits): ZipArchive {
    return new ZipArchive(bytes, readEntries(bytes, findDirectory(bytes)), limits);
  }

  find(name: string): ZipEntry | null {
    return this.entries.get(partKey(name)) ?? null;
  }

  /**
   * The entry's content, inflated as it is read. `label` names the part for messages ("sheet
   * \"Catalogue\""); `maxPartBytes` bounds this entry alone (a part the reader holds in memory).
   * Stopping early (a consumer that breaks) releases the inflater.
   */
  async *inflate(
    entry: ZipEntry,
    label: string,
    maxPartBytes = Number.POSITIVE_INFINITY,
  ): AsyncGenerator<Buffer> {
    const data = this.dataOf(entry);
    this.checkDeclared(entry, label, maxPartBytes);
    let produced = 0;
    /** `consumed`: compressed bytes inflated so far, so a bomb is caught at its first megabytes. */
    const count = (chunk: Buffer, consumed: number): void => {
      produced += chunk.length;
      const counted = this.countedOf.get(entry.name) ?? 0;
      if (produced > counted) {
        this.inflatedBytes += produced - counted;
        this.countedOf.set(entry.name, produced);
      }
      if (produced > maxPartBytes) throw tooLarge(this.partMessage(label, 'inflates past', maxPartBytes));
      this.checkInflated(entry, label, produced, consumed);
    };
    if (entry.method === 0) {
      for (let start = 0; start < data.length; start += INFLATE_CHUNK) {
        const chunk = data.subarray(start, start + INFLATE_CHUNK);
        count(chunk, start + chunk.length);
        yield chunk;
      }
    } else {
      yield* this.inflateDeflated(data, label, count);
    }
    if (produced !== entry.uncompressedSize) {
      throw damaged(
        `${label} inflates to ${produced} bytes where its zip directory says ${entry.uncompressedSize}`,
      );
    }
  }

  private async *inflateDeflated(
    data: Buffer,
    label: string,
    count: (chunk: Buffer, consumed: number) => void,
  ): AsyncGenerator<Buffer> {
    const inflater = createInflateRaw({ chunkSize: INFLATE_CHUNK });
    const input = Readable.from(
      (function* () {
        for (let start = 0; start < data.length; start += INFLATE_CHUNK)
          yield data.subarray(start, start + INFLATE_CHUNK);
      })(),
    );
    input.pipe(inflater);
    try {
      for await (const chunk of inflater) {
        const bytes = chunk as Buffer;
        count(bytes, inflater.bytesWritten);
        yield bytes;
      }
    } catch (error) {
      if (error instanceof CatalogueFileError) throw error;
      throw damaged(
        `${label} is not valid deflate data (${error instanceof Error ? error.message : String(error)})`,
      );
    } finally {
      input.unpipe(inflater);
      input.destroy();
      inflater.destroy();
    }
  }

  private dataOf(entry: ZipEntry): Buffer {
    if ((entry.flags & 0x0001) !== 0) {
      throw new CatalogueFileError(
        'XLSX_UNREADABLE',
        'The workbook is encrypted; save it again as an unprotected .xlsx workbook.',
      );
    }
    if (entry.method !== 0 && entry.method !== 8) {
      throw damaged(`${entry.name} is compressed with a method other than deflate (method ${entry.method})`);
    }
    const local = entry.localHeaderOffset;
    if (local + 30 > this.bytes.length || this.bytes.readUInt32LE(local) !== LOCAL_SIGNATURE) {
      throw damaged(`${entry.name} is missing from the archive`);
    }
    const start = local + 30 + this.bytes.readUInt16LE(local + 26) + this.bytes.readUInt16LE(local + 28);
    const end = start + entry.compressedSize;
    if (end > this.bytes.length) throw damaged(`${entry.name} is cut off: the file is truncated`);
    return this.bytes.subarray(start, end);
  }

  private checkDeclared(entry: ZipEntry, label: string, maxPartBytes: number): void {
    const { maxInflatedBytes, maxCompressionRatio } = this.limits;
    if (entry.uncompressedSize > maxPartBytes) {
      throw tooLarge(
        this.partMessage(
          label,
          `would inflate to ${describeBytes(entry.uncompressedSize)}, past`,
          maxPartBytes,
        ),
      );
    }
    const already = this.countedOf.get(entry.name) ?? 0;
    if (this.inflatedBytes - already + entry.uncompressedSize > maxInflatedBytes) {
      throw tooLarge(
        `The workbook's ${label} would inflate to ${describeBytes(entry.uncompressedSize)}, which takes the parts read past the limit of ${describeBytes(maxInflatedBytes)} for one workbook; split the catalogue into smaller files.`,
      );
    }
    if (
      entry.uncompressedSize > RATIO_FLOOR_BYTES &&
      entry.uncompressedSize > maxCompressionRatio * entry.compressedSize
    ) {
      throw tooLarge(this.ratioMessage(label, entry.uncompressedSize, entry.compressedSize));
    }
  }

  private checkInflated(entry: ZipEntry, label: string, produced: number, consumed: number): void {
    const { maxInflatedBytes, maxCompressionRatio } = this.limits;
    if (this.inflatedBytes > maxInflatedBytes) {
      throw tooLarge(
        `The workbook's ${label} inflates past the limit of ${describeBytes(maxInflatedBytes)} for one workbook (its zip directory said ${describeBytes(entry.uncompressedSize)}); split the catalogue into smaller files.`,
      );
    }
    if (produced > RATIO_FLOOR_BYTES && produced > maxCompressionRatio * consumed) {
      throw tooLarge(this.ratioMessage(label, produced, consumed));
    }
  }

  private partMessage(label: string, what: string, maxPartBytes: number): string {
    return `The workbook's ${label} ${what} the ${describeBytes(maxPartBytes)} a part read into memory may take; split the catalogue into smaller files.`;
  }

  private ratioMessage(label: string, inflated: number, compressed: number): string {
    return `The workbook's ${label} inflates to more than ${this.limits.maxCompressionRatio} times its compressed size (${describeBytes(inflated)} from ${describeBytes(compressed)}); real spreadsheets compress far less, so it is refused as a zip bomb.`;
  }
}
