/**
 * A Google Merchant Center product feed read as a catalogue (support.google.com/merchants
 * "Product data specification"): a text feed (TSV or CSV with a header row) or an RSS 2.0
 * feed with the g: namespace, one item per product. Each item stands alone (variants share an
 * item_group_id), so nothing is held. Prices carry their currency ("12.50 USD"); availability
 * says whether there is stock but not how much.
 */
import type { HeaderField } from '../headers.ts';
import { foldText } from '../normalise-key.ts';
import type { ColumnTarget, ProfileLookup } from '../producer-profile.ts';
import type { RawRecord, RawValue } from '../readers/raw-record.ts';
import { cellText, quoteValue } from '../values/cell-text.ts';
import { splitCurrencyTokens } from '../values/price.ts';
import { parseQuantity } from '../values/quantities.ts';
import {
  GOOGLE_ATTRIBUTE_ROLES,
  GOOGLE_ATTRIBUTES,
  GOOGLE_IGNORED_ATTRIBUTES,
  type GoogleRole,
} from './google-merchant-columns.ts';
import { htmlToText } from './html-text.ts';
import {
  CanonicalRecord,
  compareAmounts,
  declaredType,
  defineShopExport,
  HeaderMemo,
  isoToday,
  nameKey,
  type ShopReading,
  saleWindowOpen,
  textOf,
  typeHints,
  unitWeightText,
} from './shop-cells.ts';
import type { ShopEvent, ShopExport, ShopExportContext } from './shop-export.ts';

type GoogleColumn = { kind: 'role'; role: GoogleRole } | { kind: 'ignored' } | { kind: 'other' };

const ROLES = new Map<string, GoogleRole>(
  (Object.keys(GOOGLE_ATTRIBUTES) as GoogleRole[]).flatMap((role) =>
    GOOGLE_ATTRIBUTES[role].map((name): [string, GoogleRole] => [name, role]),
  ),
);
/** RSS's own item elements, beside Google's. */
const RSS_ELEMENTS = ['guid', 'pubdate', 'author', 'comments', 'enclosure', 'source', 'category'];
const IGNORED: ReadonlySet<string> = new Set([...GOOGLE_IGNORED_ATTRIBUTES, ...RSS_ELEMENTS]);
const NAMESPACE_PREFIX = /^g:/iu;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//iu;

/** "g:image_link", "image link", "Image_Link" -> image_link. */
function attributeName(header: string): string {
  return foldText(header.trim().replace(NAMESPACE_PREFIX, '')).trim().replace(/\s+/gu, '_');
}

function classify(header: string): GoogleColumn {
  const name = attributeName(header);
  const role = ROLES.get(name);
  if (role !== undefined) return { kind: 'role', role };
  if (IGNORED.has(name)) return { kind: 'ignored' };
  // A structured attribute flattened by the XML reader ("g:shipping.g:price"): its parts are not
  // attributes of the product.
  const dot = name.indexOf('.');
  if (dot > 0) {
    const group = name.slice(0, dot);
    if (ROLES.has(group) || IGNORED.has(group)) return { kind: 'ignored' };
  }
  return { kind: 'other' };
}

/** Attributes the feed's rules read without feeding one field: when a sale price applies. */
const RULE_ROLES: ReadonlySet<GoogleRole> = new Set(['saleDates']);

function targetOf(column: GoogleColumn, names: HeaderField, hasQuantity: boolean): ColumnTarget | null {
  if (column.kind === 'ignored') return { kind: 'ignore' };
  if (column.kind === 'other') return null;
  if (GOOGLE_ATTRIBUTE_ROLES.includes(column.role)) return { kind: 'attribute', name: column.role };
  const fields: Partial<Record<GoogleRole, HeaderField>> = {
    id: 'sku',
    title: names,
    description: 'description',
    link: 'link',
    imageLink: 'images',
    additionalImageLink: 'images',
    price: 'price',
    salePrice: 'salePrice',
    // availability decides the stock unless the feed also gives quantities.
    availability: hasQuantity ? undefined : 'stock',
    quantity: 'stock',
    shippingWeight: 'grossWeight',
    unitPricingMeasure: 'netContent',
    gtin: 'gtin',
    brand: 'brand',
    productType: 'productType',
    googleProductCategory: 'productType',
    itemGroupId: 'itemGroupId',
  };
  const field = fields[column.role];
  if (field !== undefined) return { kind: 'field', field };
  return RULE_ROLES.has(column.role) ? { kind: 'rule' } : { kind: 'ignore' };
}

/** A text feed's additional_image_link: addresses separated by commas (a comma inside an address stays). */
function splitLinks(text: string): string[] {
  const links: string[] = [];
  for (const piece of text.split(',')) {
    const trimmed = piece.trim();
    const last = links.length - 1;
    if (last >= 0 && !SCHEME.test(trimmed)) links[last] = `${links[last]},${piece}`;
    else links.push(trimmed);
  }
  return links.map((link) => link.trim());
}

