/**
 * JSON: an array of products, or an object whose `products` member is one. The whole file is
 * parsed at once (openCatalogue bounds its size); nested objects become dotted keys so a file in
 * the canonical shape ("names": {"zh-CN": ...}) maps straight onto the canonical fields.
 */
import { CatalogueFileError } from '../codes.ts';
import { type ByteSource, chunksOf } from './byte-source.ts';
import { lineAt, readAllText } from './chunk-stream.ts';
import { decodeText } from './encoding.ts';
import {
  type CatalogueSource,
  DEFAULT_READER_LIMITS,
  type RawRecord,
  type RawValue,
  type ReaderLimits,
} from './raw-record.ts';

export interface JsonReaderOptions {
  limits?: Partial<ReaderLimits>;
}

export type JsonScan =
  | { kind: 'ok' }
  | { kind: 'malformed'; offset: number; reason: string }
  | { kind: 'too-deep'; offset: number };

type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'after' | 'end';

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON strings may not hold raw U+0000-U+001F, and this checks that.
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'] as const;

function skipWhitespace(text: string, from: number): number {
  let index = from;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) break;
    index += 1;
  }
  return index;
}

/** Where a string starting at `start` goes wrong (it did not match STRING). */
function stringErrorOffset(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === QUOTE || code < 0x20) return index;
    if (code === 0x5c) return index;
    index += 1;
  }
  return text.length;
}

/** End of the string starting at `start`, or a negative number: -(offset of the error) - 1. */
function scanString(text: string, start: number): number {
  STRING.lastIndex = start;
  if (STRING.exec(text) !== null) return STRING.lastIndex;
  return -stringErrorOffset(text, start) - 1;
}

/**
 * Checks syntax and nesting in one pass without recursion, so neither a 100,000-deep nesting nor
 * a syntax error reaches JSON.parse: the first is refused as too deep at the bracket that goes
 * past the limit, the second gets the offset JSON.parse's message does not always give.
 */
export function scanJson(text: string, maxDepth: number): JsonScan {
  const stack: number[] = [];
  let expect: Expect = 'value';
  let index = 0;
  const afterValue = (): Expect => (stack.length === 0 ? 'end' : 'after');
  const malformed = (offset: number, reason: string): JsonScan => ({ kind: 'malformed', offset, reason });
  for (;;) {
    index = skipWhitespace(text, index);
    if (index >= text.length) {
      return expect === 'end' ? { kind: 'ok' } : malformed(text.length, 'the file ends before the JSON does');
    }
    const code = text.charCodeAt(index);
    if (expect === 'end') return malformed(index, 'there is more text after the end of the JSON');
    if (expect === 'after') {
      const top = stack.at(-1);
      if (code === 0x2c) {
        expect = top === OPEN_OBJECT ? 'key' : 'value';
        index += 1;
      } else if (
        (code === CLOSE_ARRAY && top === OPEN_ARRAY) ||
        (code === CLOSE_OBJECT && top === OPEN_OBJECT)
      ) {
        stack.pop();
        expect = afterValue();
        index += 1;
      } else return malformed(index, top === OPEN_OBJECT ? 'expected "," or "}"' : 'expected "," or "]"');
      continue;
    }
    if (expect === 'key' || expect === 'key-or-close') {
      if (code === CLOSE_OBJECT && expect === 'key-or-close') {
        stack.pop();
        expect = afterValue();
        index += 1;
        continue;
      }
      if (code !== QUOTE) return malformed(index, 'expected a property name in double quotes');
      const end = scanString(text, index);
      if (end < 0) return malformed(-end - 1, 'a property name is not a valid string');
      index = skipWhitespace(text, end);
      if (text.charCodeAt(index) !== 0x3a) return malformed(index, 'expected ":" after a property name');
      expect = 'value';
      index += 1;
      continue;
    }
    // A value, or the end of an empty array.
    if (code === CLOSE_ARRAY && expect === 'value-or-close') {
      stack.pop();
      expect = afterValue();
      index += 1;
      continue;
    }
    if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      stack.push(code);
      if (stack.length > maxDepth) return { kind: 'too-deep', offset: index };
      expect = code === OPEN_OBJECT ? 'key-or-close' : 'value-or-close';
      index += 1;
      continue;
    }
    if (code === QUOTE) {
      const end = scanString(text, index);
      if (end < 0)
        return malformed(-end - 1, 'a string is not closed or holds an invalid character or escape');
      index = end;
      expect = afterValue();
      continue;
    }
    NUMBER.lastIndex = index;
    if (NUMBER.exec(text) !== null) {
      index = NUMBER.lastIndex;
      expect = afterValue();
      continue;
    }
    const literal = LITERALS.find((word) => text.startsWith(word, index));
    if (literal === undefined) return malformed(index, `unexpected ${JSON.stringify(text.charAt(index))}`);
    index += literal.length;
    expect = afterValue();
  }
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

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

function productsOf(root: unknown): unknown[] {
  if (Array.isArray(root)) return root;
  if (isObject(root)) {
    const products = Object.hasOwn(root, 'products') ? root.products : undefined;
    if (Array.isArray(products)) return products;
    throw new CatalogueFileError(
      'JSON_SHAPE',
      products === undefined
        ? 'The JSON object has no "products" member; expected an array of products or {"products": [...]}.'
        : `"products" is ${describe(products)}, not an array of products.`,
    );
  }
  throw new CatalogueFileError(
    'JSON_SHAPE',
    `The JSON is ${describe(root)}; expected an array of products or {"products": [...]}.`,
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

function recordOf(value: unknown, row: number): RawRecord {
  if (!isObject(value)) {
    throw new CatalogueFileError('JSON_SHAPE', `Product ${row} is ${describe(value)}, not an object.`);
  }
  const fields = new Map<string, RawValue>();
  for (const [key, member] of Object.entries(value)) flatten(fields, key, member, row);
  return { row, fields };
}

async function* jsonRecords(items: unknown[]): AsyncGenerator<RawRecord> {
  for (let index = 0; index < items.length; index += 1) {
    const item = items[index];
    // Let products already handed over be collected while later ones are parsed.
    items[index] = null;
    yield recordOf(item, index + 1);
  }
}

export async function readJson(input: ByteSource, options: JsonReaderOptions = {}): Promise<CatalogueSource> {
  const limits: ReaderLimits = { ...DEFAULT_READER_LIMITS, ...options.limits };
  const decoded = decodeText(chunksOf(input));
  const text = await readAllText(decoded.text);
  if (text.trim() === '') throw new CatalogueFileError('FILE_EMPTY', 'The file holds no JSON.');
  const scan = scanJson(text, limits.maxDepth);
  if (scan.kind === 'too-deep') {
    const line = lineAt(text, scan.offset);
    throw new CatalogueFileError(
      'JSON_TOO_DEEP',
      `Line ${line} nests objects or arrays more than ${limits.maxDepth} levels deep.`,
      line,
    );
  }
  if (scan.kind === 'malformed') {
    const line = lineAt(text, scan.offset);
    throw new CatalogueFileError('JSON_MALFORMED', `Line ${line} is not valid JSON: ${scan.reason}.`, line);
  }
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    // The scan accepts exactly JSON, so this is a safety net rather than a path.
    throw new CatalogueFileError(
      'JSON_MALFORMED',
      `The file is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return { format: 'json', encoding: decoded.encoding, records: jsonRecords(productsOf(root)) };
}
