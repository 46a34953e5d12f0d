/**
 * Shopify product CSV, read by its documented semantics (help.shopify.com "Using CSV files to
 * import and export products"): the rows of one product share its Handle and come together;
 * the first carries the product (title, body, vendor, type, tags, status) and its first
 * variant, later rows carry more variants or only an image. So one product is held at a time
 * (bounded) and its variants are written out when the next Handle starts, each with every
 * image of the product. Columns a profile maps, metafields and undocumented columns are not
 * read by these rules: the first two become what the profile or the metafield says, the last
 * pass through under their own header for the ordinary column mapping.
 */
import { type HeaderField, mapHeader } from '../headers.ts';
import { foldText } from '../normalise-key.ts';
import type { ColumnTarget, ProfileLookup } from '../producer-profile.ts';
import type { RawRecord, RawValue } from '../readers/raw-record.ts';
import { quoteValue } from '../values/cell-text.ts';
import { parseQuantity } from '../values/quantities.ts';
import { resolveQuantityUnit } from '../vocabulary.ts';
import { htmlToText } from './html-text.ts';
import {
  CanonicalRecord,
  compareAmounts,
  declaredType,
  defineShopExport,
  foldLabel,
  HeaderMemo,
  hasSignature,
  isPositiveAmount,
  LabelIndex,
  nameKey,
  notListed,
  type RowOrigin,
  type ShopReading,
  slug,
  textOf,
  typeHints,
  weightText,
} from './shop-cells.ts';
import type { ShopEvent, ShopExport, ShopExportContext } from './shop-export.ts';
import {
  SHOPIFY_COLUMNS,
  SHOPIFY_DEFAULT_TITLE,
  SHOPIFY_IGNORED_COLUMNS,
  SHOPIFY_IGNORED_PREFIXES,
  SHOPIFY_PRODUCT_ROLES,
  SHOPIFY_SIGNATURE_COLUMNS,
  SHOPIFY_VARIANT_ROLES,
  type ShopifyRole,
} from './shopify-columns.ts';

export interface ShopifyLimits {
  /** Rows of one Handle held before its variants are written out (Shopify allows 2,048 variants and 250 images). */
  maxRowsPerProduct: number;
  /** Products remembered after their rows end, for a Handle whose rows come back later in the file. */
  maxRememberedProducts: number;
  /** Images kept per product (Shopify's own limit). */
  maxImages: number;
}

const DEFAULT_LIMITS: ShopifyLimits = { maxRowsPerProduct: 5000, maxRememberedProducts: 256, maxImages: 250 };

type ShopifyColumn =
  | { kind: 'role'; role: ShopifyRole }
  | { kind: 'ignored' }
  | { kind: 'metafield'; label: string; product: boolean }
  /** Not read by the rules: passed through; `product` when its value belongs to the whole product. */
  | { kind: 'other'; product?: boolean };

const LABELS = new LabelIndex(SHOPIFY_COLUMNS);
const IGNORED: ReadonlySet<string> = new Set(SHOPIFY_IGNORED_COLUMNS.map(foldLabel));
const IGNORED_PREFIXES = SHOPIFY_IGNORED_PREFIXES.map(foldLabel);
const SIGNATURE: ReadonlySet<string> = new Set(SHOPIFY_SIGNATURE_COLUMNS.map(foldLabel));
const METAFIELD_KEY = /^(product|variant)\.metafields\./iu;
const OPTION_ROLES = [
  ['option1Name', 'option1Value'],
  ['option2Name', 'option2Value'],
  ['option3Name', 'option3Value'],
] as const satisfies readonly (readonly [ShopifyRole, ShopifyRole])[];

/** "Variety (product.metafields.custom.variety)" -> Variety, product-level. */
function metafieldOf(header: string): { label: string; product: boolean } | null {
  const trimmed = header.trim();
  if (!trimmed.endsWith(')')) return null;
  const open = trimmed.lastIndexOf('(');
  if (open <= 0) return null;
  const key = trimmed.slice(open + 1, -1);
  const level = METAFIELD_KEY.exec(key)?.[1];
  const label = trimmed.slice(0, open).trim();
  if (level === undefined || label === '') return null;
  return { label, product: level.toLowerCase() === 'product' };
}

