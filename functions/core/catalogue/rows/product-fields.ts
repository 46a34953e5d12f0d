/**
 * How each canonical field of a product is read from a row: one small reader per field, run in
 * the order of PRODUCT_FIELD_READERS (the SKU first, so every later finding carries it; names
 * before the type, which may be inferred from them). Defaults for absent optional data, nothing
 * commercially meaningful ever guessed:
 * - salesUnit absent: the profile's, else 'piece' (each catalogue line is sold as one item);
 * - stock absent: 0 (nothing offered until the producer says so), without an error;
 * - origin.country absent: 'RW' (any other country is refused); district, farm and brand from
 *   the profile when the row has none;
 * - a bare number in a shelf-life column is days; a bare temperature is °C;
 * - the currency comes from the row, its columns or header, else the profile; a weight's unit
 *   is never defaulted.
 */

import type { HeaderField } from '../headers.ts';
import type { TypeHint } from '../inference/infer-product-type.ts';
import { inferProductType } from '../inference/infer-product-type.ts';
import type { Certification, Locale, Money, ProductType, SalesUnit } from '../model.ts';
import { SKU_PATTERN } from '../model-constants.ts';
import { memoisedLookup, normaliseKey } from '../normalise-key.ts';
import type { ProfileLookup } from '../producer-profile.ts';
import type { RawValue } from '../readers/raw-record.ts';
import { cellText, quoteValue } from '../values/cell-text.ts';
import { parseGtin, parseHsCode, parseImageUrls } from '../values/codes-and-addresses.ts';
import { parseDate } from '../values/dates.ts';
import { parseWholeNumber } from '../values/decimal.ts';
import { type PriceResult, resolvePrice } from '../values/price.ts';
import {
  parseQuantity,
  parseShelfLifeDays,
  parseTemperature,
  parseTemperatureRange,
} from '../values/quantities.ts';
import type { Parsed } from '../values/value-result.ts';
import {
  daysPerDurationUnit,
  findInUnit,
  isRwanda,
  PRODUCT_TYPE_ALIASES,
  resolveCertification,
  resolveCurrency,
  resolveProductType,
  resolveQuantityUnit,
  resolveSalesUnit,
  resolveTemperatureUnit,
} from '../vocabulary.ts';
import type { Cell, RowFindings, RowInput } from './row-input.ts';
import type { SkuIndex } from './sku-index.ts';

/** What every row of one file shares. */
export interface RowContext {
  producerId: string;
  /** The producer id normalised, to compare producer columns with. */
  producerKey: string;
  profile: ProfileLookup;
  /** First row of each SKU (folded) seen so far in the file. */
  firstRowOfSku: SkuIndex;
}

/** The product being assembled from one row, and what later readers need of earlier ones. */
export interface ProductDraft {
  candidate: Record<string, unknown>;
  sku: string | null;
  names: Partial<Record<Locale, string>>;
  price: Money | null;
  /** Texts the product type may be inferred from (a shop export's tags, product type...). */
  typeHints: readonly TypeHint[];
}

export type FieldReader = (
  input: RowInput,
  draft: ProductDraft,
  found: RowFindings,
  context: RowContext,
) => void;

const NAME_LOCALES: readonly [HeaderField, Locale][] = [
  ['names.en', 'en'],
  ['names.fr', 'fr'],
  ['names.rw', 'rw'],
  ['names.zh-CN', 'zh-CN'],
];
const ATTRIBUTE_FIELDS: readonly [HeaderField, string][] = [
  ['attributes.variety', 'variety'],
  ['attributes.process', 'process'],
  ['attributes.grade', 'grade'],
  ['attributes.roast', 'roast'],
];
const CERTIFICATION_SEPARATORS = /\s*[,;|/\n]\s*/u;
const PRODUCT_TYPE_EXAMPLES = Object.values(PRODUCT_TYPE_ALIASES)
  .map((aliases) => aliases[0])
  .filter((alias): alias is NonNullable<typeof alias> => alias !== undefined)
  .join(', ');

// Header units are the same on every row; resolve each distinct one once.
const headerCurrency = memoisedLookup((unit: string) => findInUnit(unit, resolveCurrency));
const headerQuantityUnit = memoisedLookup((unit: string) => findInUnit(unit, resolveQuantityUnit));
const headerDaysPerUnit = memoisedLookup((unit: string) => findInUnit(unit, daysPerDurationUnit));
const headerTemperatureScale = memoisedLookup((unit: string) => findInUnit(unit, resolveTemperatureUnit));

