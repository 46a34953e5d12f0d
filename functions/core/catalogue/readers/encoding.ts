/**
 * Text decoding for the text formats. Producers save catalogues from Excel on French or English
 * Windows, so besides UTF-8 (with or without BOM) and UTF-16 (Excel's "Unicode text"), a file that
 * is not valid UTF-8 is read as Windows-1252, the code page Excel writes "CSV" in there.
 *
 * The decision is made on the first 64 KiB and then the rest is decoded as it streams. A file
 * whose first 64 KiB are plain ASCII is not decided yet: English headers and a few hundred rows
 * without an accent say nothing, so the choice waits for the first non-ASCII byte. A file that
 * mixes the two is refused wherever the second one appears: UTF-8 fails strictly on a
 * Windows-1252 byte, and Windows-1252 text is watched for well-formed UTF-8 sequences, which
 * genuine Windows-1252 text does not hold.
 */
import { TextDecoder } from 'node:util';
import { CatalogueFileError } from '../codes.ts';
import { concatBytes, countNewlines } from './chunk-stream.ts';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'macintosh';

/** How much text decides the encoding. */
export const SNIFF_BYTES = 64 * 1024;

export interface DecodedText {
  /**
   * The encoding decided so far; final once `text` has been read to its end. Until a non-ASCII
   * byte is seen it is 'utf-8', since ASCII is valid UTF-8.
   */
  readonly encoding: TextEncoding;
  /** The text, BOM removed, in chunks. Throws CatalogueFileError for undecodable or binary data. */
  readonly text: AsyncIterable<string>;
}

interface Bom {
  encoding: TextEncoding;
  label: 'utf-8' | 'utf-16le' | 'utf-16be';
}

/**
 * A UTF-32 byte order mark (FF FE 00 00, 00 00 FE FF). No spreadsheet or shop saves catalogues
 * in UTF-32 and it is not read; without this the first one read as UTF-16LE text starting with
 * NUL and was refused as binary data, which sends the producer looking for the wrong problem.
 */
export function utf32BomOf(bytes: Uint8Array): 'UTF-32LE' | 'UTF-32BE' | null {
  const [first, second, third, fourth] = bytes;
  if (first === 0xff && second === 0xfe && third === 0 && fourth === 0) return 'UTF-32LE';
  if (first === 0 && second === 0 && third === 0xfe && fourth === 0xff) return 'UTF-32BE';
  return guessUtf32(bytes);
}

/**
 * UTF-32 without a BOM (what `iconv -t UTF-32LE` writes): text below U+10000 has three zero
 * bytes in every four, on the same side; in UTF-16 only every other byte is zero.
 */
function guessUtf32(bytes: Uint8Array): 'UTF-32LE' | 'UTF-32BE' | null {
  const groups = Math.min(bytes.length, 1024) >> 2;
  if (groups < 4) return null;
  let little = 0;
  let big = 0;
  for (let index = 0; index < groups * 4; index += 4) {
    const [a, b, c, d] = [bytes[index], bytes[index + 1], bytes[index + 2], bytes[index + 3]];
    if (b === 0 && c === 0 && d === 0 && a !== 0) little += 1;
    else if (a === 0 && b === 0 && c === 0 && d !== 0) big += 1;
  }
  if (little * 10 >= groups * 9) return 'UTF-32LE';
  if (big * 10 >= groups * 9) return 'UTF-32BE';
  return null;
}

/** The byte order mark at the start of `bytes`, if any (UTF-32's is refused first: utf32BomOf). */
export function bomOf(bytes: Uint8Array): Bom | null {
  const [first, second, third] = bytes;
  if (first === 0xef && second === 0xbb && third === 0xbf) return { encoding: 'utf-8-bom', label: 'utf-8' };
  if (first === 0xff && second === 0xfe) return { encoding: 'utf-16le', label: 'utf-16le' };
  if (first === 0xfe && second === 0xff) return { encoding: 'utf-16be', label: 'utf-16be' };
  return null;
}

