/**
 * WooCommerce product CSV, read by its documented semantics (the "Product CSV Import Schema" and
 * the exporter, class-wc-product-csv-exporter.php): `simple` and `variation` rows are products;
 * a `variable` row is not, but its variations (Parent = its SKU or "id:<ID>") take from it what
 * they leave empty: name stem, descriptions, categories, tags, images, brand, weight, stock.
 * The export is ordered by ID, so a variation added later can come far below its parent, and
 * one whose parent was added later comes before it: parents are remembered and such variations
 * held, both with a bound; a variation whose parent never comes is read on its own, with a
 * warning. Columns a profile maps and undocumented columns pass through under their own header.
 */
import type { HeaderField } from '../headers.ts';
import { foldText } from '../normalise-key.ts';
import type { ColumnTarget, ProfileLookup } from '../producer-profile.ts';
import type { RawRecord, RawValue } from '../readers/raw-record.ts';
import { quoteValue } from '../values/cell-text.ts';
import { parseQuantity } from '../values/quantities.ts';
import { decodeEscapedNewlines, htmlToText } from './html-text.ts';
import {
  CanonicalRecord,
  compareAmounts,
  defineShopExport,
  foldLabel,
  HeaderMemo,
  hasSignature,
  isoToday,
  LabelIndex,
  nameKey,
  notListed,
  type RowOrigin,
  type ShopReading,
  saleWindowOpen,
  textOf,
  typeHints,
  weightText,
} from './shop-cells.ts';
import type { ShopEvent, ShopExport, ShopExportContext } from './shop-export.ts';
import {
  WOO_ATTRIBUTE_COLUMNS,
  WOO_COLUMNS,
  WOO_DIMENSION_WORDS,
  WOO_DOWNLOAD_WORDS,
  WOO_GTIN_META_KEYS,
  WOO_IGNORED_COLUMNS,
  WOO_LISTED_TYPES,
  WOO_PARENT_TYPE,
  WOO_SIGNATURE_COLUMNS,
  WOO_WEIGHT_WORDS,
  type WooRole,
} from './woocommerce-columns.ts';

export interface WooCommerceLimits {
  /** Variable parents remembered for variations further down the file. */
  maxParents: number;
  /** Variations held while waiting for a parent not yet seen. */
  maxOrphans: number;
}

const DEFAULT_LIMITS: WooCommerceLimits = { maxParents: 1000, maxOrphans: 1000 };

type WooColumn =
  | { kind: 'role'; role: WooRole }
  | { kind: 'weight'; unit: string }
  | { kind: 'attribute'; part: 'name' | 'value'; number: number }
  | { kind: 'gtinMeta' }
  | { kind: 'ignored' }
  | { kind: 'other' };

const LABELS = new LabelIndex(WOO_COLUMNS);
const IGNORED: ReadonlySet<string> = new Set(WOO_IGNORED_COLUMNS.map(foldLabel));
const SIGNATURE: ReadonlySet<string> = new Set(WOO_SIGNATURE_COLUMNS.map(foldLabel));
const ATTRIBUTE_PARTS = new Map<string, 'name' | 'value' | 'other'>(
  (['name', 'value', 'other'] as const).flatMap((part) =>
    WOO_ATTRIBUTE_COLUMNS[part].map((label): [string, 'name' | 'value' | 'other'] => [
      foldLabel(label),
      part,
    ]),
  ),
);
const WEIGHT_WORDS = new Set(WOO_WEIGHT_WORDS.map(foldLabel));
const DIMENSION_WORDS = new Set(WOO_DIMENSION_WORDS.map(foldLabel));
const DOWNLOAD_WORDS = WOO_DOWNLOAD_WORDS.map(foldLabel);
const GTIN_META_KEYS = new Set(WOO_GTIN_META_KEYS);
const NUMBER = /\d{1,4}/u;
/** "Weight (kg)": a word, then the unit in brackets. */
const WORD_AND_UNIT = /^([^()]+?) \(([^()]+)\)$/u;
/** WooCommerce prefixes a value starting with one of these with "'" so a spreadsheet does not run it (escape_data). */
const ESCAPED_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

