/**
 * XML: a root element (any name) holding repeated <product> or <item> elements, parsed whole with
 * xml2js (openCatalogue bounds the size). A DOCTYPE or entity declaration is refused before the
 * parser sees the text: catalogues never need one, and refusing it rules out external entities
 * (XXE) and entity expansion bombs whatever the parser would do with them.
 */
import { parseStringPromise } from 'xml2js';
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

export interface XmlReaderOptions {
  limits?: Partial<ReaderLimits>;
}

const DECLARATION = /<!(?:doctype|entity)/iu;

function tagEnd(text: string, from: number): number {
  let quote = '';
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (quote !== '') {
      if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === '>') return index;
  }
  return -1;
}

/**
 * Refuses declarations, nesting deeper than `maxDepth` and a second root element (which xml2js
 * would silently drop) without building anything, so a 100,000-deep document costs one scan.
 * Other malformations are left to the parser, which reports them with a line.
 */
export function scanXml(text: string, maxDepth: number): void {
  const declaration = DECLARATION.exec(text);
  if (declaration !== null) {
    const line = lineAt(text, declaration.index);
    throw new CatalogueFileError(
      'XML_DOCTYPE_REFUSED',
      `Line ${line} has a DOCTYPE or ENTITY declaration; catalogues must not declare any (they are refused so no external entity is ever read).`,
      line,
    );
  }
  let depth = 0;
  let roots = 0;
  let index = text.indexOf('<');
  const skipPast = (from: number, close: string): number => {
    const end = text.indexOf(close, from);
    return end === -1 ? text.length : end + close.length;
  };
  while (index !== -1 && index < text.length) {
    if (text.startsWith('<!--', index)) index = skipPast(index + 4, '-->');
    else if (text.startsWith('<![CDATA[', index)) index = skipPast(index + 9, ']]>');
    else if (text.startsWith('<?', index)) index = skipPast(index + 2, '?>');
    else if (text.startsWith('<!', index)) index += 2;
    else if (text.startsWith('</', index)) {
      depth -= 1;
      index = skipPast(index + 2, '>');
    } else {
      const end = tagEnd(text, index + 1);
      if (end === -1) return;
      if (depth === 0) {
        roots += 1;
        if (roots > 1) {
          const line = lineAt(text, index);
          throw new CatalogueFileError(
            'XML_MALFORMED',
            `Line ${line} starts a second root element; an XML catalogue has exactly one root.`,
            line,
          );
        }
      }
      if (text[end - 1] !== '/') {
        depth += 1;
        if (depth > maxDepth) {
          const line = lineAt(text, index);
          throw new CatalogueFileError(
            'XML_TOO_DEEP',
            `Line ${line} nests elements more than ${maxDepth} levels deep.`,
            line,
          );
        }
      }
      index = end + 1;
    }
    index = text.indexOf('<', index);
  }
}

// xml2js output, read through these accessors: "$" and "$$" cannot be XML names, and "#text"
// cannot either, so no element or attribute name collides with them.
type XmlObject = { [key: string]: unknown };

function isXmlObject(value: unknown): value is XmlObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nameOf(node: unknown): string {
  const name = isXmlObject(node) ? node['#name'] : undefined;
  return typeof name === 'string' ? name : '';
}

function textOf(node: unknown): string {
  const text = isXmlObject(node) ? node['#text'] : undefined;
  return typeof text === 'string' ? text : '';
}

function childrenOf(node: unknown): unknown[] {
  const children = isXmlObject(node) ? node.$$ : undefined;
  return Array.isArray(children) ? children : [];
}

function attributesOf(node: unknown): [string, string][] {
  const attributes = isXmlObject(node) ? node.$ : undefined;
  if (!isXmlObject(attributes)) return [];
  return Object.entries(attributes).flatMap(([name, value]): [string, string][] =>
    typeof value === 'string' ? [[name, value]] : [],
  );
}

function isLeaf(node: unknown): boolean {
  return childrenOf(node).length === 0 && attributesOf(node).length === 0;
}

const PRODUCT_NAMES: ReadonlySet<string> = new Set(['product', 'item']);
const WRAPPER_NAMES: ReadonlySet<string> = new Set(['products', 'items']);

function isProduct(node: unknown): boolean {
  return PRODUCT_NAMES.has(nameOf(node).toLowerCase());
}

/** The product elements: children of the root, or of a single <products>/<items> inside it. */
function productsOf(root: unknown): unknown[] {
  const children = childrenOf(root);
  const direct = children.filter(isProduct);
  if (direct.length > 0) return direct;
  const wrappers = children.filter((child) => WRAPPER_NAMES.has(nameOf(child).toLowerCase()));
  const wrapped = wrappers.length === 1 ? childrenOf(wrappers[0]).filter(isProduct) : [];
  if (wrapped.length > 0) return wrapped;
  throw new CatalogueFileError(
    'XML_SHAPE',
    `The root element <${nameOf(root)}> holds no <product> or <item> elements.`,
  );
}