/**
 * UTF-16 without a BOM, told by its NUL bytes: mostly-Latin text has a zero high byte in nearly
 * every code unit, always on the same side. Cheap and only looks at the first KiB.
 */
export function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.min(bytes.length, 1024) >> 1;
  if (pairs < 2) return null;
  let zeroHigh = 0;
  let zeroLow = 0;
  for (let index = 0; index < pairs; index += 1) {
    const even = bytes[index * 2];
    const odd = bytes[index * 2 + 1];
    if (even !== 0 && odd === 0) zeroHigh += 1;
    else if (even === 0 && odd !== 0) zeroLow += 1;
  }
  // A few code units like U+4E00 (00 4E in LE) have a zero low byte, hence the tolerance.
  if (zeroHigh >= pairs * 0.5 && zeroLow <= pairs * 0.1) return 'utf-16le';
  if (zeroLow >= pairs * 0.5 && zeroHigh <= pairs * 0.1) return 'utf-16be';
  return null;
}

// Bytes Windows-1252 leaves undefined; WHATWG decoders turn them into C1 controls.
const UNDEFINED_IN_1252 = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * Mac Roman's lowercase accented letters as French writes them (á à â ä ç é è ê ë ï ö ù û ü),
 * all in 0x87-0x9F, where Windows-1252 has symbols (ˆ Ž ‰ š ž Ÿ) or nothing. Excel for Mac's "CSV
 * (Macintosh)" writes this encoding. Left out: 0x92 (í, Windows' ’ in "don’t"), 0x93/0x94
 * (ì î, Windows' quotes), 0x99 (ô, Windows' ™ after a brand), 0x96/0x97 (ñ ó, Windows' dashes).
 */
const MAC_ROMAN_LETTERS = new Set([
  0x87, 0x88, 0x89, 0x8a, 0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x95, 0x9a, 0x9d, 0x9e, 0x9f,
]);

function isAsciiLetter(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a));
}

/**
 * Mac Roman rather than Windows-1252: in Mac Roman text its accented letters come right after
 * letters ("caf" then 0x8E), where Windows-1252's own accented letters (0xE0-0xFF, "café") are
 * absent or far fewer. Read as Windows-1252, "Référence" became "RŽfŽrence" and the header was
 * not recognised.
 */
function looksMacRoman(window: Uint8Array): boolean {
  let mac = 0;
  let windows = 0;
  for (let index = 1; index < window.length; index += 1) {
    const byte = window[index] ?? 0;
    if (byte < 0x80 || !isAsciiLetter(window[index - 1])) continue;
    if (MAC_ROMAN_LETTERS.has(byte)) mac += 1;
    else if (byte >= 0xe0) windows += 1;
  }
  return mac > 0 && mac > 2 * windows;
}

interface Utf8Evidence {
  /** Well-formed multi-byte sequences. */
  valid: number;
  /** Bytes that cannot start or continue a sequence where they stand. */
  invalid: number;
  firstInvalid: number;
  firstValid: number;
}