function unitOf<T>(cell: Cell | undefined, lookup: (unit: string) => T | null): T | null {
  const unit = cell?.mapping.headerUnit;
  return unit === undefined ? null : lookup(unit);
}

function readParsed<T>(
  input: RowInput,
  field: HeaderField,
  parse: (value: RawValue) => Parsed<T>,
  found: RowFindings,
): T | undefined {
  const cell = input.get(field);
  if (cell === undefined) return undefined;
  const result = parse(cell.value);
  if (result.ok) {
    if (result.warning !== undefined) found.warnings.push({ field, ...result.warning });
    return result.value;
  }
  found.error(field, result.problem.code, result.problem.message);
  return undefined;
}

const readTableShape: FieldReader = (input, _draft, found) => {
  const { extraCells, missingCells } = input.record;
  if (extraCells !== undefined && extraCells > 0) {
    found.error(
      null,
      'ROW_TOO_MANY_CELLS',
      `Row has ${extraCells} more cell(s) than the header has columns; check for an unquoted separator.`,
    );
  }
  if (missingCells !== undefined && missingCells > 0) {
    found.warning(
      null,
      'ROW_TOO_FEW_CELLS',
      `Row has ${missingCells} fewer cell(s) than the header has columns; the missing ones are read as empty.`,
    );
  }
};

/** Products always belong to the uploading producer: a producer column only serves to refuse. */
const readProducer: FieldReader = (input, _draft, found, context) => {
  const foreign = input.producers.find((value) => {
    const text = cellText(value).trim();
    return text !== '' && normaliseKey(text).key !== context.producerKey;
  });
  if (foreign === undefined) return;
  found.error(
    'producerId',
    'PRODUCER_MISMATCH',
    `Row names producer ${quoteValue(cellText(foreign).trim())} but this catalogue is uploaded by ${quoteValue(context.producerId)}.`,
  );
};

/** Duplicate SKUs (compared without case): the first row wins, later rows get SKU_DUPLICATE. */
const readSku: FieldReader = (input, draft, found, context) => {
  const text = input.text('sku');
  if (text === undefined) {
    if (!found.failed.has('sku'))
      found.error('sku', 'REQUIRED_MISSING', 'SKU is missing; every product needs its own code.');
    return;
  }
  // skuSchema is this pattern on a string: the test itself, without a zod parse per row.
  if (!SKU_PATTERN.test(text)) {
    found.error(
      'sku',
      'SKU_INVALID',
      `SKU ${quoteValue(text)} is not valid; expected up to 64 letters, digits and . _ / -, starting with a letter or digit.`,
    );
    return;
  }
  draft.sku = text;
  draft.candidate.sku = text;
  const firstRow = context.firstRowOfSku.claim(text, input.record.row);
  if (firstRow !== undefined) {
    found.error(
      'sku',
      'SKU_DUPLICATE',
      `SKU ${quoteValue(text)} already appears on row ${firstRow}; only the first row with a SKU is used.`,
    );
  }
};

const readNames: FieldReader = (input, draft, found) => {
  for (const [field, locale] of NAME_LOCALES) {
    const name = input.text(field);
    if (name !== undefined) draft.names[locale] = name;
  }
  draft.candidate.names = draft.names;
  if (Object.keys(draft.names).length === 0 && !NAME_LOCALES.some(([field]) => found.failed.has(field))) {
    found.error(
      'names',
      'REQUIRED_MISSING',
      'Product name is missing; give at least one name (English, French, Kinyarwanda or Chinese).',
    );
  }
};

function ownType(profile: ProfileLookup): (word: string) => ProductType | undefined {
  return (word) => profile.value('productType', word) as ProductType | undefined;
}

/**
 * The type column's word (the producer's own value map first, then the vocabulary); else inferred
 * from the type text, the export's hints and the names; else the profile's default.
 */
