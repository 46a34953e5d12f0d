/**
 * JSON: an array of products, or an object whose `products` member is one. The text is scanned as
 * it streams (json-scanner.ts), each product parsed with JSON.parse as soon as it closes and
 * handed on, so memory holds one product (bounded by maxRecordChars) and the row limit stops the
 * reading as soon as it is passed. Nested objects become dotted keys so a file in the canonical
 * shape ("names": {"zh-CN": ...}) maps straight onto the canonical fields.
 */
import { CatalogueFileError } from '../codes.ts';
import { type ByteSource, chunksOf } from './byte-source.ts';
import { decodeText } from './encoding.ts';
import { type JsonCatalogueHandlers, JsonCatalogueScanner } from './json-scanner.ts';
import {
  type CatalogueSource,
  DEFAULT_READER_LIMITS,
  type DocumentField,
  type RawRecord,
  type RawValue,
  type ReaderLimits,
} from './raw-record.ts';

export interface JsonReaderOptions {
  limits?: Partial<ReaderLimits>;
  /** Which top-level members (besides "products") to keep as document fields (a producer claim). */
  documentFields?: (name: string) => boolean;
  /** The top-level members whose array holds the records: "products" unless told (a tour catalogue's "tours"). */
  itemMembers?: readonly string[];
}

type JsonObject = { [key: string]: unknown };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean | null {
  return (
    value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
  );
}

function setField(fields: Map<string, RawValue>, key: string, value: RawValue, item: number): void {
  if (fields.has(key)) {
    throw new CatalogueFileError(
      'HEADER_DUPLICATE_COLUMN',
      `Product ${item} has ${JSON.stringify(key)} twice, once as a dotted key and once nested; keep one.`,
    );
  }
  fields.set(key, value);
}

/**
 * Nested objects become dotted keys ("origin.district"); an array of plain values stays one
 * value; any other array is flattened by position ("certifications.0.code"), the form the
 * header mapping reads back into a list. Keys come from Object.entries, so "__proto__" is data.
 * Recursion is bounded by maxDepth, which the scan enforced.
 */
function flatten(fields: Map<string, RawValue>, key: string, value: unknown, item: number): void {
  if (isScalar(value)) {
    setField(fields, key, value, item);
    return;
  }
  if (Array.isArray(value)) {
    if (value.every(isScalar)) {
      setField(fields, key, value, item);
      return;
    }
    value.forEach((element: unknown, index) => {
      flatten(fields, `${key}.${index}`, element, item);
    });
    return;
  }
  if (isObject(value)) {
    for (const [name, member] of Object.entries(value)) flatten(fields, `${key}.${name}`, member, item);
  }
}

function parseKept(text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // The scan accepts exactly JSON, so this is a safety net rather than a path.
    throw new CatalogueFileError(
      'JSON_MALFORMED',
      `Line ${line} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
      line,
    );
  }
}

/** Turns each product's text into a record, and kept members into document fields. */
class JsonRecords implements JsonCatalogueHandlers {
  readonly ready: RawRecord[] = [];
  readonly documentFields: DocumentField[] = [];

  product(text: string, index: number, line: number): void {
    const value = parseKept(text, line);
    const fields = new Map<string, RawValue>();
    if (isObject(value))
      for (const [key, member] of Object.entries(value)) flatten(fields, key, member, index);
    this.ready.push({ row: index, fields });
  }

  member(name: string, text: string, line: number): void {
    const fields = new Map<string, RawValue>();
    flatten(fields, name, parseKept(text, line), 0);
    for (const [field, value] of fields) this.documentFields.push({ name: field, value, line });
  }
}

async function* jsonRecords(
  text: AsyncIterable<string>,
  scanner: JsonCatalogueScanner,
  records: JsonRecords,
): AsyncGenerator<RawRecord> {
  for await (const chunk of text) {
    scanner.feed(chunk);
    if (records.ready.length > 0) yield* records.ready.splice(0);
  }
  scanner.end();
  if (records.ready.length > 0) yield* records.ready.splice(0);
}

export async function readJson(input: ByteSource, options: JsonReaderOptions = {}): Promise<CatalogueSource> {
  const limits: ReaderLimits = { ...DEFAULT_READER_LIMITS, ...options.limits };
  const decoded = decodeText(chunksOf(input));
  const records = new JsonRecords();
  const scanner = new JsonCatalogueScanner(
    limits,
    options.documentFields ?? (() => false),
    records,
    new Set(options.itemMembers ?? ['products']),
  );
  return {
    format: 'json',
    get encoding() {
      return decoded.encoding;
    },
    records: jsonRecords(decoded.text, scanner, records),
    documentFields: () => records.documentFields,
  };
}