/** The range the byte after a lead byte must be in (RFC 3629: no overlong forms, no surrogates). */
function secondByteRange(lead: number): [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

/**
 * The length of the well-formed multi-byte UTF-8 sequence starting at `index`, 0 when the bytes
 * there do not form one, or -1 when the bytes end before the sequence could be told.
 */
function utf8SequenceAt(bytes: Uint8Array, index: number): number {
  const lead = bytes[index] ?? 0;
  const length =
    lead >= 0xc2 && lead <= 0xdf
      ? 2
      : lead >= 0xe0 && lead <= 0xef
        ? 3
        : lead >= 0xf0 && lead <= 0xf4
          ? 4
          : 0;
  if (length === 0) return 0;
  for (let offset = 1; offset < length; offset += 1) {
    const next = bytes[index + offset];
    if (next === undefined) return -1;
    const [low, high] = offset === 1 ? secondByteRange(lead) : [0x80, 0xbf];
    if (next < low || next > high) return 0;
  }
  return length;
}

function utf8Evidence(bytes: Uint8Array): Utf8Evidence {
  const evidence: Utf8Evidence = { valid: 0, invalid: 0, firstInvalid: -1, firstValid: -1 };
  let index = 0;
  while (index < bytes.length) {
    if ((bytes[index] ?? 0) < 0x80) {
      index += 1;
      continue;
    }
    const length = utf8SequenceAt(bytes, index);
    // A sequence cut by the end of the window is neither evidence for nor against.
    if (length === -1) return evidence;
    if (length > 0) {
      evidence.valid += 1;
      if (evidence.firstValid === -1) evidence.firstValid = index;
      index += length;
    } else {
      evidence.invalid += 1;
      if (evidence.firstInvalid === -1) evidence.firstInvalid = index;
      index += 1;
    }
  }
  return evidence;
}

/** Index of the first well-formed multi-byte UTF-8 sequence, or -1 (a sequence cut by the end does not count). */
function firstUtf8Sequence(bytes: Uint8Array): number {
  for (let index = 0; index < bytes.length; index += 1) {
    if ((bytes[index] ?? 0) >= 0xc2 && utf8SequenceAt(bytes, index) > 0) return index;
  }
  return -1;
}

function mixedWithUtf8(line: number, legacy = 'Windows-1252'): CatalogueFileError {
  return new CatalogueFileError(
    'ENCODING_UNREADABLE',
    `The file reads as ${legacy} but line ${line} holds UTF-8 text; it mixes two encodings. Save it again as "CSV UTF-8".`,
    line,
  );
}

function newlinesBefore(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let index = 0; index < end; index += 1) if (bytes[index] === 0x0a) count += 1;
  return count;
}

function isValidUtf8(bytes: Uint8Array, final: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !final });
    return true;
  } catch {
    return false;
  }
}

/**
 * UTF-8 or Windows-1252 for a window of bytes that holds non-ASCII text. `firstLine` is the line
 * the window starts on, for messages.
 */
export function chooseLegacyOrUtf8(
  window: Uint8Array,
  final: boolean,
  firstLine = 1,
): 'utf-8' | 'windows-1252' | 'macintosh' {
  if (isValidUtf8(window, final)) return 'utf-8';
  const evidence = utf8Evidence(window);
  if (evidence.valid > evidence.invalid) {
    // Mostly UTF-8 with a few stray bytes: two files pasted together, or a damaged one.
    // Reading it as Windows-1252 would garble every accent, so refuse it.
    const line = firstLine + newlinesBefore(window, evidence.firstInvalid);
    throw new CatalogueFileError(
      'ENCODING_UNREADABLE',
      `The file is mostly UTF-8 but line ${line} has bytes that are not; it mixes two encodings. Save it again as "CSV UTF-8".`,
      line,
    );
  }
  // Genuine Windows-1252 text never holds a well-formed UTF-8 sequence ("Ã©" is not French).
  // Bytes with NUL in them are binary, which the decoding refuses as such right after.
  if (evidence.valid > 0 && !window.includes(0)) {
    throw mixedWithUtf8(firstLine + newlinesBefore(window, evidence.firstValid));
  }
  if (looksMacRoman(window)) return 'macintosh';
  const undefinedAt = window.findIndex((byte) => UNDEFINED_IN_1252.has(byte));
  if (undefinedAt !== -1) {
    const line = firstLine + newlinesBefore(window, undefinedAt);
    throw new CatalogueFileError(
      'ENCODING_UNREADABLE',
      `Line ${line} has bytes that are text neither in UTF-8 nor in Windows-1252. Save the file as "CSV UTF-8".`,
      line,
    );
  }
  return 'windows-1252';
}

/** Fails on NUL and on text that is mostly control characters: binary data, not a catalogue. */
export function checkNotBinary(text: string, firstLine: number, sampleOnly: boolean): void {
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    const line = firstLine + countNewlines(text.slice(0, nul));
    throw new CatalogueFileError(
      'BINARY_CONTENT',
      `Line ${line} holds a NUL byte: this looks like binary data, not a text catalogue.`,
      line,
    );
  }
  if (!sampleOnly) return;
  let controls = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) controls += 1;
  }
  // A stray control character is a cell problem the row parser reports; many are a binary file.
  if (controls >= 8 && controls * 50 > text.length) {
    throw new CatalogueFileError(
      'BINARY_CONTENT',
      'The file is mostly control characters: this looks like binary data, not a text catalogue.',
    );
  }
}