const readProductType: FieldReader = (input, draft, found, context) => {
  const text = input.text('productType');
  const own = ownType(context.profile);
  const direct = text === undefined ? null : (own(text) ?? resolveProductType(text));
  if (direct !== null) {
    draft.candidate.productType = direct;
    return;
  }
  if (found.failed.has('productType')) return;
  const hints: TypeHint[] = [];
  if (text !== undefined) hints.push({ source: 'type', text });
  for (const hint of draft.typeHints) hints.push(hint);
  for (const name of Object.values(draft.names)) hints.push({ source: 'name', text: name });
  const inferred = inferProductType(hints, own);
  if (inferred !== null) {
    draft.candidate.productType = inferred.type;
    found.warning(
      'productType',
      'PRODUCT_TYPE_INFERRED',
      `Product type "${inferred.type}" was read from the ${inferred.from.source} ${quoteValue(inferred.from.text)}; check it, or give a type column or a value map in your profile.`,
    );
    return;
  }
  const fallback = context.profile.defaults.productType;
  if (fallback !== undefined) {
    draft.candidate.productType = fallback;
    found.warning(
      'productType',
      'PRODUCT_TYPE_DEFAULTED',
      `No product type could be read${text === undefined ? '' : ` from ${quoteValue(text)}`}; your profile's default "${fallback}" was used.`,
    );
    return;
  }
  // A shop export's own type words (its product type, category, tags) are a type text too.
  const said = text ?? draft.typeHints[0]?.text;
  if (said === undefined) {
    found.error(
      'productType',
      'REQUIRED_MISSING',
      `Product type is missing and could not be read from the name; expected one of ${PRODUCT_TYPE_EXAMPLES}, or set defaults.productType in your profile.`,
    );
  } else {
    found.error(
      'productType',
      'PRODUCT_TYPE_UNKNOWN',
      `${quoteValue(said)} is not a known product type; expected one of ${PRODUCT_TYPE_EXAMPLES} (in English, French or Kinyarwanda), or map it in your profile's values.productType.`,
    );
  }
};

const readAttributes: FieldReader = (input, draft) => {
  const { attributes } = input;
  for (const [field, name] of ATTRIBUTE_FIELDS) {
    const text = input.text(field);
    if (text !== undefined) attributes[name] = text;
  }
  draft.candidate.attributes = attributes;
};

function reportPrice(price: PriceResult, found: RowFindings, field: 'price' | 'salePrice'): void {
  // A currency cell refused for hygiene already explains why there is no currency.
  const currencyRefused = found.failed.has('price.currency');
  for (const problem of price.problems) {
    if (currencyRefused && problem.code === 'CURRENCY_UNKNOWN') continue;
    found.error(field === 'price' ? problem.field : field, problem.code, problem.message);
  }
  for (const warning of price.warnings) found.warnings.push({ ...warning, field });
}

const readPrice: FieldReader = (input, draft, found, context) => {
  const priceCell = input.get('price');
  const minorCell = input.get('price.minor');
  const price = resolvePrice({
    amount: priceCell?.value,
    minor: minorCell?.value,
    currency: input.get('price.currency')?.value,
    headerCurrency: unitOf(priceCell ?? minorCell, headerCurrency),
    defaultCurrency: context.profile.defaults.currency ?? null,
  });
  reportPrice(price, found, 'price');
  if (priceCell === undefined && minorCell === undefined && !found.failed.has('price')) {
    found.error(
      'price',
      'REQUIRED_MISSING',
      'Price is missing; expected an amount with its currency, e.g. RWF 1 500.',
    );
  }
  draft.price = price.money;
  if (price.money !== null) draft.candidate.price = price.money;
};

/** A sale price is what the shop sells at now: kept only below the price, in its currency. */
const readSalePrice: FieldReader = (input, draft, found) => {
  const cell = input.get('salePrice');
  if (cell === undefined) return;
  const sale = resolvePrice({
    amount: cell.value,
    headerCurrency: unitOf(cell, headerCurrency),
    defaultCurrency: draft.price?.currency ?? null,
  });
  reportPrice(sale, found, 'salePrice');
  const money = sale.money;
  if (money === null || draft.price === null) return;
  if (money.currency !== draft.price.currency || money.minor >= draft.price.minor) {
    found.warning(
      'salePrice',
      'SALE_PRICE_IGNORED',
      `Sale price ${quoteValue(cellText(cell.value).trim())} is not below the price in the same currency; it is left out.`,
    );
    return;
  }
  draft.candidate.salePrice = money;
};

const readSalesUnit: FieldReader = (input, draft, found, context) => {
  let salesUnit: SalesUnit = context.profile.defaults.salesUnit ?? 'piece';
  const text = input.text('salesUnit');
  if (text !== undefined) {
    const resolved =
      (context.profile.value('salesUnit', text) as SalesUnit | undefined) ?? resolveSalesUnit(text);
    if (resolved === null) {
      found.error(
        'salesUnit',
        'UNIT_UNKNOWN',
        `${quoteValue(text)} is not a known sales unit; expected bag, box, jar, tin, tray, carton, bottle, piece or kg.`,
      );
    } else salesUnit = resolved;
  }
  draft.candidate.salesUnit = salesUnit;
};