function classify(header: string): WooColumn {
  const role = LABELS.roleOf(header);
  if (role !== undefined) return { kind: 'role', role };
  const folded = foldLabel(header);
  if (IGNORED.has(folded)) return { kind: 'ignored' };
  if (folded.startsWith('meta:')) {
    const key = header.slice(header.indexOf(':') + 1).trim();
    return GTIN_META_KEYS.has(key) ? { kind: 'gtinMeta' } : { kind: 'ignored' };
  }
  const withUnit = WORD_AND_UNIT.exec(folded);
  if (withUnit !== null && WEIGHT_WORDS.has(withUnit[1] ?? '')) {
    const unit = WORD_AND_UNIT.exec(header.trim())?.[2] ?? withUnit[2] ?? '';
    return { kind: 'weight', unit };
  }
  if (withUnit !== null && DIMENSION_WORDS.has(withUnit[1] ?? '')) return { kind: 'ignored' };
  const number = NUMBER.exec(folded);
  if (number !== null) {
    const part = ATTRIBUTE_PARTS.get(folded.replace(NUMBER, 'n'));
    if (part === 'name' || part === 'value') return { kind: 'attribute', part, number: Number(number[0]) };
    if (part === 'other') return { kind: 'ignored' };
    if (DOWNLOAD_WORDS.some((word) => folded.startsWith(`${word} ${number[0]}`))) return { kind: 'ignored' };
  }
  return { kind: 'other' };
}

function targetOf(column: WooColumn, header: string, names: HeaderField): ColumnTarget | null {
  switch (column.kind) {
    case 'ignored':
    case 'gtinMeta':
      return { kind: 'ignore' };
    case 'weight':
      return { kind: 'field', field: 'grossWeight' };
    case 'attribute':
      return column.part === 'value' ? { kind: 'attribute', name: header } : { kind: 'ignore' };
    case 'other':
      return null;
    case 'role': {
      const fields: Partial<Record<WooRole, HeaderField>> = {
        sku: 'sku',
        gtin: 'gtin',
        name: names,
        description: 'description',
        stock: 'stock',
        salePrice: 'salePrice',
        regularPrice: 'price',
        images: 'images',
        parent: 'itemGroupId',
        brands: 'brand',
        shortDescription: 'description',
        stockStatus: 'stock',
        categories: 'productType',
        tags: 'productType',
      };
      const field = fields[column.role];
      if (field !== undefined) return { kind: 'field', field };
      // Read by the export's rules (which rows are products, when a sale runs, whose variation).
      return { kind: 'rule' };
    }
  }
}

/** The value without the "'" WooCommerce put before a leading =, +, -, @ (a formula stays a formula to the cell checks). */
function unescaped(value: RawValue): RawValue {
  if (typeof value !== 'string' || !value.startsWith("'")) return value;
  return ESCAPED_TRIGGERS.has(value.charAt(1)) ? value.slice(1) : value;
}

/** "a, b\, c" -> ["a", "b, c"]: WooCommerce joins lists with ", " and escapes commas in items as "\,". */
function splitList(text: string): string[] {
  const items: string[] = [];
  let current = '';
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charAt(index);
    if (char === '\\' && text.charAt(index + 1) === ',') {
      current += ',';
      index += 1;
    } else if (char === ',') {
      items.push(current.trim());
      current = '';
    } else current += char;
  }
  items.push(current.trim());
  return items.filter((item) => item !== '');
}

function listText(value: RawValue | undefined): string {
  return splitList(textOf(value)).join(', ');
}

/** A description as text: WooCommerce's "\n" escapes undone, HTML stripped, WordPress line breaks kept. */
function descriptionText(value: RawValue | undefined): string {
  return htmlToText(decodeEscapedNewlines(textOf(value)), { lineBreaks: 'breaks', oneLine: true });
}

interface WooRow {
  origin: RowOrigin;
  roles: Map<WooRole, RawValue>;
  weight: RawValue | undefined;
  attributeNames: Map<number, string>;
  attributeValues: Map<number, string>;
  gtinMeta: RawValue | undefined;
  passThrough: [string, RawValue][];
}

/** What a variable product gives its variations. */
interface WooParent {
  key: string;
  sku: string;
  name: string;
  description: string;
  shortDescription: string;
  categories: string;
  tags: string;
  images: RawValue | undefined;
  brands: string;
  listed: boolean;
  publishedText: string;
  stock: string;
  stockStatus: string;
  weight: RawValue | undefined;
  attributes: [string, string][];
}

function attributesOf(row: WooRow): [string, string][] {
  const attributes: [string, string][] = [];
  for (const [number, name] of [...row.attributeNames].sort((a, b) => a[0] - b[0])) {
    attributes.push([name, row.attributeValues.get(number) ?? '']);
  }
  return attributes;
}