/** <images><image/>…</images>, <certifications><certification/>…: a list, not an object. */
function isListWrapper(name: string, children: unknown[]): boolean {
  const first = nameOf(children[0]);
  if (first === '' || !children.every((child) => nameOf(child) === first)) return false;
  const plural = name.toLowerCase();
  const singular = first.toLowerCase();
  return plural === `${singular}s` || plural === `${singular}es`;
}

class FieldSink {
  readonly fields = new Map<string, RawValue>();
  constructor(private readonly row: number) {}

  set(key: string, value: RawValue): void {
    if (this.fields.has(key)) {
      throw new CatalogueFileError(
        'HEADER_DUPLICATE_COLUMN',
        `Product ${this.row} has ${JSON.stringify(key)} twice (as an attribute and an element, or as a value and a group); keep one.`,
      );
    }
    this.fields.set(key, value);
  }

  /**
   * Child elements by name, in order of first appearance: one becomes a field (or dotted
   * fields), repeated plain ones a list, repeated structured ones numbered ("x.0.code").
   */
  children(prefix: string, children: unknown[]): void {
    const groups = new Map<string, unknown[]>();
    for (const child of children) {
      const name = nameOf(child);
      const group = groups.get(name);
      if (group === undefined) groups.set(name, [child]);
      else group.push(child);
    }
    for (const [name, group] of groups) {
      const key = prefix === '' ? name : `${prefix}.${name}`;
      const [only] = group;
      if (group.length === 1) this.element(key, only);
      else if (group.every(isLeaf)) this.set(key, group.map(textOf));
      else for (const [index, element] of group.entries()) this.element(`${key}.${index}`, element);
    }
  }

  element(key: string, node: unknown): void {
    for (const [name, value] of attributesOf(node)) this.set(`${key}.${name}`, value);
    const children = childrenOf(node);
    if (children.length === 0) {
      this.set(key, textOf(node));
      return;
    }
    const text = textOf(node);
    if (text.trim() !== '') this.set(key, text);
    const lastName = key.slice(key.lastIndexOf('.') + 1);
    if (!isListWrapper(lastName, children)) {
      this.children(key, children);
      return;
    }
    if (children.every(isLeaf)) this.set(key, children.map(textOf));
    else for (const [index, child] of children.entries()) this.element(`${key}.${index}`, child);
  }
}

function productRecord(node: unknown, row: number): RawRecord {
  const sink = new FieldSink(row);
  for (const [name, value] of attributesOf(node)) sink.set(name, value);
  sink.children('', childrenOf(node));
  return { row, fields: sink.fields };
}

async function* xmlRecords(products: unknown[]): AsyncGenerator<RawRecord> {
  for (let index = 0; index < products.length; index += 1) {
    const product = products[index];
    products[index] = null;
    yield productRecord(product, index + 1);
  }
}

const PARSER_OPTIONS = {
  explicitRoot: true,
  explicitArray: true,
  explicitChildren: true,
  preserveChildrenOrder: true,
  charsAsChildren: false,
  includeWhiteChars: false,
  attrkey: '$',
  charkey: '#text',
  childkey: '$$',
  trim: false,
  normalize: false,
  normalizeTags: false,
  mergeAttrs: false,
  strict: true,
  async: false,
};

export async function readXml(input: ByteSource, options: XmlReaderOptions = {}): Promise<CatalogueSource> {
  const limits: ReaderLimits = { ...DEFAULT_READER_LIMITS, ...options.limits };
  const decoded = decodeText(chunksOf(input));
  const text = await readAllText(decoded.text);
  if (text.trim() === '') throw new CatalogueFileError('FILE_EMPTY', 'The file holds no XML.');
  scanXml(text, limits.maxDepth);
  let document: unknown;
  try {
    document = await parseStringPromise(text, PARSER_OPTIONS);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // sax counts lines from 0.
    const saxLine = /Line: (\d+)/u.exec(message)?.[1];
    const line = saxLine === undefined ? null : Number(saxLine) + 1;
    const reason = message.split('\n')[0] ?? message;
    throw new CatalogueFileError(
      'XML_MALFORMED',
      line === null
        ? `The file is not well-formed XML: ${reason}.`
        : `Line ${line} is not well-formed XML: ${reason}.`,
      line,
    );
  }
  const root = isXmlObject(document) ? Object.values(document)[0] : undefined;
  if (root === undefined) throw new CatalogueFileError('XML_SHAPE', 'The file has no root element.');
  return { format: 'xml', encoding: decoded.encoding, records: xmlRecords(productsOf(root)) };
}