/** Index of the first byte above 0x7F, or -1 for pure ASCII. */
function firstNonAscii(bytes: Uint8Array): number {
  for (let index = 0; index < bytes.length; index += 1) if ((bytes[index] ?? 0) >= 0x80) return index;
  return -1;
}

/** Bytes at the end of `bytes` that start a UTF-8 sequence the next chunk completes. */
function incompleteUtf8Tail(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, bytes.length); back += 1) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? bytes.subarray(bytes.length - back) : new Uint8Array(0);
  }
  return new Uint8Array(0);
}

function asciiText(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/**
 * Windows-1252's bytes 0x80-0x9F (WHATWG's table; the five it leaves unassigned stay C1 codes).
 * Every other byte is its own code point, as in ISO-8859-1.
 */
const WINDOWS_1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

interface Decoder {
  decode(bytes: Uint8Array, options?: { stream?: boolean }): string;
}

/**
 * Windows-1252 by table, not by TextDecoder: Node 20's TextDecoder('windows-1252') decodes 0x80-0x9F
 * as ISO-8859-1's C1 controls, so Excel's "€", "’" and "–" became control characters and their rows
 * were refused (CELL_CONTROL_CHARACTERS) on Node 20 only. A single-byte encoding needs no state.
 */
export const windows1252Decoder: Decoder = {
  decode(bytes: Uint8Array): string {
    return asciiText(bytes).replace(
      /[\u0080-\u009F]/gu,
      (control) => WINDOWS_1252_HIGH[control.charCodeAt(0) - 0x80] ?? control,
    );
  },
};

function decoderFor(encoding: TextEncoding, fatal: boolean): Decoder {
  return encoding === 'windows-1252'
    ? windows1252Decoder
    : new TextDecoder(DECODER_LABELS[encoding], { fatal });
}

const DECODER_LABELS: Record<TextEncoding, string> = {
  'utf-8': 'utf-8',
  'utf-8-bom': 'utf-8',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'windows-1252': 'windows-1252',
  macintosh: 'macintosh',
};

/** Streams `source` as text; see DecodedText for when `encoding` is final. */
export function decodeText(source: AsyncIterable<Uint8Array>): DecodedText {
  const state: { encoding: TextEncoding } = { encoding: 'utf-8' };
  return {
    get encoding() {
      return state.encoding;
    },
    text: decodeChunks(source, state),
  };
}

async function* decodeChunks(
  source: AsyncIterable<Uint8Array>,
  state: { encoding: TextEncoding },
): AsyncGenerator<string> {
  const iterator = source[Symbol.asyncIterator]();
  let exhausted = false;
  /** Lines already passed on, for messages about later chunks. */
  let lines = 0;
  const pull = async (): Promise<Uint8Array | null> => {
    if (exhausted) return null;
    const next = await iterator.next();
    if (next.done === true) {
      exhausted = true;
      return null;
    }
    return next.value;
  };
  /** At least SNIFF_BYTES from `first` on (fewer at the end of the source). */
  const readWindow = async (first: Uint8Array[]): Promise<Uint8Array> => {
    const chunks = [...first];
    let length = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
    while (length < SNIFF_BYTES) {
      const chunk = await pull();
      if (chunk === null) break;
      chunks.push(chunk);
      length += chunk.byteLength;
    }
    return concatBytes(chunks);
  };
  let decoder: Decoder | null = null;
  /** What the streaming decoder holds back from the previous chunk, to place an error exactly. */
  let carried: Uint8Array = new Uint8Array(0);
  /** The last bytes decoded as Windows-1252, where a UTF-8 sequence the next bytes end may start. */
  let legacyTail: Uint8Array = new Uint8Array(0);
  const refuseUtf8InLegacy = (bytes: Uint8Array): void => {
    const legacy = state.encoding === 'macintosh' ? 'Mac Roman' : 'Windows-1252';
    const boundary = concatBytes([legacyTail, bytes.subarray(0, 3)]);
    for (let index = 0; index < legacyTail.length; index += 1) {
      if (utf8SequenceAt(boundary, index) > 0) throw mixedWithUtf8(lines + 1, legacy);
    }
    const found = firstUtf8Sequence(bytes);
    if (found !== -1) throw mixedWithUtf8(lines + 1 + newlinesBefore(bytes, found), legacy);
    legacyTail =
      bytes.length >= 3
        ? bytes.subarray(bytes.length - 3)
        : boundary.subarray(Math.max(0, boundary.length - 3));
  };
  const decode = (bytes: Uint8Array, final: boolean): string => {
    if (decoder === null) return asciiText(bytes);
    // Windows-1252 decodes any byte, so a later UTF-8 part would pass as "CafÃ©": look for one
    // (in text: bytes with NUL in them are refused as binary right after).
    const legacy = state.encoding === 'windows-1252' || state.encoding === 'macintosh';
    if (legacy && !bytes.includes(0)) refuseUtf8InLegacy(bytes);
    try {
      const text = decoder.decode(bytes, { stream: !final });
      if (state.encoding === 'utf-8' || state.encoding === 'utf-8-bom') {
        carried = incompleteUtf8Tail(bytes.length >= 4 ? bytes : concatBytes([carried, bytes]));
      }
      return text;
    } catch {
      // Only reachable for UTF-8 and UTF-16, which are decoded strictly.
      const lossy = decoderFor(state.encoding, false).decode(concatBytes([carried, bytes]));
      const bad = lossy.indexOf('\uFFFD');
      const line = lines + 1 + countNewlines(lossy.slice(0, bad === -1 ? lossy.length : bad));
      throw new CatalogueFileError(
        'ENCODING_UNREADABLE',
        final && bad === -1
          ? `The file ends in the middle of a ${state.encoding} character; it is probably truncated.`
          : `Line ${line} (approximately) is not valid ${state.encoding} text although the start of the file is. Save the whole file again as "CSV UTF-8".`,
        line,
      );
    }
  };
  const emit = (text: string, sample: boolean): string => {
    checkNotBinary(text, lines + 1, sample);
    lines += countNewlines(text);
    return text;
  };
  const choose = (encoding: TextEncoding): void => {
    state.encoding = encoding;
    decoder = decoderFor(encoding, encoding !== 'windows-1252');
  };

  try {
    const head = await readWindow([]);
    const utf32 = utf32BomOf(head);
    if (utf32 !== null) {
      throw new CatalogueFileError(
        'ENCODING_UNREADABLE',
        `The file is in ${utf32} (its bytes say so), which is not read; save it as "CSV UTF-8", or as "Unicode text" (UTF-16).`,
        1,
      );
    }
    const bom = bomOf(head);
    const utf16 = bom === null ? guessUtf16(head) : null;
    if (bom !== null) choose(bom.encoding);
    else if (utf16 !== null) choose(utf16);
    else if (firstNonAscii(head) !== -1) choose(chooseLegacyOrUtf8(head, exhausted));
    const headText = emit(decode(head, exhausted), true);
    if (headText !== '') yield headText;

    for (let chunk = await pull(); chunk !== null; chunk = await pull()) {
      if (decoder === null) {
        const split = firstNonAscii(chunk);
        if (split === -1) {
          yield emit(asciiText(chunk), false);
          continue;
        }
        if (split > 0) yield emit(asciiText(chunk.subarray(0, split)), false);
        const rest = await readWindow([chunk.subarray(split)]);
        choose(chooseLegacyOrUtf8(rest, exhausted, lines + 1));
        const text = emit(decode(rest, exhausted), false);
        if (text !== '') yield text;
        continue;
      }
      const text = emit(decode(chunk, false), false);
      if (text !== '') yield text;
    }
    if (decoder !== null) {
      const tail = emit(decode(new Uint8Array(0), true), false);
      if (tail !== '') yield tail;
    }
  } finally {
    if (!exhausted) await iterator.return?.();
  }
}