const readNetContent: FieldReader = (input, draft, found) => {
  const cell = input.get('netContent');
  if (cell === undefined || found.failed.has('netContent')) return;
  const parsed = parseQuantity(cell.value, unitOf(cell, headerQuantityUnit), input.text('netContent.unit'));
  if (parsed.ok) draft.candidate.netContent = parsed.value;
  else found.error('netContent', parsed.problem.code, parsed.problem.message);
};

/** A weight in a cell or under a header unit ("Gross weight (kg)"); a volume is refused. */
const readGrossWeight: FieldReader = (input, draft, found) => {
  const cell = input.get('grossWeight');
  if (cell === undefined || found.failed.has('grossWeight')) return;
  const parsed = parseQuantity(cell.value, unitOf(cell, headerQuantityUnit), input.text('grossWeight.unit'));
  if (!parsed.ok) {
    found.error('grossWeight', parsed.problem.code, parsed.problem.message);
    return;
  }
  const { value, unit } = parsed.value;
  if (unit === 'ml' || unit === 'l') {
    found.error(
      'grossWeight',
      'UNIT_UNKNOWN',
      `Gross weight ${quoteValue(cellText(cell.value).trim())} is a volume; expected a weight in g, kg, t or lb.`,
    );
    return;
  }
  draft.candidate.grossWeight = { value, unit };
};

const readStock: FieldReader = (input, draft, found) => {
  let stock = 0;
  const cell = input.get('stock');
  if (cell !== undefined) {
    const parsed = parseWholeNumber(cell.value);
    if (parsed.ok) stock = parsed.value;
    else found.error('stock', parsed.problem.code, parsed.problem.message);
  }
  draft.candidate.stock = stock;
};

const readCasePack: FieldReader = (input, draft, found) => {
  const cell = input.get('casePack');
  if (cell === undefined) return;
  const parsed = parseWholeNumber(cell.value);
  const shown = quoteValue(cellText(cell.value).trim());
  if (!parsed.ok) found.error('casePack', parsed.problem.code, parsed.problem.message);
  else if (parsed.value < 0)
    found.error('casePack', 'NUMBER_NEGATIVE', `Case pack ${shown} is negative; expected 1 or more.`);
  else if (parsed.value === 0)
    found.error('casePack', 'NUMBER_OUT_OF_RANGE', `Case pack ${shown} is zero; expected 1 or more.`);
  else draft.candidate.casePack = parsed.value;
};

const readOrigin: FieldReader = (input, draft, found, context) => {
  const country = input.text('origin.country');
  if (country !== undefined && !isRwanda(country)) {
    found.error(
      'origin.country',
      'VALUE_INVALID',
      `Origin ${quoteValue(country)} is not Rwanda; only Rwandan products are accepted.`,
    );
  }
  const origin: { country: 'RW'; district?: string; farm?: string } = { country: 'RW' };
  const district = input.text('origin.district') ?? context.profile.defaults.district;
  const farm = input.text('origin.farm') ?? context.profile.defaults.farm;
  if (district !== undefined) origin.district = district;
  if (farm !== undefined) origin.farm = farm;
  draft.candidate.origin = origin;
};

const readTexts: FieldReader = (input, draft, _found, context) => {
  const description = input.text('description');
  const brand = input.text('brand') ?? context.profile.defaults.brand;
  const lot = input.text('lot');
  const group = input.text('itemGroupId');
  if (description !== undefined) draft.candidate.description = description;
  if (brand !== undefined) draft.candidate.brand = brand;
  if (lot !== undefined) draft.candidate.lot = lot;
  if (group !== undefined) draft.candidate.itemGroupId = group;
};

const readCodes: FieldReader = (input, draft, found) => {
  const gtin = readParsed(input, 'gtin', parseGtin, found);
  const hsCode = readParsed(input, 'hsCode', parseHsCode, found);
  if (gtin !== undefined) draft.candidate.gtin = gtin;
  if (hsCode !== undefined) draft.candidate.hsCode = hsCode;
};

const readShelfLife: FieldReader = (input, draft, found) => {
  const cell = input.get('shelfLifeDays');
  if (cell === undefined) return;
  const parsed = parseShelfLifeDays(cell.value, unitOf(cell, headerDaysPerUnit));
  if (parsed.ok) draft.candidate.shelfLifeDays = parsed.value;
  else found.error('shelfLifeDays', parsed.problem.code, parsed.problem.message);
};

const readDates: FieldReader = (input, draft, found) => {
  const harvestDate = readParsed(input, 'harvestDate', parseDate, found);
  const packDate = readParsed(input, 'packDate', parseDate, found);
  if (harvestDate !== undefined) draft.candidate.harvestDate = harvestDate;
  if (packDate !== undefined) draft.candidate.packDate = packDate;
};