/** The texts of a value: a repeated XML element is a list. */
function textsOf(value: RawValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((item) => cellText(item).trim()).filter((text) => text !== '');
  const text = textOf(value);
  return text === '' ? [] : [text];
}

interface GoogleItem {
  roles: Map<GoogleRole, string[]>;
  passThrough: [string, RawValue][];
}

class GoogleReading implements ShopReading {
  private readonly profile: ProfileLookup;
  private readonly today: string;
  private readonly columns: HeaderMemo<GoogleColumn>;

  constructor(context: ShopExportContext) {
    this.profile = context.profile;
    this.today = context.today ?? isoToday();
    this.columns = new HeaderMemo((header) =>
      context.profile.column(header) === undefined ? classify(header) : { kind: 'other' },
    );
  }

  private view(record: RawRecord): GoogleItem {
    const item: GoogleItem = { roles: new Map(), passThrough: [] };
    for (const [header, value] of record.fields) {
      const texts = textsOf(value);
      if (texts.length === 0) continue;
      const column = this.columns.of(header);
      if (column.kind === 'role')
        item.roles.set(column.role, [...(item.roles.get(column.role) ?? []), ...texts]);
      else if (column.kind === 'other') item.passThrough.push([header, value]);
    }
    return item;
  }

  add(record: RawRecord): ShopEvent[] {
    return [this.event(record)];
  }

  finish(): ShopEvent[] {
    return [];
  }

  private event(record: RawRecord): ShopEvent {
    const item = this.view(record);
    const all = (role: GoogleRole) => item.roles.get(role) ?? [];
    const first = (role: GoogleRole) => all(role)[0] ?? '';
    const out = new CanonicalRecord();
    out.set('sku', first('id'));
    out.set(nameKey(this.profile), first('title'));
    out.set('description', htmlToText(first('description'), { lineBreaks: 'auto', oneLine: true }));
    out.set('link', first('link'));
    const images = [...all('imageLink'), ...all('additionalImageLink').flatMap(splitLinks)];
    out.set('images', [...new Set(images.filter((image) => image !== ''))]);
    this.prices(out, first('price'), first('salePrice'), first('saleDates'));
    this.stock(out, first('availability'), first('quantity'), first('id'));
    out.set('grossWeight', unitWeightText(first('shippingWeight')));
    const measure = first('unitPricingMeasure');
    // unit_pricing_measure may be a count or a length ("12 ct", "2 m"): only a weight or volume is net content.
    if (measure !== '' && parseQuantity(measure, null).ok) out.set('netContent', measure);
    out.set('gtin', first('gtin'));
    out.set('brand', first('brand'));
    const type = declaredType(first('productType'), this.profile);
    if (type !== null) out.set('productType', type);
    out.set('itemGroupId', first('itemGroupId'));
    for (const role of GOOGLE_ATTRIBUTE_ROLES) out.attribute(role, first(role));
    for (const [header, value] of item.passThrough) out.passThrough(header, value);
    const hints = typeHints([
      ...all('productType').map((text) => ['product_type', text] as const),
      ['google_product_category', first('googleProductCategory')],
      ['name', first('title')],
    ]);
    return out.event(record, hints);
  }

  /** The currency is in the value ("12.50 USD"); a price written without one takes the profile's. */
  private prices(out: CanonicalRecord, price: string, sale: string, saleDates: string): void {
    out.set('price', price);
    if (price !== '' && splitCurrencyTokens(price).tokens.length === 0) out.currencyFrom(this.profile);
    if (sale === '') return;
    const [from = '', to = ''] = saleDates.split('/');
    if (!saleWindowOpen(from, to, this.today)) return;
    if ((compareAmounts(sale, price) ?? -1) < 0) out.set('salePrice', sale);
  }

  private stock(out: CanonicalRecord, availability: string, quantity: string, id: string): void {
    const state = foldText(availability).trim().replace(/\s+/gu, '_');
    if (state === 'out_of_stock' || state === 'preorder' || state === 'backorder') {
      out.set('stock', '0');
      return;
    }
    if (quantity !== '') {
      out.set('stock', quantity);
      return;
    }
    if (state === 'in_stock') {
      out.defaultStock(this.profile, `The feed says ${quoteValue(id)} is in stock without a quantity`);
    }
  }
}

function recognises(headers: readonly string[]): boolean {
  const names = new Set(headers.map(attributeName));
  if (!names.has('id') || !names.has('title') || !names.has('price')) return false;
  const namespaced = headers.some((header) => NAMESPACE_PREFIX.test(header.trim()));
  return namespaced || (names.has('image_link') && names.has('availability'));
}

function isQuantity(header: string): boolean {
  const column = classify(header);
  return column.kind === 'role' && column.role === 'quantity';
}

export const googleMerchantExport: ShopExport = defineShopExport({
  system: 'google-merchant',
  recognises,
  target: (header, names, headers) => targetOf(classify(header), names, headers.some(isQuantity)),
  reading: (context) => new GoogleReading(context),
});
