/**
 * A small XML scanner for the parts of an XLSX workbook, which programs write, not people. sax
 * reads one character at a time (it took 14-19 s for the 75 MB sheet of a 100,000-row workbook
 * on the development machine); this one jumps from "<" to ">" with indexOf (under 1 s), and it
 * holds at most one token beyond the chunk it is given, so memory stays bounded whatever the part
 * holds: text is handed on in pieces, and a single tag, comment or CDATA section longer than
 * MAX_TOKEN_CHARS is refused. It checks what a reader of SpreadsheetML needs (tags nest and close,
 * attribute values are quoted, entities are XML's own five or numeric) and refuses any DOCTYPE,
 * so no entity is ever declared or expanded. Catalogue XML written by people goes through sax.
 */

/** Attributes of one tag by name (no prototype, so any name is plain data). */
export type TagAttributes = Readonly<Record<string, string>>;

export interface XmlPartHandlers {
  open(name: string, attributes: TagAttributes): void;
  close(name: string): void;
  text(text: string): void;
}

/** The part is not well-formed XML (or holds what SpreadsheetML never does). */
export class XmlPartError extends Error {
  override readonly name = 'XmlPartError';
}

const NO_ATTRIBUTES: TagAttributes = Object.freeze(Object.create(null) as Record<string, string>);

/** Longest tag, comment, processing instruction or CDATA section accepted. */
const MAX_TOKEN_CHARS = 1024 * 1024;
/** Longest entity reference ("&#x10FFFF;" is 10 characters). */
const MAX_ENTITY_CHARS = 12;

const NAMED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

function decodeEntity(body: string): string {
  const named = NAMED_ENTITIES.get(body);
  if (named !== undefined) return named;
  const hex = body.startsWith('#x') || body.startsWith('#X');
  const digits = body.slice(hex ? 2 : 1);
  if (body.startsWith('#') && digits !== '' && (hex ? /^[0-9A-Fa-f]+$/u : /^\d+$/u).test(digits)) {
    const code = Number.parseInt(digits, hex ? 16 : 10);
    if (code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)) return String.fromCodePoint(code);
  }
  throw new XmlPartError(`"&${body.slice(0, MAX_ENTITY_CHARS)};" is not an XML entity`);
}

/** Text with its entity references replaced. */
function decodeXmlText(text: string): string {
  let amp = text.indexOf('&');
  if (amp === -1) return text;
  let decoded = '';
  let from = 0;
  while (amp !== -1) {
    const semicolon = text.indexOf(';', amp);
    if (semicolon === -1 || semicolon - amp > MAX_ENTITY_CHARS)
      throw new XmlPartError('an "&" starts no entity');
    decoded += text.slice(from, amp) + decodeEntity(text.slice(amp + 1, semicolon));
    from = semicolon + 1;
    amp = text.indexOf('&', from);
  }
  return decoded + text.slice(from);
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/** Where a name starting at `from` ends (at white space, "/", ">" or "="). */
function nameEnd(text: string, from: number): number {
  let index = from;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (isSpace(code) || code === 0x2f || code === 0x3e || code === 0x3d) break;
    if (code === 0x3c || code === 0x22 || code === 0x27 || code === 0x26) {
      throw new XmlPartError(`a name holds ${JSON.stringify(text.charAt(index))}`);
    }
    index += 1;
  }
  return index;
}

function skipSpace(text: string, from: number): number {
  let index = from;
  while (index < text.length && isSpace(text.charCodeAt(index))) index += 1;
  return index;
}

/** Feeds the scanner text chunks in order, then `end()`. */
export class XmlPartScanner {
  private pending = '';
  private readonly open: string[] = [];
  private sawRoot = false;

  constructor(private readonly handlers: XmlPartHandlers) {}

  write(chunk: string): void {
    const text = this.pending === '' ? chunk : this.pending + chunk;
    this.pending = '';
    let position = 0;
    while (position < text.length) {
      const lt = text.indexOf('<', position);
      if (lt === -1) {
        position = this.textUpTo(text, position, text.length, false);
        break;
      }
      if (lt > position) this.textUpTo(text, position, lt, true);
      const next = this.token(text, lt);
      if (next === -1) {
        position = lt;
        break;
      }
      position = next;
    }
    if (position < text.length) {
      this.pending = text.slice(position);
      if (this.pending.length > MAX_TOKEN_CHARS) {
        throw new XmlPartError(`a piece of markup is longer than ${MAX_TOKEN_CHARS} characters`);
      }
    }
  }