/** 1 is published; -1 draft, 0 private and 2 pending review are not (get_column_value_published). */
function publishedState(text: string): { listed: boolean; label: string } {
  switch (text) {
    case '':
    case '1':
      return { listed: true, label: 'published' };
    case '-1':
      return { listed: false, label: 'a draft' };
    case '0':
      return { listed: false, label: 'private' };
    case '2':
      return { listed: false, label: 'pending review' };
    default:
      return { listed: false, label: `"Published" ${quoteValue(text)}` };
  }
}

function typeOf(row: WooRow): string {
  return foldText(textOf(row.roles.get('type')).split(',')[0] ?? '').trim();
}

function notListedType(type: string): string {
  if (type === 'grouped') return 'it is a grouped product (a page showing other products)';
  if (type === 'external') return 'it is an external product, sold on another site';
  return `its type ${quoteValue(type)} is not a product feedbridge lists (simple or variation)`;
}

interface Orphan {
  ref: string;
  row: WooRow;
}

class WooReading implements ShopReading {
  private readonly profile: ProfileLookup;
  private readonly today: string;
  private readonly columns = new HeaderMemo<WooColumn>((header) =>
    this.context.profile.column(header) === undefined ? classify(header) : { kind: 'other' },
  );
  private readonly parents = new Map<string, WooParent>();
  /** Parent keys by SKU, lower-cased, for variations that name their parent by SKU. */
  private readonly parentBySku = new Map<string, string>();
  private readonly orphans = new Map<number, Orphan>();
  private readonly orphansByRef = new Map<string, number[]>();

  constructor(
    private readonly context: ShopExportContext,
    private readonly limits: WooCommerceLimits,
  ) {
    this.profile = context.profile;
    this.today = context.today ?? isoToday();
  }

  *add(record: RawRecord): Generator<ShopEvent> {
    const row = this.view(record);
    const type = typeOf(row);
    if (type === WOO_PARENT_TYPE) {
      const parent = this.rememberParent(row);
      yield* this.adopt(parent);
      return;
    }
    if (type === 'variation') {
      const ref = textOf(row.roles.get('parent'));
      const parent = this.parentOf(ref);
      if (parent !== undefined || ref === '') {
        yield this.product(row, parent, parent === undefined);
        return;
      }
      yield* this.hold(ref, row);
      return;
    }
    if (type === '' || WOO_LISTED_TYPES.has(type)) {
      yield this.product(row, undefined, false);
      return;
    }
    yield notListed(
      row.origin.row,
      textOf(row.roles.get('sku')),
      `${this.what(row)}: ${notListedType(type)}, so it is not listed.`,
    );
  }

  *finish(): Generator<ShopEvent> {
    for (const orphan of this.orphans.values()) yield this.product(orphan.row, undefined, true);
    this.orphans.clear();
    this.orphansByRef.clear();
  }

  private view(record: RawRecord): WooRow {
    const row: WooRow = {
      origin: { row: record.row, extraCells: record.extraCells, missingCells: record.missingCells },
      roles: new Map(),
      weight: undefined,
      attributeNames: new Map(),
      attributeValues: new Map(),
      gtinMeta: undefined,
      passThrough: [],
    };
    for (const [header, raw] of record.fields) {
      if (textOf(raw) === '') continue;
      const value = unescaped(raw);
      const column = this.columns.of(header);
      if (column.kind === 'role') row.roles.set(column.role, value);
      else if (column.kind === 'weight') row.weight = weightText(value, column.unit);
      else if (column.kind === 'attribute') {
        const target = column.part === 'name' ? row.attributeNames : row.attributeValues;
        target.set(column.number, column.part === 'name' ? textOf(value) : listText(value));
      } else if (column.kind === 'gtinMeta') row.gtinMeta ??= value;
      else if (column.kind === 'other') row.passThrough.push([header, value]);
    }
    return row;
  }

  private what(row: WooRow): string {
    const name = textOf(row.roles.get('name'));
    if (name !== '') return quoteValue(name);
    return `Row ${row.origin.row}`;
  }