function classify(header: string): ShopifyColumn {
  const role = LABELS.roleOf(header);
  if (role !== undefined) return { kind: 'role', role };
  const folded = foldLabel(header);
  if (IGNORED.has(folded) || IGNORED_PREFIXES.some((prefix) => folded.startsWith(prefix))) {
    return { kind: 'ignored' };
  }
  const metafield = metafieldOf(header);
  return metafield === null ? { kind: 'other' } : { kind: 'metafield', ...metafield };
}

/** What the report says about a documented column. */
const RULE_ROLES: ReadonlySet<ShopifyRole> = new Set([
  'published',
  'status',
  'giftCard',
  'inventoryTracker',
  'imagePosition',
  'unitMeasureUnit',
]);

function targetOf(column: ShopifyColumn, names: HeaderField): ColumnTarget | null {
  if (column.kind === 'ignored') return { kind: 'ignore' };
  if (column.kind === 'metafield') return { kind: 'attribute', name: column.label };
  if (column.kind === 'other') return null;
  const fields: Partial<Record<ShopifyRole, HeaderField>> = {
    handle: 'itemGroupId',
    title: names,
    body: 'description',
    vendor: 'brand',
    type: 'productType',
    sku: 'sku',
    grams: 'grossWeight',
    inventoryQty: 'stock',
    price: 'price',
    // The "compare at" price is the regular one whenever it is given (Variant Price is then the sale).
    compareAtPrice: 'price',
    category: 'productType',
    barcode: 'gtin',
    imageSrc: 'images',
    variantImage: 'images',
    unitMeasure: 'netContent',
  };
  const field = fields[column.role];
  if (field !== undefined) return { kind: 'field', field };
  if (column.role === 'tags') return { kind: 'attribute', name: 'tags' };
  // Option values become attributes named by their Option Name (and a net content when they are
  // quantities); the listing status decides whether the row is a product at all.
  if (OPTION_ROLES.some(([, value]) => value === column.role)) return { kind: 'rule' };
  if (RULE_ROLES.has(column.role)) return { kind: 'rule' };
  return { kind: 'ignore' };
}

function isFalse(value: RawValue | undefined): boolean {
  if (value === false) return true;
  const text = foldText(textOf(value));
  return text === 'false' || text === '0' || text === 'no';
}

function isTrue(value: RawValue | undefined): boolean {
  if (value === true) return true;
  const text = foldText(textOf(value));
  return text === 'true' || text === '1' || text === 'yes';
}

/** One row, reduced to what the rules read. */
interface ShopifyRow {
  origin: RowOrigin;
  roles: Map<ShopifyRole, RawValue>;
  metafields: { label: string; product: boolean; value: RawValue }[];
  passThrough: { header: string; product: boolean; value: RawValue }[];
}

interface ProductImage {
  src: string;
  position: number;
  order: number;
}

/** What a product's first row says, inherited by all its variants. */
interface ProductData {
  handle: string;
  title: string;
  description: string;
  vendor: string;
  category: string;
  type: string;
  tags: string;
  status: string;
  published: RawValue | undefined;
  giftCard: RawValue | undefined;
  optionNames: [string, string, string];
  metafields: Map<string, RawValue>;
  passThrough: Map<string, RawValue>;
  images: ProductImage[];
  /** Variants already read for this Handle (its rows came back later in the file). */
  variantsBefore: number;
}

interface ProductGroup {
  key: string;
  product: ProductData;
  first: ShopifyRow;
  variants: ShopifyRow[];
  /** Variants seen so far, including those already written out. */
  variantCount: number;
  heldRows: number;
  /** No product row came before these rows and none was remembered for their Handle. */
  productRowMissing: boolean;
  /** The product's first row was already written out as a variant (the group was flushed part-way). */
  flushedBefore: boolean;
}

function productFrom(handle: string, row: ShopifyRow): ProductData {
  const text = (role: ShopifyRole) => textOf(row.roles.get(role));
  const metafields = new Map<string, RawValue>();
  for (const metafield of row.metafields)
    if (metafield.product) metafields.set(metafield.label, metafield.value);
  const passThrough = new Map<string, RawValue>();
  for (const column of row.passThrough) if (column.product) passThrough.set(column.header, column.value);
  return {
    handle,
    title: text('title'),
    // Shopify: "the product description in HTML format. You can also use plain text."
    description: htmlToText(text('body'), { lineBreaks: 'auto', oneLine: true }),
    vendor: text('vendor'),
    category: text('category'),
    type: text('type'),
    tags: text('tags'),
    status: text('status'),
    published: row.roles.get('published'),
    giftCard: row.roles.get('giftCard'),
    optionNames: [text('option1Name'), text('option2Name'), text('option3Name')],
    metafields,
    passThrough,
    images: [],
    variantsBefore: 0,
  };
}

