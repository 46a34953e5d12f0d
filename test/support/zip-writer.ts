/**
 * Writes zip archives the way an archiver does (local headers, data, central directory, end
 * record), with knobs a real archiver never turns: sizes that lie, entries too large to hold in
 * memory (deflated from a generator of chunks), ZIP64 records, and bytes that are not deflate data.
 * Tests and scripts/make-bad-inputs.ts build XLSX bombs and damaged workbooks with it.
 */
import { Readable } from 'node:stream';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

/** An entry's content deflated ahead of time, to put the same large entry in several archives. */
export interface DeflatedContent {
  data: Buffer;
  crc: number;
  size: number;
}

export interface ZipEntryInput {
  name: string;
  /** The entry's bytes, chunks produced on demand for an entry too large to hold, or both already deflated. */
  content: Uint8Array | (() => Iterable<Uint8Array>) | DeflatedContent;
  /** 8 (deflate, the default) or 0 (stored). */
  method?: 0 | 8;
  /** Written instead of the real uncompressed size, in both headers: an archive that lies. */
  declaredSize?: number;
  /** Written as the entry's data instead of its compressed content (garbage the reader must never inflate). */
  rawData?: Uint8Array;
}

export interface ZipOptions {
  /** Writes ZIP64 sizes, offsets and end records even though nothing needs them (some writers do). */
  zip64?: boolean;
}

interface Packed {
  name: Buffer;
  method: number;
  data: Buffer;
  crc: number;
  size: number;
}

/** Deflates chunks as they are produced, never holding more than the compressed result. */
export async function deflateChunks(chunks: Iterable<Uint8Array>): Promise<DeflatedContent> {
  let crc = 0;
  let size = 0;
  const counted = function* (): Generator<Uint8Array> {
    for (const chunk of chunks) {
      crc = crc32(chunk, crc);
      size += chunk.byteLength;
      yield chunk;
    }
  };
  const deflater = Readable.from(counted(), { objectMode: false }).pipe(createDeflateRaw({ level: 6 }));
  const parts: Buffer[] = [];
  for await (const part of deflater) parts.push(part as Buffer);
  return { data: Buffer.concat(parts), crc, size };
}

async function pack(entry: ZipEntryInput): Promise<Packed> {
  const method = entry.method ?? 8;
  const name = Buffer.from(entry.name, 'utf8');
  const { content } = entry;
  if (typeof content === 'function' || !(content instanceof Uint8Array)) {
    if (method !== 8) throw new Error('generated entries are always deflated');
    const deflated = typeof content === 'function' ? await deflateChunks(content()) : content;
    return { name, method, ...deflated, data: entry.rawData ? Buffer.from(entry.rawData) : deflated.data };
  }
  const bytes = Buffer.from(content);
  const data = entry.rawData ? Buffer.from(entry.rawData) : method === 8 ? deflateRawSync(bytes) : bytes;
  return { name, method, data, crc: crc32(bytes), size: bytes.byteLength };
}

const MAX32 = 0xffffffff;

function zip64Extra(values: readonly number[]): Buffer {
  const extra = Buffer.alloc(4 + values.length * 8);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(values.length * 8, 2);
  values.forEach((value, index) => {
    extra.writeBigUInt64LE(BigInt(value), 4 + index * 8);
  });
  return extra;
}

/** The archive's bytes. */
export async function zipArchive(
  entries: readonly ZipEntryInput[],
  options: ZipOptions = {},
): Promise<Buffer> {
  const zip64 = options.zip64 === true;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const packed = await pack(entry);
    const size = entry.declaredSize ?? packed.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(zip64 ? 45 : 20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(packed.method, 8);
    local.writeUInt32LE(packed.crc >>> 0, 14);
    local.writeUInt32LE(zip64 ? MAX32 : packed.data.length, 18);
    local.writeUInt32LE(zip64 ? MAX32 : size, 22);
    local.writeUInt16LE(packed.name.length, 26);
    const localExtra = zip64 ? zip64Extra([size, packed.data.length]) : Buffer.alloc(0);
    local.writeUInt16LE(localExtra.length, 28);
    locals.push(local, packed.name, localExtra, packed.data);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(zip64 ? 45 : 20, 4);
    central.writeUInt16LE(zip64 ? 45 : 20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(packed.method, 10);
    central.writeUInt32LE(packed.crc >>> 0, 16);
    central.writeUInt32LE(zip64 ? MAX32 : packed.data.length, 20);
    central.writeUInt32LE(zip64 ? MAX32 : size, 24);
    central.writeUInt16LE(packed.name.length, 28);
    const centralExtra = zip64 ? zip64Extra([size, packed.data.length, offset]) : Buffer.alloc(0);
    central.writeUInt16LE(centralExtra.length, 30);
    central.writeUInt32LE(zip64 ? MAX32 : offset, 42);
    centrals.push(central, packed.name, centralExtra);
    offset += local.length + packed.name.length + localExtra.length + packed.data.length;
  }
  const directory = Buffer.concat(centrals);
  const tail: Buffer[] = [];
  if (zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(entries.length), 24);
    record.writeBigUInt64LE(BigInt(entries.length), 32);
    record.writeBigUInt64LE(BigInt(directory.length), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(zip64 ? 0xffff : entries.length, 8);
  end.writeUInt16LE(zip64 ? 0xffff : entries.length, 10);
  end.writeUInt32LE(zip64 ? MAX32 : directory.length, 12);
  end.writeUInt32LE(zip64 ? MAX32 : offset, 16);
  tail.push(end);
  return Buffer.concat([...locals, directory, ...tail]);
}