/** A range column ("2–8 °C"); dedicated min/max columns are more specific, so they win. */
const readStorageTemperature: FieldReader = (input, draft, found) => {
  const range: { minC?: number; maxC?: number } = {};
  const generic = input.get('storageTemperature');
  if (generic !== undefined) {
    const parsed = parseTemperatureRange(generic.value, unitOf(generic, headerTemperatureScale));
    if (parsed.ok) Object.assign(range, parsed.value);
    else found.error('storageTemperature', parsed.problem.code, parsed.problem.message);
  }
  for (const bound of ['minC', 'maxC'] as const) {
    const field = `storageTemperature.${bound}` as const;
    const cell = input.get(field);
    if (cell === undefined) continue;
    const parsed = parseTemperature(cell.value, unitOf(cell, headerTemperatureScale));
    if (parsed.ok) range[bound] = parsed.value;
    else found.error(field, parsed.problem.code, parsed.problem.message);
  }
  // An inverted range is kept: only a channel that needs the range (freshippo's cold chain) rejects it.
  if (range.minC !== undefined || range.maxC !== undefined) draft.candidate.storageTemperature = range;
};

function certificationLabels(input: RowInput): { code?: string; label: string }[] {
  const labels: { code?: string; label: string }[] = [];
  for (const value of input.certificationValues) {
    const items = Array.isArray(value)
      ? value.map(cellText)
      : cellText(value).split(CERTIFICATION_SEPARATORS);
    for (const item of items) {
      const label = item.trim();
      if (label !== '') labels.push({ label });
    }
  }
  const parts = input.certificationParts;
  const indexes = parts.size === 0 ? [] : [...parts.keys()].sort((a, b) => a - b);
  for (const index of indexes) {
    const part = parts.get(index);
    const label = part?.label ?? part?.code;
    if (label !== undefined) labels.push({ label, ...(part?.code === undefined ? {} : { code: part.code }) });
  }
  return labels;
}

const readCertifications: FieldReader = (input, draft, found, context) => {
  const result: Certification[] = [];
  const seen = new Set<string>();
  const resolve = (word: string) =>
    (context.profile.value('certifications', word) as Certification['code'] | undefined) ??
    resolveCertification(word);
  for (const { code: givenCode, label } of certificationLabels(input)) {
    const code = (givenCode === undefined ? null : resolve(givenCode)) ?? resolve(label);
    if (code === null || code === 'other') {
      if (code === null) {
        found.warning(
          'certifications',
          'CERTIFICATION_UNKNOWN',
          `Certification ${quoteValue(label)} is not one we know; it is kept as written (as "other").`,
        );
      }
      const key = `other:${label.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      result.push({ code: 'other', label });
      continue;
    }
    // "Organic" and "EU Organic" on one product are one certification for the channels.
    if (seen.has(code)) continue;
    seen.add(code);
    result.push({ code, label });
  }
  draft.candidate.certifications = result;
};

const readImages: FieldReader = (input, draft, found) => {
  const images: string[] = [];
  for (const value of input.images) {
    const parsed = parseImageUrls(value);
    // A JSON list has no cell-length bound: never spread it into a call's arguments.
    for (const url of parsed.urls) images.push(url);
    for (const problem of parsed.problems) found.error('images', problem.code, problem.message);
  }
  draft.candidate.images = images;
};

const readLink: FieldReader = (input, draft, found) => {
  const cell = input.get('link');
  if (cell === undefined) return;
  const parsed = parseImageUrls(cell.value);
  const [first, ...more] = parsed.urls;
  for (const problem of parsed.problems) found.error('link', problem.code, problem.message);
  if (more.length > 0) {
    found.error(
      'link',
      'URL_INVALID',
      `The product page cell holds ${parsed.urls.length} addresses; give one.`,
    );
    return;
  }
  if (first !== undefined && parsed.problems.length === 0) draft.candidate.link = first;
};

/** The readers, in the order a row is read. */
export const PRODUCT_FIELD_READERS: readonly FieldReader[] = [
  readTableShape,
  readProducer,
  readSku,
  readNames,
  readProductType,
  readAttributes,
  readPrice,
  readSalePrice,
  readSalesUnit,
  readNetContent,
  readGrossWeight,
  readStock,
  readCasePack,
  readOrigin,
  readTexts,
  readCodes,
  readShelfLife,
  readDates,
  readStorageTemperature,
  readCertifications,
  readImages,
  readLink,
];