interface VariantOption {
  name: string;
  value: string;
}

/** The options that tell this variant apart: not "Default Title", which a product without options has. */
function realOptions(product: ProductData, variant: ShopifyRow): VariantOption[] {
  const options: VariantOption[] = [];
  OPTION_ROLES.forEach(([nameRole, valueRole], index) => {
    const value = textOf(variant.roles.get(valueRole));
    if (value === '' || value === SHOPIFY_DEFAULT_TITLE) return;
    const name = textOf(variant.roles.get(nameRole)) || product.optionNames[index] || `Option ${index + 1}`;
    options.push({ name, value });
  });
  return options;
}

/** Why a product is not for sale, or null when it is. */
function unlistedReason(product: ProductData, fileHasStatus: boolean): string | null {
  const status = foldText(product.status);
  if (status !== '' && status !== 'active') return `its Status is ${quoteValue(product.status)}`;
  // Published only says "on the online store"; where a Status column exists, Status decides.
  if (!fileHasStatus && isFalse(product.published)) return 'it is not published (Published is FALSE)';
  if (isTrue(product.giftCard)) return 'it is a gift card';
  return null;
}

class ShopifyReading implements ShopReading {
  private readonly profile: ProfileLookup;
  private readonly columns: HeaderMemo<ShopifyColumn>;
  private readonly seenRoles = new Set<ShopifyRole>();
  private readonly remembered = new Map<string, ProductData>();
  /** Whether a field key names the product page, per key (a file has a few dozen). */
  private readonly pageColumns = new Map<string, boolean>();
  private group: ProductGroup | null = null;

  constructor(
    context: ShopExportContext,
    private readonly limits: ShopifyLimits,
  ) {
    this.profile = context.profile;
    // A column the producer's profile maps is theirs: passed through for the profile to read.
    this.columns = new HeaderMemo((header) => {
      const column = classify(header);
      if (this.profile.column(header) === undefined) return column;
      const product =
        (column.kind === 'role' && SHOPIFY_PRODUCT_ROLES.has(column.role)) ||
        (column.kind === 'metafield' && column.product);
      return { kind: 'other', product } as const;
    });
  }

  *add(record: RawRecord): Generator<ShopEvent> {
    const row = this.view(record);
    const handle = textOf(row.roles.get('handle'));
    // A row without a Handle is a product of its own (Shopify makes one from a Title-only row).
    const key = handle === '' ? `\u0000${record.row}` : handle;
    if (this.group !== null && this.group.key !== key) yield* this.flush(false);
    if (this.group === null) this.group = this.start(key, handle, row);
    this.include(this.group, row);
    if (this.group.heldRows >= this.limits.maxRowsPerProduct) yield* this.flush(true);
  }

  *finish(): Generator<ShopEvent> {
    if (this.group !== null) yield* this.flush(false);
  }

  private view(record: RawRecord): ShopifyRow {
    const row: ShopifyRow = {
      origin: { row: record.row, extraCells: record.extraCells, missingCells: record.missingCells },
      roles: new Map(),
      metafields: [],
      passThrough: [],
    };
    for (const [header, value] of record.fields) {
      const column = this.columns.of(header);
      if (column.kind === 'role') this.seenRoles.add(column.role);
      if (textOf(value) === '') continue;
      if (column.kind === 'role') row.roles.set(column.role, value);
      else if (column.kind === 'metafield') row.metafields.push({ ...column, value });
      else if (column.kind === 'other')
        row.passThrough.push({ header, product: column.product === true, value });
    }
    return row;
  }

  private start(key: string, handle: string, row: ShopifyRow): ProductGroup {
    const hasProductRow = row.roles.has('title') || row.passThrough.some((column) => column.product);
    const known = hasProductRow ? undefined : this.remembered.get(handle);
    return {
      key,
      product: known ?? productFrom(handle, row),
      first: row,
      variants: [],
      variantCount: 0,
      heldRows: 0,
      productRowMissing: !hasProductRow && known === undefined && this.seenRoles.has('title'),
      flushedBefore: false,
    };
  }

