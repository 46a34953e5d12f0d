/**
 * The JSON of a catalogue, scanned as it streams: a state machine fed one decoded chunk at a time,
 * without recursion and without a regular expression over unbounded text (one overflowed the
 * stack on an 8 MiB string). It checks syntax and nesting, so what it hands on JSON.parse always
 * reads, finds the products (the top-level array, or the "products" member of the top-level
 * object) and hands each product's text on as soon as it closes; only that text is held.
 */
import { CatalogueFileError } from '../codes.ts';
import { maxRecordChars, type ReaderLimits } from './raw-record.ts';

/** What the scan hands on: each product's text, and the top-level members asked for. */
export interface JsonCatalogueHandlers {
  /** `index`: 1-based position in the products array; `line`: where the product starts. */
  product(text: string, index: number, line: number): void;
  member(name: string, text: string, line: number): void;
}

type Expect = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'after' | 'end';

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
/** Escapes allowed after a backslash: " \ / b f n r t (and u, handled apart). */
const SIMPLE_ESCAPES: ReadonlySet<number> = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);
const LITERALS: ReadonlyMap<string, string> = new Map([
  ['t', 'true'],
  ['f', 'false'],
  ['n', 'null'],
]);
/** Longer keys are never "products" nor a field anyone asks for, so they are not held. */
const MAX_KEY_CHARS = 1024;

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isHex(code: number): boolean {
  return isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

/** JSON number grammar, one character at a time: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? */
type NumberState = 'sign' | 'zero' | 'int' | 'dot' | 'fraction' | 'e' | 'e-sign' | 'exponent';
const NUMBER_ENDS: ReadonlySet<NumberState> = new Set(['zero', 'int', 'fraction', 'exponent']);

function nextNumberState(state: NumberState, code: number): NumberState | null {
  const digit = isDigit(code);
  switch (state) {
    case 'sign':
      return code === 0x30 ? 'zero' : digit ? 'int' : null;
    case 'zero':
    case 'int':
      if (code === 0x2e) return 'dot';
      if (code === 0x65 || code === 0x45) return 'e';
      return state === 'int' && digit ? 'int' : null;
    case 'dot':
      return digit ? 'fraction' : null;
    case 'fraction':
      if (code === 0x65 || code === 0x45) return 'e';
      return digit ? 'fraction' : null;
    case 'e':
      return code === 0x2b || code === MINUS ? 'e-sign' : digit ? 'exponent' : null;
    case 'e-sign':
    case 'exponent':
      return digit ? 'exponent' : null;
  }
}

type Token =
  | { kind: 'none' }
  /** `escape`: 0 none, 1 after a backslash, 5 to 2 the \u digits still to come. `held`: a top-level key being kept. */
  | { kind: 'string'; escape: number; key: boolean; held: boolean }
  | { kind: 'number'; state: NumberState }
  | { kind: 'literal'; word: string; index: number };

/** A value whose text is being kept: a product, or a top-level member the caller asked for. */
interface Capture {
  role: 'product' | 'member';
  parts: string[];
  chars: number;
  /** Index in the current chunk where the kept text resumes. */
  from: number;
  line: number;
  name: string;
  /** Stack depth the value starts (and ends) at. */
  depth: number;
}

/** Describes a JSON value by its first character, for shape messages. */
function kindOf(first: number): string {
  if (first === OPEN_OBJECT) return 'an object';
  if (first === OPEN_ARRAY) return 'an array';
  if (first === QUOTE) return 'a string';
  if (first === 0x74 || first === 0x66) return 'a boolean';
  if (first === 0x6e) return 'null';
  return 'a number';
}

const SHAPE_HINT = 'expected an array of products or {"products": [...]}';

/**
 * The scan: a state machine fed one decoded chunk at a time. It refuses malformed JSON at the
 * character where it goes wrong (with its line), nesting past maxDepth at the bracket that goes
 * too deep, and a kept value larger than maxRecordChars by the end of the chunk that passes it.
 */
export class JsonCatalogueScanner {
  private readonly stack: number[] = [];
  private expect: Expect = 'value';
  private token: Token = { kind: 'none' };
  private line = 1;
  private readonly maxChars: number;
  /** Stack depth at which values are products, once the products array is open; else -1. */
  private productsDepth = -1;
  private rootKind: number | null = null;
  private products = 0;
  private productsMembers = 0;
  /** The top-level key being read (raw, escapes kept) and where it resumes in the current chunk. */
  private keyParts: string[] = [];
  private keyChars = 0;
  private keyFrom = 0;
  private memberName: string | null = null;
  private capture: Capture | null = null;
  /** A value read only to be refused, with its first character, once it ends. */
  private refused: { role: 'product' | 'products'; first: number } | null = null;

  constructor(
    private readonly limits: ReaderLimits,
    private readonly keepMember: (name: string) => boolean,
    private readonly handlers: JsonCatalogueHandlers,
    /** Top-level members holding the records; the first one found is read, a second is refused. */
    private readonly itemMembers: ReadonlySet<string> = new Set(['products']),
  ) {
    this.maxChars = maxRecordChars(limits);
  }

  feed(text: string): void {
    if (this.capture !== null) this.capture.from = 0;
    this.keyFrom = 0;
    let index = 0;
    while (index < text.length) index = this.step(text, index);
    if (this.capture !== null) this.keep(this.capture, text, text.length);
    if (this.token.kind === 'string' && this.token.held) this.keyPiece(text, text.length);
  }

  /** The input ended: whatever is still open is malformed; a document without products is refused. */
  end(): void {
    if (this.token.kind === 'number') this.endNumber(null, 0);
    if (this.rootKind === null) throw new CatalogueFileError('FILE_EMPTY', 'The file holds no JSON.');
    if (this.token.kind !== 'none' || this.expect !== 'end')
      throw this.malformed('the file ends before the JSON does');
    if (this.rootKind === OPEN_OBJECT && this.productsMembers === 0) {
      throw new CatalogueFileError('JSON_SHAPE', `The JSON object has no "products" member; ${SHAPE_HINT}.`);
    }
    if (this.rootKind !== OPEN_OBJECT && this.rootKind !== OPEN_ARRAY) {
      throw new CatalogueFileError('JSON_SHAPE', `The JSON is ${kindOf(this.rootKind)}; ${SHAPE_HINT}.`);
    }
  }

  private malformed(reason: string): CatalogueFileError {
    return new CatalogueFileError(
      'JSON_MALFORMED',
      `Line ${this.line} is not valid JSON: ${reason}.`,
      this.line,
    );
  }

  /** Consumes one character, or a run of string characters, at `index`; returns where to go on. */
  private step(text: string, index: number): number {
    const token = this.token;
    if (token.kind === 'string') return this.stringRun(text, index, token);
    const code = text.charCodeAt(index);
    if (token.kind === 'number') {
      const next = nextNumberState(token.state, code);
      if (next === null) {
        this.endNumber(text, index);
        return index;
      }
      token.state = next;
      return index + 1;
    }
    if (token.kind === 'literal') {
      if (code !== token.word.charCodeAt(token.index)) {
        throw this.malformed(`unexpected ${JSON.stringify(text.charAt(index))}`);
      }
      token.index += 1;
      if (token.index === token.word.length) {
        this.token = { kind: 'none' };
        this.valueEnded(text, index + 1);
      }
      return index + 1;
    }
    if (isWhitespace(code)) {
      if (code === 0x0a) this.line += 1;
      return index + 1;
    }
    this.structural(text, index, code);
    return index + 1;
  }

  private structural(text: string, index: number, code: number): void {
    const top = this.stack.at(-1);
    switch (this.expect) {
      case 'end':
        throw this.malformed('there is more text after the end of the JSON');
      case 'after':
        if (code === COMMA) this.expect = top === OPEN_OBJECT ? 'key' : 'value';
        else if (
          (code === CLOSE_ARRAY && top === OPEN_ARRAY) ||
          (code === CLOSE_OBJECT && top === OPEN_OBJECT)
        ) {
          this.closeContainer(text, index);
        } else throw this.malformed(top === OPEN_OBJECT ? 'expected "," or "}"' : 'expected "," or "]"');
        return;
      case 'colon':
        if (code !== COLON) throw this.malformed('expected ":" after a property name');
        this.expect = 'value';
        return;
      case 'key':
      case 'key-or-close':
        if (code === CLOSE_OBJECT && this.expect === 'key-or-close') this.closeContainer(text, index);
        else if (code !== QUOTE) throw this.malformed('expected a property name in double quotes');
        else {
          const held = this.stack.length === 1;
          this.token = { kind: 'string', escape: 0, key: true, held };
          if (held) {
            this.keyParts = [];
            this.keyChars = 0;
            this.keyFrom = index + 1;
          }
        }
        return;
      case 'value':
      case 'value-or-close':
        if (code === CLOSE_ARRAY && this.expect === 'value-or-close') this.closeContainer(text, index);
        else this.startValue(text, index, code);
    }
  }

  private startValue(text: string, index: number, code: number): void {
    const depth = this.stack.length;
    if (depth === 0) this.rootKind = code;
    else if (depth === this.productsDepth) {
      this.products += 1;
      if (code === OPEN_OBJECT) this.startCapture('product', index, '');
      else this.refused = { role: 'product', first: code };
    } else if (depth === 1 && this.rootKind === OPEN_OBJECT) this.startMember(index, code);
    if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      this.stack.push(code);
      if (this.stack.length > this.limits.maxDepth) {
        throw new CatalogueFileError(
          'JSON_TOO_DEEP',
          `Line ${this.line} nests objects or arrays more than ${this.limits.maxDepth} levels deep.`,
          this.line,
        );
      }
      if (depth === 0 && code === OPEN_ARRAY) this.productsDepth = 1;
      this.expect = code === OPEN_OBJECT ? 'key-or-close' : 'value-or-close';
      return;
    }
    if (code === QUOTE) this.token = { kind: 'string', escape: 0, key: false, held: false };
    else if (code === MINUS || isDigit(code)) {
      this.token = { kind: 'number', state: code === MINUS ? 'sign' : code === 0x30 ? 'zero' : 'int' };
    } else {
      const word = LITERALS.get(text.charAt(index));
      if (word === undefined) throw this.malformed(`unexpected ${JSON.stringify(text.charAt(index))}`);
      this.token = { kind: 'literal', word, index: 1 };
    }
  }

  /** A value of the top-level object: the products array, a member asked for, or one to skip. */
  private startMember(index: number, code: number): void {
    if (this.memberName !== null && this.itemMembers.has(this.memberName)) {
      this.productsMembers += 1;
      if (this.productsMembers > 1) {
        throw new CatalogueFileError(
          'JSON_SHAPE',
          this.itemMembers.size === 1
            ? `Line ${this.line} gives ${JSON.stringify(this.memberName)} a second time; keep one.`
            : `Line ${this.line} gives a second list of records (${JSON.stringify(this.memberName)}); keep one.`,
          this.line,
        );
      }
      if (code === OPEN_ARRAY) this.productsDepth = 2;
      else this.refused = { role: 'products', first: code };
    } else if (this.memberName !== null && this.keepMember(this.memberName)) {
      this.startCapture('member', index, this.memberName);
    }
  }

  /** Inside a string: runs to the next quote, backslash or control character in one go. */
  private stringRun(text: string, start: number, token: Extract<Token, { kind: 'string' }>): number {
    for (let index = start; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      if (token.escape === 1) {
        if (code === 0x75) token.escape = 5;
        else if (SIMPLE_ESCAPES.has(code)) token.escape = 0;
        else throw this.malformed('a string holds an invalid escape');
      } else if (token.escape > 1) {
        if (!isHex(code)) throw this.malformed('a string holds an invalid \\u escape');
        token.escape = token.escape === 2 ? 0 : token.escape - 1;
      } else if (code === QUOTE) {
        this.token = { kind: 'none' };
        if (token.key) this.keyEnded(text, index, token.held);
        else this.valueEnded(text, index + 1);
        return index + 1;
      } else if (code === BACKSLASH) token.escape = 1;
      else if (code < 0x20) {
        throw this.malformed(
          token.key
            ? 'a property name is not a valid string'
            : 'a string is not closed or holds an invalid character or escape',
        );
      }
    }
    return text.length;
  }

  /** A number ends at the first character that cannot continue it (`end`), or with the input. */
  private endNumber(text: string | null, end: number): void {
    const token = this.token;
    if (token.kind !== 'number') return;
    if (!NUMBER_ENDS.has(token.state)) {
      throw this.malformed(text === null ? 'the file ends before the JSON does' : 'a number is cut short');
    }
    this.token = { kind: 'none' };
    this.valueEnded(text, end);
  }

  private closeContainer(text: string, index: number): void {
    this.stack.pop();
    if (this.stack.length === this.productsDepth - 1) this.productsDepth = -1;
    this.valueEnded(text, index + 1);
  }

  /** A value ended just before `end` in `text` (null: with the input, everything already kept). */
  private valueEnded(text: string | null, end: number): void {
    const depth = this.stack.length;
    this.expect = depth === 0 ? 'end' : 'after';
    const capture = this.capture;
    if (capture !== null && depth === capture.depth) {
      if (text !== null) this.keep(capture, text, end);
      this.capture = null;
      this.captured(capture);
    }
    const refused = this.refused;
    if (refused !== null && depth === (refused.role === 'product' ? this.productsDepth : 1)) {
      throw new CatalogueFileError(
        'JSON_SHAPE',
        refused.role === 'product'
          ? `Product ${this.products} is ${kindOf(refused.first)}, not an object.`
          : `"products" is ${kindOf(refused.first)}, not an array of products.`,
      );
    }
  }

  private keyEnded(text: string, index: number, held: boolean): void {
    this.expect = 'colon';
    if (!held) return;
    this.keyPiece(text, index);
    this.memberName =
      this.keyChars > MAX_KEY_CHARS ? null : String(JSON.parse(`"${this.keyParts.join('')}"`));
  }

  private keyPiece(text: string, end: number): void {
    if (this.keyChars <= MAX_KEY_CHARS) {
      const piece = text.slice(this.keyFrom, end);
      this.keyChars += piece.length;
      if (this.keyChars <= MAX_KEY_CHARS) this.keyParts.push(piece);
    }
    this.keyFrom = end;
  }

  private startCapture(role: Capture['role'], index: number, name: string): void {
    this.capture = {
      role,
      parts: [],
      chars: 0,
      from: index,
      line: this.line,
      name,
      depth: this.stack.length,
    };
  }

  /** Keeps the captured text of `text` up to `end`, refusing it once it passes the bound. */
  private keep(capture: Capture, text: string, end: number): void {
    if (end > capture.from) {
      capture.parts.push(text.slice(capture.from, end));
      capture.chars += end - capture.from;
    }
    capture.from = end;
    if (capture.chars <= this.maxChars) return;
    const what =
      capture.role === 'product'
        ? `Product ${this.products}`
        : `The top-level member ${JSON.stringify(capture.name)}`;
    throw new CatalogueFileError(
      'JSON_PRODUCT_TOO_LARGE',
      `${what} (from line ${capture.line}) is longer than ${this.maxChars} characters; a product may hold at most that much text (a cell at most ${this.limits.maxCellChars} characters).`,
      capture.line,
    );
  }

  private captured(capture: Capture): void {
    const text = capture.parts.join('');
    if (capture.role === 'member') this.handlers.member(capture.name, text, capture.line);
    else this.handlers.product(text, this.products, capture.line);
  }
}
