/**
 * A small streaming XML writer. Feeds reach a million items, and a document built as one string
 * fails past about 800k items, at Node's maximum string length (docs/dependencies.md, which also
 * says why not the xml2js Builder), so output goes out in chunks through `write` while only the
 * open-element stack and one buffer are held.
 * Every text and attribute value is escaped here, so callers cannot forget to.
 */

export type ChunkWriter = (chunk: string) => void | Promise<void>;

// Characters XML 1.0 forbids (section 2.2): C0 controls except tab, LF, CR; lone surrogates; U+FFFE/U+FFFF.
// With the u flag a well-formed surrogate pair is one code point, so only lone halves match.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const TEXT_NEEDS_WORK = /[&<>"'\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const TEXT_REPLACE = /[&<>"'\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const ATTRIBUTE_NEEDS_WORK = /[&<>"'\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const ATTRIBUTE_REPLACE = /[&<>"'\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/gu;

// CR and, in attributes, tab and LF are written as character references because parsers normalise
// the literal characters away (end-of-line handling, attribute-value normalisation); this way they survive.
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
  '\n': '&#10;',
  '\t': '&#9;',
};

const replaceCharacter = (character: string): string => ENTITIES[character] ?? '';

/** Escapes & < > " ' (and CR) and drops characters illegal in XML 1.0. */
export function escapeXmlText(text: string): string {
  return TEXT_NEEDS_WORK.test(text) ? text.replace(TEXT_REPLACE, replaceCharacter) : text;
}

/** As escapeXmlText, and keeps tabs and newlines in attribute values as character references. */
export function escapeXmlAttribute(text: string): string {
  return ATTRIBUTE_NEEDS_WORK.test(text) ? text.replace(ATTRIBUTE_REPLACE, replaceCharacter) : text;
}

export type XmlValue = string | number | boolean;
/** Attributes in insertion order; null and undefined values are left out. */
export type XmlAttributes = Readonly<Record<string, XmlValue | null | undefined>>;

export interface XmlWriterOptions {
  /** Buffered characters that trigger a write on flushIfFull(); fewer, larger writes cost less. */
  flushAt?: number;
  /** Newlines and two-space indentation between elements (text content is never touched). */
  indent?: boolean;
}

const INDENTS: readonly string[] = Array.from({ length: 16 }, (_, depth) => `\n${'  '.repeat(depth)}`);

function attributesText(attributes: XmlAttributes | undefined): string {
  if (attributes === undefined) return '';
  let text = '';
  for (const name in attributes) {
    const value = attributes[name];
    if (value === null || value === undefined) continue;
    text += ` ${name}="${escapeXmlAttribute(String(value))}"`;
  }
  return text;
}

/**
 * Element names are the caller's constants and are not checked; every value is escaped.
 * Call flushIfFull() between items and end() once: both await the sink, which gives backpressure.
 */
export class XmlWriter {
  private buffer = '';
  private readonly stack: string[] = [];
  private readonly flushAt: number;
  private readonly indent: boolean;
  private childWritten = false;
  private started = false;

  constructor(
    private readonly write: ChunkWriter,
    options: XmlWriterOptions = {},
  ) {
    this.flushAt = options.flushAt ?? 64 * 1024;
    this.indent = options.indent ?? true;
  }

  get depth(): number {
    return this.stack.length;
  }

  /** Characters written into the buffer and not yet handed to the sink. */
  get pending(): number {
    return this.buffer.length;
  }

  declaration(): this {
    if (this.started) throw new Error('the XML declaration must come first');
    this.buffer += '<?xml version="1.0" encoding="UTF-8"?>';
    this.started = true;
    return this;
  }

  private newline(): void {
    if (this.indent && this.started) this.buffer += INDENTS[this.stack.length] ?? INDENTS[INDENTS.length - 1];
    this.started = true;
  }

  open(name: string, attributes?: XmlAttributes): this {
    this.newline();
    this.buffer += `<${name}${attributesText(attributes)}>`;
    this.stack.push(name);
    this.childWritten = false;
    return this;
  }

  close(): this {
    const name = this.stack.pop();
    if (name === undefined) throw new Error('close() without an open element');
    if (this.childWritten) this.newline();
    this.buffer += `</${name}>`;
    this.childWritten = true;
    return this;
  }

  /** <name attrs>text</name>; nothing at all when text is null or undefined. */
  element(name: string, text: XmlValue | null | undefined, attributes?: XmlAttributes): this {
    if (text === null || text === undefined) return this;
    this.newline();
    this.buffer += `<${name}${attributesText(attributes)}>${escapeXmlText(String(text))}</${name}>`;
    this.childWritten = true;
    return this;
  }

  /** <name attrs/> */
  empty(name: string, attributes?: XmlAttributes): this {
    this.newline();
    this.buffer += `<${name}${attributesText(attributes)}/>`;
    this.childWritten = true;
    return this;
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = '';
    await this.write(chunk);
  }

  async flushIfFull(): Promise<void> {
    if (this.buffer.length >= this.flushAt) await this.flush();
  }

  /** Requires every element closed, ends with a newline and flushes. */
  async end(): Promise<void> {
    if (this.stack.length > 0) throw new Error(`unclosed elements: ${this.stack.join(' > ')}`);
    this.buffer += '\n';
    await this.flush();
  }
}
