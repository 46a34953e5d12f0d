/**
 * Shop descriptions as plain text: Shopify's "Body (HTML)", WooCommerce's descriptions and
 * Google's description arrive as HTML (or as text that may hold some), and channels want text.
 * Tags are removed, entities decoded, block elements read as line breaks and whitespace
 * collapsed. The text comes from the producer's file, so the work is one pass with bounded
 * look-ahead: no regular expression that can backtrack, and a construct that never closes (a "<"
 * with no ">", a comment with no end) ends tag reading instead of being searched for again.
 */

export interface HtmlTextOptions {
  /**
   * What a line break in the source means: whitespace, as in HTML; a line break, as in
   * WordPress content (wpautop turns each into <br> or a paragraph); or 'auto': a line break
   * when the text holds no tag at all (plain text), whitespace otherwise.
   */
  lineBreaks?: 'whitespace' | 'breaks' | 'auto';
  /**
   * One line of text: paragraphs and line breaks become spaces. What a catalogue's description
   * holds (the reading corpus's convention, and what marketplaces show in a short field).
   */
  oneLine?: boolean;
}

/** Elements that start a new line when they open or close. */
const BLOCK_ELEMENTS: ReadonlySet<string> = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'caption',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'tr',
  'ul',
]);
/** Table cells sit side by side: a space between them. */
const CELL_ELEMENTS: ReadonlySet<string> = new Set(['td', 'th']);
/** Elements whose content is not text a shopper reads. */
const DROPPED_ELEMENTS: ReadonlySet<string> = new Set([
  'head',
  'script',
  'style',
  'svg',
  'template',
  'title',
]);

const NAMED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', '\u00a0'],
  ['ensp', ' '],
  ['emsp', ' '],
  ['thinsp', ' '],
  ['shy', ''],
  ['ndash', '–'],
  ['mdash', '—'],
  ['hellip', '…'],
  ['lsquo', '‘'],
  ['rsquo', '’'],
  ['sbquo', '‚'],
  ['ldquo', '“'],
  ['rdquo', '”'],
  ['bdquo', '„'],
  ['laquo', '«'],
  ['raquo', '»'],
  ['bull', '•'],
  ['middot', '·'],
  ['deg', '°'],
  ['times', '×'],
  ['divide', '÷'],
  ['plusmn', '±'],
  ['frac12', '½'],
  ['frac14', '¼'],
  ['frac34', '¾'],
  ['sup2', '²'],
  ['sup3', '³'],
  ['micro', 'µ'],
  ['copy', '©'],
  ['reg', '®'],
  ['trade', '™'],
  ['euro', '€'],
  ['pound', '£'],
  ['yen', '¥'],
  ['cent', '¢'],
  ['sect', '§'],
  ['para', '¶'],
  ['iexcl', '¡'],
  ['iquest', '¿'],
  ['agrave', 'à'],
  ['aacute', 'á'],
  ['acirc', 'â'],
  ['atilde', 'ã'],
  ['auml', 'ä'],
  ['aring', 'å'],
  ['aelig', 'æ'],
  ['ccedil', 'ç'],
  ['egrave', 'è'],
  ['eacute', 'é'],
  ['ecirc', 'ê'],
  ['euml', 'ë'],
  ['igrave', 'ì'],
  ['iacute', 'í'],
  ['icirc', 'î'],
  ['iuml', 'ï'],
  ['ntilde', 'ñ'],
  ['ograve', 'ò'],
  ['oacute', 'ó'],
  ['ocirc', 'ô'],
  ['otilde', 'õ'],
  ['ouml', 'ö'],
  ['oslash', 'ø'],
  ['oelig', 'œ'],
  ['ugrave', 'ù'],
  ['uacute', 'ú'],
  ['ucirc', 'û'],
  ['uuml', 'ü'],
  ['yacute', 'ý'],
  ['yuml', 'ÿ'],
  ['szlig', 'ß'],
  ['Agrave', 'À'],
  ['Aacute', 'Á'],
  ['Acirc', 'Â'],
  ['Auml', 'Ä'],
  ['AElig', 'Æ'],
  ['Ccedil', 'Ç'],
  ['Egrave', 'È'],
  ['Eacute', 'É'],
  ['Ecirc', 'Ê'],
  ['Euml', 'Ë'],
  ['Icirc', 'Î'],
  ['Iuml', 'Ï'],
  ['Ocirc', 'Ô'],
  ['Ouml', 'Ö'],
  ['OElig', 'Œ'],
  ['Ugrave', 'Ù'],
  ['Ucirc', 'Û'],
  ['Uuml', 'Ü'],
  ['Yuml', 'Ÿ'],
]);
/** The longest entity name or number worth looking at; anything longer is text. */
const MAX_ENTITY_CHARS = 32;

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isEntityChar(code: number): boolean {
  return isAsciiLetter(code) || (code >= 48 && code <= 57) || code === 35;
}