  private include(group: ProductGroup, row: ShopifyRow): void {
    group.heldRows += 1;
    const src = textOf(row.roles.get('imageSrc'));
    if (src !== '' && group.product.images.length < this.limits.maxImages) {
      const position = Number(textOf(row.roles.get('imagePosition')));
      group.product.images.push({
        src,
        position: Number.isFinite(position) && position > 0 ? position : Number.POSITIVE_INFINITY,
        order: group.product.images.length,
      });
    }
    if ([...row.roles.keys()].some((role) => SHOPIFY_VARIANT_ROLES.has(role))) {
      group.variants.push(row);
      group.variantCount += 1;
    }
  }

  /** Writes out the held variants; `partway` when the Handle's rows go on past the bound. */
  private *flush(partway: boolean): Generator<ShopEvent> {
    const group = this.group;
    if (group === null) return;
    // A product row without variant data still is the product's one (default) variant.
    const variants =
      group.variants.length === 0 && !group.flushedBefore && !partway ? [group.first] : group.variants;
    const multiVariant = group.product.variantsBefore + Math.max(group.variantCount, variants.length) > 1;
    const images = [...group.product.images].sort((a, b) => a.position - b.position || a.order - b.order);
    for (const variant of variants) yield this.variantEvent(group, variant, multiVariant, images);
    if (partway) {
      group.variants = [];
      group.heldRows = 0;
      group.flushedBefore = true;
      return;
    }
    this.group = null;
    group.product.variantsBefore += Math.max(group.variantCount, variants.length);
    if (group.product.handle !== '') this.remember(group.product);
  }

  private remember(product: ProductData): void {
    this.remembered.delete(product.handle);
    this.remembered.set(product.handle, product);
    if (this.remembered.size > this.limits.maxRememberedProducts) {
      const oldest = this.remembered.keys().next().value;
      if (oldest !== undefined) this.remembered.delete(oldest);
    }
  }

  private variantEvent(
    group: ProductGroup,
    variant: ShopifyRow,
    multiVariant: boolean,
    images: readonly ProductImage[],
  ): ShopEvent {
    const { product } = group;
    const options = realOptions(product, variant);
    const sku = textOf(variant.roles.get('sku'));
    const derived = sku === '' ? this.derivedSku(product, variant, options, multiVariant) : '';
    const reason = unlistedReason(product, this.seenRoles.has('status'));
    if (reason !== null) {
      const what = product.title === '' ? `Handle ${quoteValue(product.handle)}` : quoteValue(product.title);
      return notListed(
        variant.origin.row,
        sku || derived,
        `${what}: ${reason} in Shopify, so it is not listed.`,
      );
    }
    const out = new CanonicalRecord();
    out.set('sku', sku || derived);
    if (derived !== '') {
      out.warn(
        'sku',
        'SKU_DERIVED',
        `The variant has no SKU; ${quoteValue(derived)} was built from its Handle${options.length > 0 && multiVariant ? ' and options' : ''}. Give it a SKU in Shopify to keep it stable.`,
      );
    }
    const title =
      options.length === 0 ? product.title : `${product.title} - ${options.map((o) => o.value).join(' / ')}`;
    if (product.title !== '') out.set(nameKey(this.profile), title);
    out.set('description', product.description);
    out.set('brand', product.vendor);
    const type = declaredType(product.type, this.profile);
    if (type !== null) out.set('productType', type);
    this.prices(out, variant);
    const grams = variant.roles.get('grams');
    if (isPositiveAmount(grams)) out.set('grossWeight', weightText(grams, 'g'));
    out.set('netContent', this.netContent(variant, options));
    this.stock(out, variant, sku || derived);
    out.set('gtin', variant.roles.get('barcode'));
    const imageList = [textOf(variant.roles.get('variantImage')), ...images.map((image) => image.src)];
    out.set('images', [...new Set(imageList.filter((src) => src !== ''))]);
    if (multiVariant) out.set('itemGroupId', product.handle);
    for (const option of options) out.attribute(option.name, option.value);
    out.attribute('tags', product.tags);
    this.extras(out, product, variant);
    this.productPage(out, product);
    if (group.productRowMissing) {
      out.warn(
        null,
        'PARENT_ROW_MISSING',
        `No row with the product's Title comes before this row of Handle ${quoteValue(product.handle)}; the variant is read with its own data only.`,
      );
    }
    const hints = typeHints([
      ['type', product.type],
      ['category', product.category],
      ['name', product.title],
      ['tags', product.tags],
    ]);
    return out.event(variant.origin, hints);
  }

