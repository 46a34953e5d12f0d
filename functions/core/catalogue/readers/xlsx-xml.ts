/**
 * The XML parts of a workbook: decoded as they inflate, scanned with XmlPartScanner, and Excel's
 * own escape for characters XML cannot hold.
 */
import { TextDecoder } from 'node:util';
import { CatalogueFileError } from '../codes.ts';
import { bomOf } from './encoding.ts';
import { XmlPartError, type XmlPartHandlers, XmlPartScanner } from './xlsx-xml-scanner.ts';
import type { ZipArchive, ZipEntry } from './zip-archive.ts';

function unreadablePart(label: string, reason: string): CatalogueFileError {
  return new CatalogueFileError('XLSX_UNREADABLE', `The workbook cannot be read: ${label} ${reason}.`);
}

/** A part's text, decoded as it inflates (UTF-8, or UTF-16 with a BOM); `maxBytes` as for ZipArchive.inflate. */
export async function* partText(
  zip: ZipArchive,
  entry: ZipEntry,
  label: string,
  maxBytes?: number,
): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  try {
    for await (const chunk of zip.inflate(entry, label, maxBytes)) {
      decoder ??= new TextDecoder(bomOf(chunk)?.label ?? 'utf-8', { fatal: true });
      const text = decoder.decode(chunk, { stream: true });
      if (text !== '') yield text;
    }
    const tail = decoder?.decode() ?? '';
    if (tail !== '') yield tail;
  } catch (error) {
    if (error instanceof TypeError) throw unreadablePart(label, 'is not valid UTF-8 text');
    throw error;
  }
}

const IGNORE: XmlPartHandlers = { open() {}, close() {}, text() {} };

/**
 * Scans a part chunk by chunk and yields, after each chunk, what the handlers pushed to `ready`
 * meanwhile. When `done` says the rest is not needed, it stops reading `text` (which stops the
 * inflating). XML errors become XLSX_UNREADABLE naming the part.
 */
export async function* scanPart<T>(
  text: AsyncIterable<string>,
  label: string,
  handlers: Partial<XmlPartHandlers>,
  ready: T[] = [],
  done: () => boolean = () => false,
): AsyncGenerator<T> {
  const scanner = new XmlPartScanner({ ...IGNORE, ...handlers });
  try {
    for await (const chunk of text) {
      scanner.write(chunk);
      if (ready.length > 0) yield* ready.splice(0);
      if (done()) return;
    }
    scanner.end();
  } catch (error) {
    if (error instanceof XmlPartError)
      throw unreadablePart(label, `is not well-formed XML (${error.message})`);
    throw error;
  }
  if (ready.length > 0) yield* ready.splice(0);
}

/** Scans a whole part for what its handlers collect. */
export async function parsePart(
  text: AsyncIterable<string>,
  label: string,
  handlers: Partial<XmlPartHandlers>,
): Promise<void> {
  for await (const _ of scanPart<never>(text, label, handlers)) {
    // the handlers collect what they need
  }
}

/** An element or attribute name without its namespace prefix ("x:row" is "row"). */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/** Excel escapes characters XML cannot hold as _xHHHH_ (a literal "_x" as _x005F_x). */
const EXCEL_ESCAPE = /_x([0-9A-Fa-f]{4})_/gu;

export function unescapeExcelText(text: string): string {
  return text.includes('_x')
    ? text.replace(EXCEL_ESCAPE, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : text;
}

/**
 * A string that shares no memory with the (much longer) string it may have been sliced from:
 * V8 flattens the concatenation into a new string before slicing it, so a shared string held for
 * the whole read does not keep the 16 KiB of XML it was cut from alive.
 */
export function flatCopy(text: string): string {
  return ` ${text}`.slice(1);
}