/** Spaces HTML collapses, plus the no-break and typographic spaces shops paste in. */
const SPACE_CODES: ReadonlySet<number> = new Set([0x20, 0x09, 0x0c, 0xa0, 0x202f, 0x2009, 0x2002, 0x2003]);

function isSpace(char: string): boolean {
  return SPACE_CODES.has(char.charCodeAt(0));
}

/** Where a run of plain text starting at `from` ends: at markup, an entity, a space or a line break. */
function plainRunEnd(text: string, from: number): number {
  let index = from;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === 60 || code === 38 || code === 10 || code === 13 || SPACE_CODES.has(code)) break;
    index += 1;
  }
  return index;
}

function codePointText(code: number): string {
  const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
  return valid ? String.fromCodePoint(code) : '\ufffd';
}

/** The entity at `at` ("&amp;", "&#233;", "&#xE9;") and where it ends, or null when it is plain text. */
function entityAt(text: string, at: number): { text: string; end: number } | null {
  let index = at + 1;
  const limit = Math.min(text.length, at + 1 + MAX_ENTITY_CHARS);
  while (index < limit && isEntityChar(text.charCodeAt(index))) index += 1;
  if (index >= text.length || text[index] !== ';' || index === at + 1) return null;
  const body = text.slice(at + 1, index);
  if (body.startsWith('#')) {
    const hex = body[1] === 'x' || body[1] === 'X';
    const digits = body.slice(hex ? 2 : 1);
    if (digits === '' || !(hex ? /^[0-9a-fA-F]+$/u : /^\d+$/u).test(digits)) return null;
    return { text: codePointText(Number.parseInt(digits, hex ? 16 : 10)), end: index + 1 };
  }
  const named = NAMED_ENTITIES.get(body) ?? NAMED_ENTITIES.get(body.toLowerCase());
  return named === undefined ? null : { text: named, end: index + 1 };
}

/**
 * Where the tag opened at `at` ends (its ">"), or -1 when it never does. A quote opens a quoted
 * attribute value only right after "=", as in HTML, so an apostrophe in an unquoted value does
 * not swallow the text after it.
 */
function tagEnd(text: string, at: number): number {
  let quote = '';
  let previous = '';
  for (let index = at + 1; index < text.length; index += 1) {
    const char = text.charAt(index);
    if (quote !== '') {
      if (char === quote) quote = '';
      continue;
    }
    if ((char === '"' || char === "'") && previous === '=') quote = char;
    else if (char === '>') return index;
    if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r') previous = char;
  }
  return -1;
}

/** The lower-cased element name of the tag text between "<" and ">", without a leading "/". */
function elementName(tag: string): string {
  const start = tag.startsWith('/') ? 1 : 0;
  let end = start;
  while (end < tag.length) {
    const code = tag.charCodeAt(end);
    if (!(isAsciiLetter(code) || (code >= 48 && code <= 57) || code === 45)) break;
    end += 1;
  }
  return tag.slice(start, end).toLowerCase();
}

/** Index just past the closing tag of a dropped element ("</script>"), or the text's end when it has none. */
function pastClosing(text: string, name: string, from: number): number {
  let index = text.indexOf('</', from);
  while (index !== -1) {
    if (text.slice(index + 2, index + 2 + name.length).toLowerCase() === name) {
      const end = text.indexOf('>', index + 2 + name.length);
      return end === -1 ? text.length : end + 1;
    }
    index = text.indexOf('</', index + 2);
  }
  return text.length;
}