  private derivedSku(
    product: ProductData,
    variant: ShopifyRow,
    options: readonly VariantOption[],
    multiVariant: boolean,
  ): string {
    const base = product.handle === '' ? slug(product.title) : product.handle;
    if (!multiVariant) return base;
    const values = slug(options.map((option) => option.value).join(' '));
    return `${base}-${values === '' ? String(variant.origin.row) : values}`;
  }

  /** The compare-at price is the regular price when it is higher; the variant's price is then a sale. */
  private prices(out: CanonicalRecord, variant: ShopifyRow): void {
    const price = variant.roles.get('price');
    const compareAt = variant.roles.get('compareAtPrice');
    if (compareAmounts(compareAt, price) === 1) {
      out.set('price', compareAt);
      out.set('salePrice', price);
    } else out.set('price', price);
    if (out.fields.has('price')) out.currencyFrom(this.profile);
  }

  /** Net content from the unit-price measure ("250" + "g"), else from an option that is a quantity ("250g"). */
  private netContent(variant: ShopifyRow, options: readonly VariantOption[]): string | undefined {
    const measure = variant.roles.get('unitMeasure');
    const unit = textOf(variant.roles.get('unitMeasureUnit'));
    if (isPositiveAmount(measure) && resolveQuantityUnit(unit) !== null) return `${textOf(measure)} ${unit}`;
    return options.find((option) => parseQuantity(option.value, null).ok)?.value;
  }

  /**
   * Inventory quantity when Shopify tracks it. Shopify writes the tracker blank when it does
   * not, and then sells the item whatever the quantity says: that is stock without a number.
   */
  private stock(out: CanonicalRecord, variant: ShopifyRow, sku: string): void {
    if (!this.seenRoles.has('inventoryQty')) return;
    if (this.seenRoles.has('inventoryTracker') && !variant.roles.has('inventoryTracker')) {
      out.defaultStock(this.profile, `Shopify does not track the inventory of ${quoteValue(sku)}`);
      return;
    }
    out.set('stock', variant.roles.get('inventoryQty') ?? '0');
  }

  /**
   * The product's page on the shop, https://<shop>/products/<handle> (Shopify's address of a
   * product), when the profile gives the shop's address and no column of the row already names a
   * page: a producer's own page column, or one their profile maps, wins.
   */
  private productPage(out: CanonicalRecord, product: ProductData): void {
    const shop = this.profile.defaults.shopUrl;
    if (shop === undefined || product.handle === '') return;
    for (const key of out.fields.keys()) if (this.namesProductPage(key)) return;
    out.set('link', `${shop.replace(/\/+$/u, '')}/products/${encodeURIComponent(product.handle)}`);
  }

  private namesProductPage(key: string): boolean {
    let names = this.pageColumns.get(key);
    if (names === undefined) {
      const mapped = this.profile.column(key);
      names =
        mapped === undefined
          ? mapHeader(key)?.field === 'link'
          : mapped.kind === 'field' && mapped.field === 'link';
      this.pageColumns.set(key, names);
    }
    return names;
  }

  /** Metafields become attributes; passed-through columns keep their header. Product-level ones are inherited. */
  private extras(out: CanonicalRecord, product: ProductData, variant: ShopifyRow): void {
    const own = new Set<string>();
    for (const metafield of variant.metafields) {
      own.add(metafield.label);
      out.attribute(metafield.label, metafield.value);
    }
    for (const [label, value] of product.metafields) if (!own.has(label)) out.attribute(label, value);
    const ownHeaders = new Set<string>();
    for (const column of variant.passThrough) {
      ownHeaders.add(column.header);
      out.passThrough(column.header, column.value);
    }
    for (const [header, value] of product.passThrough)
      if (!ownHeaders.has(header)) out.passThrough(header, value);
  }
}

export function createShopifyExport(limits: Partial<ShopifyLimits> = {}): ShopExport {
  const bounds: ShopifyLimits = { ...DEFAULT_LIMITS, ...limits };
  return defineShopExport({
    system: 'shopify',
    recognises: (headers) =>
      hasSignature(headers, [SHOPIFY_COLUMNS.handle, SHOPIFY_COLUMNS.title], SIGNATURE),
    target: (header, names) => targetOf(classify(header), names),
    reading: (context) => new ShopifyReading(context, bounds),
  });
}

export const shopifyExport: ShopExport = createShopifyExport();