  private rememberParent(row: WooRow): WooParent {
    const id = textOf(row.roles.get('id'));
    const sku = textOf(row.roles.get('sku'));
    const published = publishedState(textOf(row.roles.get('published')));
    const parent: WooParent = {
      key: id === '' ? `sku:${sku.toLowerCase()}` : `id:${id}`,
      sku,
      name: textOf(row.roles.get('name')),
      description: descriptionText(row.roles.get('description')),
      shortDescription: descriptionText(row.roles.get('shortDescription')),
      categories: listText(row.roles.get('categories')),
      tags: listText(row.roles.get('tags')),
      images: row.roles.get('images'),
      brands: listText(row.roles.get('brands')),
      listed: published.listed,
      publishedText: published.label,
      stock: textOf(row.roles.get('stock')),
      stockStatus: textOf(row.roles.get('stockStatus')),
      weight: row.weight,
      attributes: attributesOf(row),
    };
    this.parents.delete(parent.key);
    this.parents.set(parent.key, parent);
    if (sku !== '') this.parentBySku.set(sku.toLowerCase(), parent.key);
    if (this.parents.size > this.limits.maxParents) {
      const [oldestKey, oldest] = this.parents.entries().next().value ?? [];
      if (oldestKey !== undefined) this.parents.delete(oldestKey);
      if (oldest !== undefined && oldest.sku !== '') this.parentBySku.delete(oldest.sku.toLowerCase());
    }
    return parent;
  }

  private parentOf(ref: string): WooParent | undefined {
    if (ref === '') return undefined;
    if (/^id:/iu.test(ref)) return this.parents.get(`id:${ref.slice(3).trim()}`);
    const key = this.parentBySku.get(ref.toLowerCase());
    return key === undefined ? undefined : this.parents.get(key);
  }

  private refsOf(parent: WooParent): string[] {
    const refs = parent.key.startsWith('id:') ? [parent.key] : [];
    if (parent.sku !== '') refs.push(parent.sku.toLowerCase());
    return refs;
  }

  /** A variation that came before its parent waits for it; past the bound, the longest-waiting one is read alone. */
  private *hold(ref: string, row: WooRow): Generator<ShopEvent> {
    const key = /^id:/iu.test(ref) ? `id:${ref.slice(3).trim()}` : ref.toLowerCase();
    const seq = row.origin.row;
    this.orphans.set(seq, { ref: key, row });
    const waiting = this.orphansByRef.get(key) ?? [];
    waiting.push(seq);
    this.orphansByRef.set(key, waiting);
    if (this.orphans.size <= this.limits.maxOrphans) return;
    const [oldestSeq, oldest] = this.orphans.entries().next().value ?? [];
    if (oldestSeq === undefined || oldest === undefined) return;
    this.release(oldestSeq, oldest.ref);
    yield this.product(oldest.row, undefined, true);
  }

  private release(seq: number, ref: string): void {
    this.orphans.delete(seq);
    const waiting = (this.orphansByRef.get(ref) ?? []).filter((other) => other !== seq);
    if (waiting.length === 0) this.orphansByRef.delete(ref);
    else this.orphansByRef.set(ref, waiting);
  }

  /** The variations that were waiting for this parent, in file order. */
  private *adopt(parent: WooParent): Generator<ShopEvent> {
    if (this.orphans.size === 0) return;
    for (const ref of this.refsOf(parent)) {
      const waiting = this.orphansByRef.get(ref);
      if (waiting === undefined) continue;
      this.orphansByRef.delete(ref);
      for (const seq of waiting) {
        const orphan = this.orphans.get(seq);
        this.orphans.delete(seq);
        if (orphan !== undefined) yield this.product(orphan.row, parent, false);
      }
    }
  }

