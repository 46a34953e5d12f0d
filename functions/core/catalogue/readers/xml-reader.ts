/**
 * XML: a root element (any name) holding repeated <product> or <item> elements, directly or in
 * one <products>/<items> wrapper, or an RSS 2.0 feed (<rss><channel><item>, as Google Merchant
 * Center writes it; names keep their prefix, "g:id", and namespaces are not resolved).
 *
 * The text is streamed through sax (the parser xml2js uses; see docs/dependencies.md): each
 * product element is built as it is read, handed on when it closes and then dropped, so memory
 * holds one product, and the row limit stops the reading as soon as it is passed. A product is
 * bounded by maxRecordChars and any other single piece by sax's 64 KiB.
 *
 * A DOCTYPE or entity declaration is refused before sax is given the text that holds it:
 * catalogues never need one, and refusing it rules out external entities (XXE) and entity
 * expansion bombs whatever a parser would do with them.
 */
import { CatalogueFileError } from '../codes.ts';
import { type ByteSource, chunksOf } from './byte-source.ts';
import { countNewlines, describeBytes } from './chunk-stream.ts';
import { decodeText } from './encoding.ts';
import {
  type CatalogueSource,
  DEFAULT_READER_LIMITS,
  type DocumentField,
  maxRecordChars,
  type RawRecord,
  type RawValue,
  type ReaderLimits,
} from './raw-record.ts';
import {
  attributesOf,
  parseChunks,
  SAX_MAX_PIECE_CHARS,
  type SaxParser,
  type SaxTag,
  strictParser,
  XmlSyntaxError,
} from './sax-stream.ts';

export interface XmlReaderOptions {
  limits?: Partial<ReaderLimits>;
  /** Which root attributes and root child elements to keep as document fields (a producer claim). */
  documentFields?: (name: string) => boolean;
}

const DECLARATION = /<!(?:doctype|entity)/iu;
/** "<!doctype" is 9 characters: this many of a chunk's last ones may start one the next completes. */
const DECLARATION_CARRY = 8;

function declarationRefused(line: number): CatalogueFileError {
  return new CatalogueFileError(
    'XML_DOCTYPE_REFUSED',
    `Line ${line} has a DOCTYPE or ENTITY declaration; catalogues must not declare any (they are refused so no external entity is ever read).`,
    line,
  );
}

/**
 * Passes the text on, refusing a DOCTYPE or ENTITY declaration anywhere (in a comment or CDATA
 * too: nothing legitimate writes one there) before the chunk holding it is passed on.
 */
async function* withoutDeclarations(
  text: AsyncIterable<string>,
  seen: { content: boolean },
): AsyncGenerator<string> {
  let carry = '';
  let linesBeforeCarry = 0;
  for await (const chunk of text) {
    const joined = carry + chunk;
    const found = DECLARATION.exec(joined);
    if (found !== null)
      throw declarationRefused(linesBeforeCarry + countNewlines(joined.slice(0, found.index)) + 1);
    if (!seen.content && /\S/u.test(chunk)) seen.content = true;
    carry = joined.slice(-DECLARATION_CARRY);
    linesBeforeCarry += countNewlines(joined.slice(0, joined.length - carry.length));
    yield chunk;
  }
}

/** An element as xml2js modelled it, built for one product at a time. */
interface XmlNode {
  name: string;
  attributes: [string, string][];
  children: XmlNode[];
  text: string;
  /** Text that came from CDATA counts even when it is white space. */
  cdata: boolean;
}

function textOf(node: XmlNode): string {
  return node.cdata || node.text.trim() !== '' ? node.text : '';
}

function isLeaf(node: XmlNode): boolean {
  return node.children.length === 0 && node.attributes.length === 0;
}

const PRODUCT_NAMES: ReadonlySet<string> = new Set(['product', 'item']);
/** Elements whose children are the products: <products>, <items>, and RSS 2.0's <channel>. */
const WRAPPER_NAMES: ReadonlySet<string> = new Set(['products', 'items', 'channel']);