  end(): void {
    if (this.pending.trim() !== '') throw new XmlPartError('the part ends inside a tag');
    if (!this.sawRoot) throw new XmlPartError('the part holds no element');
    if (this.open.length > 0) throw new XmlPartError(`<${this.open.at(-1)}> is never closed`);
  }

  /**
   * Hands on text from `from` to `to`; when the chunk may continue it (`complete` false), an
   * entity reference cut by the chunk's end is kept back. Returns where the text handed on ends.
   */
  private textUpTo(text: string, from: number, to: number, complete: boolean): number {
    let end = to;
    if (!complete) {
      const amp = text.lastIndexOf('&', to - 1);
      if (amp >= from && to - amp <= MAX_ENTITY_CHARS && text.indexOf(';', amp) === -1) end = amp;
    }
    if (end > from && this.open.length > 0) this.handlers.text(decodeXmlText(text.slice(from, end)));
    return end;
  }

  /** Reads the token at `lt`; returns the index after it, or -1 when the chunk ends inside it. */
  private token(text: string, lt: number): number {
    const second = text.charCodeAt(lt + 1);
    if (Number.isNaN(second)) return -1;
    if (second === 0x2f) return this.closeTag(text, lt);
    if (second === 0x3f) return this.skipTo(text, lt + 2, '?>');
    if (second === 0x21) {
      if (text.length < lt + 4) return -1;
      if (text.startsWith('<!--', lt)) return this.skipTo(text, lt + 4, '-->');
      if (text.length < lt + 9) return -1;
      if (text.startsWith('<![CDATA[', lt)) {
        const end = text.indexOf(']]>', lt + 9);
        if (end === -1) return -1;
        if (this.open.length > 0) this.handlers.text(text.slice(lt + 9, end));
        return end + 3;
      }
      throw new XmlPartError('it declares a DOCTYPE or another declaration, which workbooks never do');
    }
    return this.openTag(text, lt);
  }

  private skipTo(text: string, from: number, marker: string): number {
    const end = text.indexOf(marker, from);
    return end === -1 ? -1 : end + marker.length;
  }

  private closeTag(text: string, lt: number): number {
    const gt = text.indexOf('>', lt);
    if (gt === -1) return -1;
    const name = text.slice(lt + 2, gt).trimEnd();
    const expected = this.open.pop();
    if (name !== expected) {
      throw new XmlPartError(
        expected === undefined ? `</${name}> closes nothing` : `</${name}> closes <${expected}>`,
      );
    }
    this.handlers.close(name);
    return gt + 1;
  }

  private openTag(text: string, lt: number): number {
    const end = nameEnd(text, lt + 1);
    if (end === text.length) return -1;
    if (end === lt + 1) throw new XmlPartError('a "<" starts no tag');
    const name = text.slice(lt + 1, end);
    let attributes: Record<string, string> | null = null;
    let index = end;
    for (;;) {
      index = skipSpace(text, index);
      if (index >= text.length) return -1;
      const code = text.charCodeAt(index);
      if (code === 0x3e || code === 0x2f) {
        const selfClosing = code === 0x2f;
        if (selfClosing) {
          if (index + 1 >= text.length) return -1;
          if (text.charCodeAt(index + 1) !== 0x3e) throw new XmlPartError(`<${name}> has a stray "/"`);
        }
        if (this.open.length === 0 && this.sawRoot)
          throw new XmlPartError('the part has a second root element');
        this.sawRoot = true;
        this.open.push(name);
        this.handlers.open(name, attributes ?? NO_ATTRIBUTES);
        if (selfClosing) {
          this.open.pop();
          this.handlers.close(name);
          return index + 2;
        }
        return index + 1;
      }
      const attributeEnd = nameEnd(text, index);
      if (attributeEnd === index) throw new XmlPartError(`<${name}> has an attribute without a name`);
      const attribute = text.slice(index, attributeEnd);
      index = skipSpace(text, attributeEnd);
      if (index >= text.length) return -1;
      if (text.charCodeAt(index) !== 0x3d)
        throw new XmlPartError(`attribute ${attribute} of <${name}> has no value`);
      index = skipSpace(text, index + 1);
      if (index >= text.length) return -1;
      const quote = text.charAt(index);
      if (quote !== '"' && quote !== "'")
        throw new XmlPartError(`attribute ${attribute} of <${name}> is not quoted`);
      const close = text.indexOf(quote, index + 1);
      if (close === -1) return -1;
      const value = text.slice(index + 1, close);
      if (value.includes('<')) throw new XmlPartError(`attribute ${attribute} of <${name}> holds "<"`);
      attributes ??= Object.create(null) as Record<string, string>;
      if (!(attribute in attributes)) attributes[attribute] = decodeXmlText(value);
      index = close + 1;
    }
  }
}