  private product(row: WooRow, parent: WooParent | undefined, parentMissing: boolean): ShopEvent {
    const text = (role: WooRole) => textOf(row.roles.get(role));
    const id = text('id');
    const sku = text('sku');
    const derived = sku === '' && id !== '' ? `woo-${id}` : '';
    const published = publishedState(text('published'));
    if (!published.listed || (parent !== undefined && !parent.listed)) {
      const why = published.listed
        ? `its parent product is ${parent?.publishedText}`
        : `it is ${published.label}`;
      return notListed(
        row.origin.row,
        sku || derived,
        `${this.what(row)}: ${why} in WooCommerce, so it is not listed.`,
      );
    }
    const out = new CanonicalRecord();
    out.sku(sku, derived, { item: 'product', from: 'WooCommerce ID', system: 'WooCommerce' });
    const ownAttributes = attributesOf(row);
    const name = text('name') || this.variationName(parent, ownAttributes);
    out.set(nameKey(this.profile), name);
    const description =
      descriptionText(row.roles.get('description')) ||
      parent?.description ||
      descriptionText(row.roles.get('shortDescription')) ||
      parent?.shortDescription;
    out.set('description', description);
    out.set('brand', listText(row.roles.get('brands')) || parent?.brands);
    this.prices(out, row);
    out.set('grossWeight', row.weight ?? parent?.weight);
    this.stock(out, row, parent, sku || derived);
    out.set('gtin', row.roles.get('gtin') ?? row.gtinMeta);
    const images = row.roles.get('images') ?? parent?.images;
    out.set('images', images === undefined ? undefined : splitList(textOf(images)));
    if (typeOf(row) === 'variation') out.set('itemGroupId', text('parent'));
    const attributes = new Map(parent?.attributes ?? []);
    for (const [attribute, value] of ownAttributes) if (value !== '') attributes.set(attribute, value);
    for (const [attribute, value] of attributes) out.attribute(attribute, value);
    // A variation's own attribute that is a quantity ("250 g", "1 kg") is its net content, as a
    // Shopify option is; a parent's list of values ("250 g, 1 kg") is not.
    const quantity = ownAttributes.find(([, value]) => value !== '' && parseQuantity(value, null).ok);
    if (quantity !== undefined) out.set('netContent', quantity[1]);
    for (const [header, value] of row.passThrough) out.passThrough(header, value);
    if (parentMissing) {
      out.warn(
        null,
        'PARENT_ROW_MISSING',
        text('parent') === ''
          ? 'This variation names no parent product; it is read with its own data only.'
          : `The parent product ${quoteValue(text('parent'))} of this variation is not in the file (or is too far from it); the variation is read with its own data only.`,
      );
    }
    const hints = typeHints([
      ['category', listText(row.roles.get('categories')) || (parent?.categories ?? '')],
      ['name', name],
      ['tags', listText(row.roles.get('tags')) || (parent?.tags ?? '')],
    ]);
    return out.event(row.origin, hints);
  }

  /** WooCommerce names a variation "<parent> - <its attribute values>" when it has no name of its own. */
  private variationName(parent: WooParent | undefined, attributes: readonly [string, string][]): string {
    if (parent === undefined || parent.name === '') return '';
    const values = attributes.map(([, value]) => value).filter((value) => value !== '');
    return values.length === 0 ? parent.name : `${parent.name} - ${values.join(', ')}`;
  }

  /** Regular price; the sale price when it is lower and its dates include today. */
  private prices(out: CanonicalRecord, row: WooRow): void {
    const regular = row.roles.get('regularPrice');
    const sale = row.roles.get('salePrice');
    const saleOn =
      sale !== undefined &&
      saleWindowOpen(textOf(row.roles.get('saleStarts')), textOf(row.roles.get('saleEnds')), this.today);
    if (regular === undefined) out.set('price', saleOn ? sale : undefined);
    else {
      out.set('price', regular);
      // Not comparable: both go on, and the row parser says which one is not a price.
      if (saleOn && (compareAmounts(sale, regular) ?? -1) < 0) out.set('salePrice', sale);
    }
    if (out.fields.has('price')) out.currencyFrom(this.profile);
  }

  /**
   * Stock as WooCommerce manages it: a number when it manages stock, "parent" when the parent
   * does, else only "In stock?" (1, 0 or backorder).
   */
  private stock(out: CanonicalRecord, row: WooRow, parent: WooParent | undefined, sku: string): void {
    let stock = textOf(row.roles.get('stock'));
    let status = textOf(row.roles.get('stockStatus'));
    if (foldText(stock) === 'parent') {
      stock = parent?.stock ?? '';
      status = parent?.stockStatus || status;
    }
    if (stock !== '' && foldText(stock) !== 'parent') {
      out.set('stock', stock);
      return;
    }
    const folded = foldText(status);
    if (folded === '0') out.set('stock', '0');
    else if (folded === '1' || folded === 'backorder') {
      const state = folded === 'backorder' ? 'on backorder' : 'in stock';
      out.defaultStock(
        this.profile,
        `WooCommerce says ${quoteValue(sku)} is ${state} but manages no stock quantity for it`,
      );
    }
  }
}

export function createWooCommerceExport(limits: Partial<WooCommerceLimits> = {}): ShopExport {
  const bounds: WooCommerceLimits = { ...DEFAULT_LIMITS, ...limits };
  return defineShopExport({
    system: 'woocommerce',
    recognises: (headers) => hasSignature(headers, [WOO_COLUMNS.type, WOO_COLUMNS.name], SIGNATURE),
    target: (header, names) => targetOf(classify(header), header, names),
    reading: (context) => new WooReading(context, bounds),
  });
}

export const wooCommerceExport: ShopExport = createWooCommerceExport();