/** <images><image/>…</images>, <certifications><certification/>…: a list, not an object. */
function isListWrapper(name: string, children: readonly XmlNode[]): boolean {
  const first = children[0]?.name ?? '';
  if (first === '' || !children.every((child) => child.name === first)) return false;
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
  children(prefix: string, children: readonly XmlNode[]): void {
    const groups = new Map<string, XmlNode[]>();
    for (const child of children) {
      const group = groups.get(child.name);
      if (group === undefined) groups.set(child.name, [child]);
      else group.push(child);
    }
    for (const [name, group] of groups) {
      const key = prefix === '' ? name : `${prefix}.${name}`;
      const [only] = group;
      if (group.length === 1 && only !== undefined) this.element(key, only);
      else if (group.every(isLeaf)) this.set(key, group.map(textOf));
      else for (const [index, element] of group.entries()) this.element(`${key}.${index}`, element);
    }
  }

  element(key: string, node: XmlNode): void {
    for (const [name, value] of node.attributes) this.set(`${key}.${name}`, value);
    const { children } = node;
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

function productRecord(node: XmlNode, row: number): RawRecord {
  const sink = new FieldSink(row);
  for (const [name, value] of node.attributes) sink.set(name, value);
  sink.children('', node.children);
  return { row, fields: sink.fields };
}

const PIECES: Readonly<Record<string, string>> = {
  attribValue: 'an attribute value',
  attribName: 'an attribute name',
  tagName: 'an element name',
  comment: 'a comment',
  procInstName: 'a processing instruction',
  procInstBody: 'a processing instruction',
  sgmlDecl: 'a declaration',
  entity: 'an entity reference',
};

function syntaxFailure(error: XmlSyntaxError): CatalogueFileError {
  if (error.oversized !== null) {
    return new CatalogueFileError(
      'XML_NODE_TOO_LARGE',
      `Line ${error.line} has ${PIECES[error.oversized] ?? 'a piece of markup'} longer than ${describeBytes(SAX_MAX_PIECE_CHARS)}; put long text in an element (a cell holds at most ${DEFAULT_READER_LIMITS.maxCellChars} characters).`,
      error.line,
    );
  }
  return new CatalogueFileError(
    'XML_MALFORMED',
    `Line ${error.line} is not well-formed XML: ${error.reason}.`,
    error.line,
  );
}

/** What is being built: a product, or a root child element the caller keeps as a document field. */
interface Building {
  kind: 'product' | 'document-field';
  nodes: XmlNode[];
  chars: number;
  line: number;
}

/** Where products are: directly under the root, or in one wrapper (told apart by position). */
interface Container {
  key: string;
  label: string;
}

/** Turns sax events into product records, one product element at a time. */
class XmlCatalogue {
  readonly ready: RawRecord[] = [];
  readonly documentFields: DocumentField[] = [];
  private readonly names: string[] = [];
  private rootName: string | null = null;
  private container: Container | null = null;
  private wrappers = 0;
  private building: Building | null = null;
  private products = 0;
  private readonly maxChars: number;

  constructor(
    private readonly limits: ReaderLimits,
    private readonly keepField: (name: string) => boolean,
    private readonly line: () => number,
  ) {
    this.maxChars = maxRecordChars(limits);
  }

  openStart(): void {
    const line = this.line();
    if (this.names.length === 0 && this.rootName !== null) {
      throw new CatalogueFileError(
        'XML_MALFORMED',
        `Line ${line} starts a second root element; an XML catalogue has exactly one root.`,
        line,
      );
    }
    if (this.names.length + 1 > this.limits.maxDepth) {
      throw new CatalogueFileError(
        'XML_TOO_DEEP',
        `Line ${line} nests elements more than ${this.limits.maxDepth} levels deep.`,
        line,
      );
    }
  }

  open(tag: SaxTag): void {
    const { name } = tag;
    const attributes = attributesOf(tag);
    const depth = this.names.push(name);
    if (this.building !== null) {
      const node = this.node(name, attributes);
      this.building.nodes.at(-1)?.children.push(node);
      this.building.nodes.push(node);
      return;
    }
    const lower = name.toLowerCase();
    if (depth === 1) {
      this.rootName = name;
      for (const [attribute, value] of attributes) {
        if (this.keepField(attribute))
          this.documentFields.push({ name: attribute, value, line: this.line() });
      }
    } else if (depth === 2 && PRODUCT_NAMES.has(lower)) {
      this.startProduct({ key: 'root', label: `directly under <${this.rootName}>` }, name, attributes);
    } else if (depth === 2 && WRAPPER_NAMES.has(lower)) this.wrappers += 1;
    else if (
      depth === 3 &&
      PRODUCT_NAMES.has(lower) &&
      WRAPPER_NAMES.has((this.names[1] ?? '').toLowerCase())
    ) {
      const label = `inside <${this.names[1]}>${this.wrappers > 1 ? ` number ${this.wrappers}` : ''}`;
      this.startProduct({ key: `wrapper ${this.wrappers}`, label }, name, attributes);
    } else if (depth === 2 && this.keepField(name)) {
      this.building = { kind: 'document-field', nodes: [], chars: 0, line: this.line() };
      this.building.nodes.push(this.node(name, attributes));
    }
  }

  text(text: string, cdata: boolean): void {
    const node = this.building?.nodes.at(-1);
    if (this.building === null || node === undefined) return;
    node.text += text;
    if (cdata) node.cdata = true;
    this.grow(text.length);
  }

  close(): void {
    this.names.pop();
    const building = this.building;
    if (building === null) return;
    const node = building.nodes.pop();
    if (node === undefined || building.nodes.length > 0) return;
    this.building = null;
    if (building.kind === 'product') {
      this.ready.push(productRecord(node, this.products));
      return;
    }
    const sink = new FieldSink(0);
    sink.element(node.name, node);
    for (const [name, value] of sink.fields) this.documentFields.push({ name, value, line: building.line });
  }

  finish(): void {
    if (this.rootName === null) return;
    if (this.products === 0) {
      throw new CatalogueFileError(
        'XML_SHAPE',
        `The root element <${this.rootName}> holds no <product> or <item> elements.`,
      );
    }
  }

  get sawRoot(): boolean {
    return this.rootName !== null;
  }

  private startProduct(container: Container, name: string, attributes: [string, string][]): void {
    if (this.container === null) this.container = container;
    else if (this.container.key !== container.key) {
      const line = this.line();
      throw new CatalogueFileError(
        'XML_SHAPE',
        `Line ${line} has a <${name}> ${container.label}, but the products before it are ${this.container.label}; keep every product in one place.`,
        line,
      );
    }
    this.products += 1;
    this.building = { kind: 'product', nodes: [], chars: 0, line: this.line() };
    this.building.nodes.push(this.node(name, attributes));
  }

  private node(name: string, attributes: [string, string][]): XmlNode {
    let chars = name.length;
    for (const [attribute, value] of attributes) chars += attribute.length + value.length;
    this.grow(chars);
    return { name, attributes, children: [], text: '', cdata: false };
  }

  private grow(chars: number): void {
    const building = this.building;
    if (building === null) return;
    building.chars += chars;
    if (building.chars <= this.maxChars) return;
    const what = building.kind === 'product' ? `Product ${this.products}` : 'An element';
    throw new CatalogueFileError(
      'XML_PRODUCT_TOO_LARGE',
      `${what} (from line ${building.line}) holds more than ${this.maxChars} characters; a product may hold at most that much text (a cell at most ${this.limits.maxCellChars} characters).`,
      building.line,
    );
  }
}

async function* xmlRecords(
  text: AsyncIterable<string>,
  catalogue: XmlCatalogue,
  parser: SaxParser,
): AsyncGenerator<RawRecord> {
  const seen = { content: false };
  try {
    yield* parseChunks(parser, withoutDeclarations(text, seen), catalogue.ready);
  } catch (error) {
    throw error instanceof XmlSyntaxError ? syntaxFailure(error) : error;
  }
  if (!catalogue.sawRoot) {
    throw seen.content
      ? new CatalogueFileError('XML_SHAPE', 'The file has no root element.')
      : new CatalogueFileError('FILE_EMPTY', 'The file holds no XML.');
  }
  catalogue.finish();
}

export async function readXml(input: ByteSource, options: XmlReaderOptions = {}): Promise<CatalogueSource> {
  const limits: ReaderLimits = { ...DEFAULT_READER_LIMITS, ...options.limits };
  const decoded = decodeText(chunksOf(input));
  const parser = strictParser();
  const catalogue = new XmlCatalogue(limits, options.documentFields ?? (() => false), () => parser.line + 1);
  parser.onopentagstart = () => catalogue.openStart();
  parser.onopentag = (tag) => catalogue.open(tag);
  parser.onclosetag = () => catalogue.close();
  parser.ontext = (text) => catalogue.text(text, false);
  parser.oncdata = (text) => catalogue.text(text, true);
  parser.ondoctype = () => {
    throw declarationRefused(parser.line + 1);
  };
  return {
    format: 'xml',
    get encoding() {
      return decoded.encoding;
    },
    records: xmlRecords(decoded.text, catalogue, parser),
    documentFields: () => catalogue.documentFields,
  };
}