function startsTag(text: string, at: number): boolean {
  const next = text.charCodeAt(at + 1);
  return isAsciiLetter(next) || next === 47 /* / */ || next === 33 /* ! */ || next === 63 /* ? */;
}

/** Collects visible text, collapsing whitespace: a pending break beats a pending space. */
class TextSink {
  constructor(private readonly oneLine: boolean) {}

  private readonly parts: string[] = [];
  private started = false;
  private pending: 'none' | 'space' | 'break' = 'none';

  space(): void {
    if (this.pending === 'none') this.pending = 'space';
  }

  lineBreak(): void {
    this.pending = 'break';
  }

  text(value: string): void {
    for (const char of value) {
      if (isSpace(char)) this.space();
      else if (char === '\n' || char === '\r') this.lineBreak();
      else this.visible(char);
    }
  }

  /** Visible text without spaces or line breaks in it. */
  visible(run: string): void {
    if (this.started && this.pending !== 'none')
      this.parts.push(this.pending === 'break' && !this.oneLine ? '\n' : ' ');
    this.pending = 'none';
    this.started = true;
    this.parts.push(run);
  }

  result(): string {
    return this.parts.join('');
  }
}

function holdsTag(text: string): boolean {
  let index = text.indexOf('<');
  while (index !== -1) {
    if (startsTag(text, index)) return true;
    index = text.indexOf('<', index + 1);
  }
  return false;
}

/** The visible text of `html`, on lines, trimmed; '' for markup with no text. */
export function htmlToText(html: string, options: HtmlTextOptions = {}): string {
  const mode = options.lineBreaks ?? 'whitespace';
  const sourceBreaks = mode === 'breaks' || (mode === 'auto' && !holdsTag(html));
  const sink = new TextSink(options.oneLine === true);
  let readTags = true;
  let index = 0;
  while (index < html.length) {
    const char = html.charAt(index);
    if (char === '<' && readTags && startsTag(html, index)) {
      if (html.startsWith('<!--', index)) {
        const close = html.indexOf('-->', index + 4);
        index = close === -1 ? html.length : close + 3;
        continue;
      }
      const end = tagEnd(html, index);
      if (end === -1) {
        // Nothing after this point closes a tag: the rest is text, read once.
        readTags = false;
        continue;
      }
      const name = elementName(html.slice(index + 1, end));
      const closing = html.charAt(index + 1) === '/';
      if (!closing && DROPPED_ELEMENTS.has(name) && html.charAt(end - 1) !== '/') {
        index = pastClosing(html, name, end + 1);
        continue;
      }
      if (BLOCK_ELEMENTS.has(name)) sink.lineBreak();
      else if (CELL_ELEMENTS.has(name)) sink.space();
      index = end + 1;
      continue;
    }
    if (char === '&') {
      const entity = entityAt(html, index);
      if (entity !== null) {
        sink.text(entity.text);
        index = entity.end;
        continue;
      }
    }
    if (char === '\n' || char === '\r') {
      if (sourceBreaks) sink.lineBreak();
      else sink.space();
    } else if (isSpace(char)) sink.space();
    else {
      // "<" or "&" that starts nothing is text too; the run goes on to the next markup or space.
      const end = Math.max(index + 1, plainRunEnd(html, index + 1));
      sink.visible(html.slice(index, end));
      index = end;
      continue;
    }
    index += 1;
  }
  return sink.result();
}

/**
 * WooCommerce's exporter writes a description's line breaks as the two characters "\n", and a
 * "\n" that was already in the text as "\\n" (class-wc-product-csv-exporter.php,
 * filter_description_field). This reverses exactly that.
 */
export function decodeEscapedNewlines(text: string): string {
  if (!text.includes('\\')) return text;
  const parts: string[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === '\\' && text.charAt(index + 1) === '\\' && text.charAt(index + 2) === 'n') {
      parts.push('\\n');
      index += 3;
    } else if (char === '\\' && text.charAt(index + 1) === 'n') {
      parts.push('\n');
      index += 2;
    } else {
      parts.push(char);
      index += 1;
    }
  }
  return parts.join('');
}
