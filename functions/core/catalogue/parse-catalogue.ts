/**
 * From raw records to canonical products, one row at a time, with every problem of a row
 * reported (not just the first). Runs at 100k-1M rows per file: headers are resolved once and
 * cached, vocabulary lookups are memoised, and no regular expression is compiled per row.
 *
 * Defaults for absent optional data (nothing that matters commercially is ever guessed):
 * - salesUnit absent: 'piece' (each catalogue line is sold as one item).
 * - stock absent: 0 (nothing offered until the producer says so), without an error.
 * - origin.country absent: 'RW'; any other country is refused.
 * - a bare number in a shelf-life column is days; a bare temperature is °C.
 * - the currency is never defaulted (CURRENCY_UNKNOWN instead), nor is a weight's unit.
 * Products always belong to the uploading producer: a producer column only serves to refuse a
 * row that claims another producer (PRODUCER_MISMATCH), every producer column of it (a second one
 * is kept as an attribute, and checked all the same), and a file that claims another producer as a
 * whole is refused (FILE_PRODUCER_MISMATCH).
 */
import { cleanCell } from './cell-hygiene.ts';
import { CatalogueFileError, type RowErrorCode, type RowIssue, type WarningCode } from './codes.ts';
import {
  type ColumnMapping,
  HEADER_ALIASES,
  type HeaderField,
  HeaderResolver,
  mapHeader,
} from './headers.ts';
import { type Certification, type Locale, type Product, productSchema, skuSchema } from './model.ts';
import { memoisedLookup, normaliseKey } from './normalise-key.ts';
import { productLimitProblem } from './product-limits.ts';
import {
  DEFAULT_READER_LIMITS,
  type DocumentField,
  type RawRecord,
  type RawValue,
} from './readers/raw-record.ts';
import { cellText, isEmptyValue, quoteValue } from './values/cell-text.ts';
import { parseGtin, parseHsCode, parseImageUrls } from './values/codes-and-addresses.ts';
import { parseDate } from './values/dates.ts';
import { parseWholeNumber } from './values/decimal.ts';
import { resolvePrice } from './values/price.ts';
import {
  parseQuantity,
  parseShelfLifeDays,
  parseTemperature,
  parseTemperatureRange,
} from './values/quantities.ts';
import type { Parsed } from './values/value-result.ts';
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
} from './vocabulary.ts';

/** One row's verdict: a product when it has no errors, otherwise every error found. */
export interface RowOutcome {
  row: number;
  /** The row's SKU when it had a valid one, else null. */
  sku: string | null;
  product: Product | null;
  errors: RowIssue[];
  warnings: RowIssue[];
}

/**
 * 'row' for every non-empty record, in file order. 'file-warning' for findings not tied to one
 * product: unknown or duplicate columns (once per file, before the first row that has them) and
 * runs of empty rows (one warning per run, row = the first empty row).
 */
export type CatalogueEvent = { kind: 'row'; outcome: RowOutcome } | { kind: 'file-warning'; issue: RowIssue };

export interface CatalogueContext {
  /** The uploading producer: every product gets this id. */
  producerId: string;
  /** Longest text cell accepted; defaults to DEFAULT_READER_LIMITS.maxCellChars. */
  maxCellChars?: number;
}

type Finding = { field: string | null; code: RowErrorCode | WarningCode; message: string };

/** What cleaning a cell returns when the cell is refused (its error is already recorded). */
const REFUSED = Symbol('refused');

interface Cell {
  value: RawValue;
  mapping: ColumnMapping;
}

/** Where a canonical field's problems are reported, when the input field is only part of it. */
const ISSUE_FIELD: Partial<Record<HeaderField, string>> = {
  'price.minor': 'price',
  'netContent.unit': 'netContent',
  'grossWeight.unit': 'grossWeight',
};
function issueFieldOf(field: HeaderField): string {
  return ISSUE_FIELD[field] ?? field;
}

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
const TEXT_FIELDS = ['description', 'brand', 'origin.district', 'origin.farm', 'lot'] as const;
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

const FIELD_SLOTS: ReadonlyMap<HeaderField, number> = new Map(
  (Object.keys(HEADER_ALIASES) as HeaderField[]).map((field, slot) => [field, slot]),
);

/**
 * A row's single-valued cells by field. A Map made per row grew and rehashed as each row filled
 * it; the fields are a fixed set, so each has a fixed slot instead.
 */
class RowCells {
  private readonly slots: (Cell | undefined)[] = new Array<Cell | undefined>(FIELD_SLOTS.size);

  get(field: HeaderField): Cell | undefined {
    return this.slots[FIELD_SLOTS.get(field) as number];
  }

  set(field: HeaderField, cell: Cell): void {
    this.slots[FIELD_SLOTS.get(field) as number] = cell;
  }
}

function temperatureScaleOf(cell: Cell): ReturnType<typeof headerTemperatureScale> {
  return cell.mapping.headerUnit === undefined ? null : headerTemperatureScale(cell.mapping.headerUnit);
}

function textOf(cell: Cell | undefined): string | undefined {
  if (cell === undefined) return undefined;
  const text = cellText(cell.value).trim();
  return text === '' ? undefined : text;
}

/** One row's findings so far. A class rather than closures made per row: rows run by the million. */
class RowFindings {
  readonly errors: Finding[] = [];
  readonly warnings: Finding[] = [];
  /** Fields already reported as errors: no REQUIRED_MISSING or schema issue is added on top. */
  readonly failed = new Set<string>();

  error(field: string | null, code: RowErrorCode, message: string): void {
    this.errors.push({ field, code, message });
    if (field !== null) this.failed.add(field);
  }
}

/** Findings with their row and SKU. */
function stamped(findings: readonly Finding[], row: number, sku: string | null): RowIssue[] {
  if (findings.length === 0) return [];
  return findings.map((finding) => ({ row, sku, ...finding }));
}

/** State shared by all rows of one file. */
class CatalogueParser {
  readonly resolver = new HeaderResolver();
  private readonly firstRowOfSku = new Map<string, number>();
  private readonly producerKey: string;
  private readonly maxCellChars: number;

  constructor(private readonly context: CatalogueContext) {
    this.producerKey = normaliseKey(context.producerId).key;
    this.maxCellChars = context.maxCellChars ?? DEFAULT_READER_LIMITS.maxCellChars;
  }

  /** The row's outcome, or null when every cell is empty. */
  parseRow(record: RawRecord): RowOutcome | null {
    const found = new RowFindings();
    const { errors, warnings, failed } = found;

    const cells = new RowCells();
    const imageValues: RawValue[] = [];
    const certificationValues: RawValue[] = [];
    const certificationParts = new Map<number, { code?: string; label?: string }>();
    const attributes: Record<string, string> = {};
    /** Producer columns after the first (made only when a row has them). */
    let moreProducers: RawValue[] | undefined;
    let filled = 0;

    for (const [key, raw] of record.fields) {
      // Resolve before the emptiness test so that which column claims a field never depends on the data.
      const plan = this.resolver.resolve(key);
      if (isEmptyValue(raw)) continue;
      if (plan.kind === 'ignored') {
        filled += 1;
        continue;
      }
      const field =
        plan.kind === 'field'
          ? issueFieldOf(plan.mapping.field)
          : plan.reason.kind === 'declared'
            ? `attributes.${plan.name}`
            : plan.sourceKey;
      const value = this.cleaned(raw, field, found);
      // A cell of nothing but invisible characters is as empty as a blank one.
      if (value !== REFUSED && isEmptyValue(value)) continue;
      filled += 1;
      if (value === REFUSED) continue;
      if (plan.kind === 'attribute') {
        attributes[plan.name] = cellText(value).trim();
        if (plan.reason.kind === 'duplicate' && plan.reason.field === 'producerId') {
          moreProducers ??= [];
          moreProducers.push(value);
        }
        continue;
      }
      const { mapping } = plan;
      if (mapping.field === 'images') imageValues.push(value);
      else if (mapping.field === 'certifications') {
        if (mapping.index !== undefined && mapping.part !== undefined) {
          const entry = certificationParts.get(mapping.index) ?? {};
          entry[mapping.part] = cellText(value).trim();
          certificationParts.set(mapping.index, entry);
        } else certificationValues.push(value);
      } else cells.set(mapping.field, { value, mapping });
    }
    if (filled === 0 && record.extraCells === undefined) return null;

    if (record.extraCells !== undefined && record.extraCells > 0) {
      found.error(
        null,
        'ROW_TOO_MANY_CELLS',
        `Row has ${record.extraCells} more cell(s) than the header has columns; check for an unquoted separator.`,
      );
    }
    if (record.missingCells !== undefined && record.missingCells > 0) {
      warnings.push({
        field: null,
        code: 'ROW_TOO_FEW_CELLS',
        message: `Row has ${record.missingCells} fewer cell(s) than the header has columns; the missing ones are read as empty.`,
      });
    }

    const producerCell = cells.get('producerId');
    const foreign = [producerCell?.value, ...(moreProducers ?? [])].find(
      (value) => value !== undefined && namesOtherProducer(value, this.producerKey),
    );
    if (foreign !== undefined) {
      found.error(
        'producerId',
        'PRODUCER_MISMATCH',
        `Row names producer ${quoteValue(cellText(foreign).trim())} but this catalogue is uploaded by ${quoteValue(this.context.producerId)}.`,
      );
    }

    // SKU first: every later issue carries it.
    let sku: string | null = null;
    const skuText = textOf(cells.get('sku'));
    if (skuText === undefined) {
      if (!failed.has('sku'))
        found.error('sku', 'REQUIRED_MISSING', 'SKU is missing; every product needs its own code.');
    } else if (!skuSchema.safeParse(skuText).success) {
      found.error(
        'sku',
        'SKU_INVALID',
        `SKU ${quoteValue(skuText)} is not valid; expected up to 64 letters, digits and . _ / -, starting with a letter or digit.`,
      );
    } else {
      sku = skuText;
      const folded = skuText.toLowerCase();
      const firstRow = this.firstRowOfSku.get(folded);
      if (firstRow === undefined) this.firstRowOfSku.set(folded, record.row);
      else {
        found.error(
          'sku',
          'SKU_DUPLICATE',
          `SKU ${quoteValue(skuText)} already appears on row ${firstRow}; only the first row with a SKU is used.`,
        );
      }
    }

    const names: Partial<Record<Locale, string>> = {};
    for (const [field, locale] of NAME_LOCALES) {
      const name = textOf(cells.get(field));
      if (name !== undefined) names[locale] = name;
    }
    if (Object.keys(names).length === 0 && !NAME_LOCALES.some(([field]) => failed.has(field))) {
      found.error(
        'names',
        'REQUIRED_MISSING',
        'Product name is missing; give at least one name (English, French, Kinyarwanda or Chinese).',
      );
    }

    let productType: Product['productType'] | undefined;
    const typeText = textOf(cells.get('productType'));
    if (typeText === undefined) {
      if (!failed.has('productType')) {
        found.error(
          'productType',
          'REQUIRED_MISSING',
          `Product type is missing; expected one of ${PRODUCT_TYPE_EXAMPLES}.`,
        );
      }
    } else {
      productType = resolveProductType(typeText) ?? undefined;
      if (productType === undefined) {
        found.error(
          'productType',
          'PRODUCT_TYPE_UNKNOWN',
          `${quoteValue(typeText)} is not a known product type; expected one of ${PRODUCT_TYPE_EXAMPLES} (in English, French or Kinyarwanda).`,
        );
      }
    }

    for (const [field, name] of ATTRIBUTE_FIELDS) {
      const text = textOf(cells.get(field));
      if (text !== undefined) attributes[name] = text;
    }

    const priceCell = cells.get('price');
    const minorCell = cells.get('price.minor');
    const priceUnit = priceCell?.mapping.headerUnit ?? minorCell?.mapping.headerUnit;
    const price = resolvePrice({
      amount: priceCell?.value,
      minor: minorCell?.value,
      currency: cells.get('price.currency')?.value,
      headerCurrency: priceUnit === undefined ? null : headerCurrency(priceUnit),
    });
    // A currency cell refused for hygiene already explains why there is no currency.
    const currencyRefused = failed.has('price.currency');
    for (const problem of price.problems) {
      if (!(currencyRefused && problem.code === 'CURRENCY_UNKNOWN'))
        found.error(problem.field, problem.code, problem.message);
    }
    for (const warning of price.warnings) warnings.push(warning);
    if (priceCell === undefined && minorCell === undefined && !failed.has('price')) {
      found.error(
        'price',
        'REQUIRED_MISSING',
        'Price is missing; expected an amount with its currency, e.g. RWF 1 500.',
      );
    }

    let salesUnit: Product['salesUnit'] = 'piece';
    const unitText = textOf(cells.get('salesUnit'));
    if (unitText !== undefined) {
      const resolved = resolveSalesUnit(unitText);
      if (resolved === null) {
        found.error(
          'salesUnit',
          'UNIT_UNKNOWN',
          `${quoteValue(unitText)} is not a known sales unit; expected bag, box, jar, tin, tray, carton, bottle, piece or kg.`,
        );
      } else salesUnit = resolved;
    }

    let netContent: Product['netContent'];
    const contentCell = cells.get('netContent');
    if (contentCell !== undefined && !failed.has('netContent')) {
      const unit = contentCell.mapping.headerUnit;
      const parsed = parseQuantity(
        contentCell.value,
        unit === undefined ? null : headerQuantityUnit(unit),
        textOf(cells.get('netContent.unit')),
      );
      if (parsed.ok) netContent = parsed.value;
      else found.error('netContent', parsed.problem.code, parsed.problem.message);
    }
    const grossWeight = this.grossWeight(
      cells.get('grossWeight'),
      textOf(cells.get('grossWeight.unit')),
      found,
    );

    let stock = 0;
    const stockCell = cells.get('stock');
    if (stockCell !== undefined) {
      const parsed = parseWholeNumber(stockCell.value);
      if (parsed.ok) stock = parsed.value;
      else found.error('stock', parsed.problem.code, parsed.problem.message);
    }

    let casePack: number | undefined;
    const casePackCell = cells.get('casePack');
    if (casePackCell !== undefined) {
      const parsed = parseWholeNumber(casePackCell.value);
      const shown = quoteValue(cellText(casePackCell.value).trim());
      if (!parsed.ok) found.error('casePack', parsed.problem.code, parsed.problem.message);
      else if (parsed.value < 0)
        found.error('casePack', 'NUMBER_NEGATIVE', `Case pack ${shown} is negative; expected 1 or more.`);
      else if (parsed.value === 0)
        found.error('casePack', 'NUMBER_OUT_OF_RANGE', `Case pack ${shown} is zero; expected 1 or more.`);
      else casePack = parsed.value;
    }

    const country = textOf(cells.get('origin.country'));
    if (country !== undefined && !isRwanda(country)) {
      found.error(
        'origin.country',
        'VALUE_INVALID',
        `Origin ${quoteValue(country)} is not Rwanda; only Rwandan products are accepted.`,
      );
    }

    const text: Partial<Record<(typeof TEXT_FIELDS)[number], string>> = {};
    for (const field of TEXT_FIELDS) {
      const value = textOf(cells.get(field));
      if (value !== undefined) text[field] = value;
    }

    const gtin = this.parsed(cells.get('gtin'), 'gtin', parseGtin, found);
    const hsCode = this.parsed(cells.get('hsCode'), 'hsCode', parseHsCode, found);
    const shelfLifeCell = cells.get('shelfLifeDays');
    const shelfLifeUnit = shelfLifeCell?.mapping.headerUnit;
    let shelfLifeDays: number | undefined;
    if (shelfLifeCell !== undefined) {
      const parsed = parseShelfLifeDays(
        shelfLifeCell.value,
        shelfLifeUnit === undefined ? null : headerDaysPerUnit(shelfLifeUnit),
      );
      if (parsed.ok) shelfLifeDays = parsed.value;
      else found.error('shelfLifeDays', parsed.problem.code, parsed.problem.message);
    }
    const harvestDate = this.parsed(cells.get('harvestDate'), 'harvestDate', parseDate, found);
    const packDate = this.parsed(cells.get('packDate'), 'packDate', parseDate, found);
    const storageTemperature = this.storageTemperature(cells, found);

    const certifications = this.certifications(certificationValues, certificationParts, warnings);
    const images: string[] = [];
    for (const value of imageValues) {
      const parsed = parseImageUrls(value);
      // A JSON list has no cell-length bound: never spread it into a call's arguments.
      for (const url of parsed.urls) images.push(url);
      for (const problem of parsed.problems) found.error('images', problem.code, problem.message);
    }

    const origin: { country: 'RW'; district?: string; farm?: string } = { country: 'RW' };
    if (text['origin.district'] !== undefined) origin.district = text['origin.district'];
    if (text['origin.farm'] !== undefined) origin.farm = text['origin.farm'];
    const candidate: Record<string, unknown> = {
      producerId: this.context.producerId,
      names,
      attributes,
      origin,
      salesUnit,
      stock,
      certifications,
      images,
    };
    // Optional fields only when present, in this order (a table of them walked with
    // Object.entries per row was a visible share of the parse profile).
    if (sku !== null) candidate.sku = sku;
    if (text.description !== undefined) candidate.description = text.description;
    if (productType !== undefined) candidate.productType = productType;
    if (text.brand !== undefined) candidate.brand = text.brand;
    if (price.money !== null) candidate.price = price.money;
    if (netContent !== undefined) candidate.netContent = netContent;
    if (grossWeight !== undefined) candidate.grossWeight = grossWeight;
    if (casePack !== undefined) candidate.casePack = casePack;
    if (gtin !== undefined) candidate.gtin = gtin;
    if (hsCode !== undefined) candidate.hsCode = hsCode;
    if (shelfLifeDays !== undefined) candidate.shelfLifeDays = shelfLifeDays;
    if (storageTemperature !== undefined) candidate.storageTemperature = storageTemperature;
    if (harvestDate !== undefined) candidate.harvestDate = harvestDate;
    if (packDate !== undefined) candidate.packDate = packDate;
    if (text.lot !== undefined) candidate.lot = text.lot;

    // The model is the single source of truth: whatever the parsers let through, it has the last word.
    const checked = productSchema.safeParse(candidate);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const path = issue.path.filter((part): part is string => typeof part === 'string');
        const field = path.join('.') || null;
        if (field !== null && isCovered(field, failed)) continue;
        const value = valueAt(candidate, issue.path);
        const shown = value === undefined ? '' : ` (found ${quoteValue(value)})`;
        found.error(field, 'VALUE_INVALID', `${field ?? 'Product'} is not valid${shown}: ${issue.message}.`);
      }
    } else if (errors.length === 0) {
      const tooLarge = productLimitProblem(checked.data);
      if (tooLarge !== null) found.error(tooLarge.field, 'PRODUCT_TOO_LARGE', tooLarge.message);
    }

    return {
      row: record.row,
      sku,
      product: errors.length === 0 && checked.success ? checked.data : null,
      errors: stamped(errors, record.row, sku),
      warnings: stamped(warnings, record.row, sku),
    };
  }

  /**
   * The value with each of its text cells cleaned (cell-hygiene.ts), its warning recorded; or
   * REFUSED, with the first problem recorded as the field's error.
   */
  private cleaned(value: RawValue, field: string, found: RowFindings): RawValue | typeof REFUSED {
    if (Array.isArray(value)) {
      const items: RawValue[] = [];
      for (const item of value) {
        const clean = this.cleaned(item, field, found);
        if (clean === REFUSED) return REFUSED;
        items.push(clean);
      }
      return items;
    }
    if (typeof value !== 'string') return value;
    const verdict = cleanCell(value, this.maxCellChars);
    if (!verdict.ok) {
      found.error(field, verdict.problem.code, verdict.problem.message);
      return REFUSED;
    }
    if (verdict.warning !== null) found.warnings.push({ field, ...verdict.warning });
    return verdict.text;
  }

  private parsed<T>(
    cell: Cell | undefined,
    field: string,
    parse: (value: RawValue) => Parsed<T>,
    found: RowFindings,
  ): T | undefined {
    if (cell === undefined) return undefined;
    const result = parse(cell.value);
    if (result.ok) {
      if (result.warning !== undefined) found.warnings.push({ field, ...result.warning });
      return result.value;
    }
    found.error(field, result.problem.code, result.problem.message);
    return undefined;
  }

  /** A weight in a cell or under a header unit ("Gross weight (kg)"); a volume is refused. */
  private grossWeight(
    cell: Cell | undefined,
    unitCell: string | undefined,
    found: RowFindings,
  ): Product['grossWeight'] {
    if (cell === undefined || found.failed.has('grossWeight')) return undefined;
    const unit = cell.mapping.headerUnit;
    const parsed = parseQuantity(cell.value, unit === undefined ? null : headerQuantityUnit(unit), unitCell);
    if (!parsed.ok) {
      found.error('grossWeight', parsed.problem.code, parsed.problem.message);
      return undefined;
    }
    const { value, unit: quantityUnit } = parsed.value;
    if (quantityUnit === 'ml' || quantityUnit === 'l') {
      found.error(
        'grossWeight',
        'UNIT_UNKNOWN',
        `Gross weight ${quoteValue(cellText(cell.value).trim())} is a volume; expected a weight in g, kg, t or lb.`,
      );
      return undefined;
    }
    return { value, unit: quantityUnit };
  }

  private storageTemperature(cells: RowCells, found: RowFindings): Product['storageTemperature'] {
    const range: { minC?: number; maxC?: number } = {};
    const generic = cells.get('storageTemperature');
    if (generic !== undefined) {
      const parsed = parseTemperatureRange(generic.value, temperatureScaleOf(generic));
      if (parsed.ok) Object.assign(range, parsed.value);
      else found.error('storageTemperature', parsed.problem.code, parsed.problem.message);
    }
    // Dedicated min/max columns are more specific than a range column, so they win.
    for (const bound of ['minC', 'maxC'] as const) {
      const field = `storageTemperature.${bound}` as const;
      const cell = cells.get(field);
      if (cell === undefined) continue;
      const parsed = parseTemperature(cell.value, temperatureScaleOf(cell));
      if (parsed.ok) range[bound] = parsed.value;
      else found.error(field, parsed.problem.code, parsed.problem.message);
    }
    // An inverted range is kept: only a channel that needs the range (freshippo's cold chain) rejects it.
    return range.minC === undefined && range.maxC === undefined ? undefined : range;
  }

  private certifications(
    values: readonly RawValue[],
    parts: ReadonlyMap<number, { code?: string; label?: string }>,
    warnings: Finding[],
  ): Certification[] {
    const labels: { code?: string; label: string }[] = [];
    for (const value of values) {
      const items = Array.isArray(value)
        ? value.map(cellText)
        : cellText(value).split(CERTIFICATION_SEPARATORS);
      for (const item of items) {
        const label = item.trim();
        if (label !== '') labels.push({ label });
      }
    }
    const indexes = parts.size === 0 ? [] : [...parts.keys()].sort((a, b) => a - b);
    for (const index of indexes) {
      const part = parts.get(index);
      const label = part?.label ?? part?.code;
      if (label !== undefined)
        labels.push({ label, ...(part?.code === undefined ? {} : { code: part.code }) });
    }

    const result: Certification[] = [];
    const seen = new Set<string>();
    for (const { code: givenCode, label } of labels) {
      const code =
        (givenCode === undefined ? null : resolveCertification(givenCode)) ?? resolveCertification(label);
      if (code === null || code === 'other') {
        if (code === null) {
          warnings.push({
            field: 'certifications',
            code: 'CERTIFICATION_UNKNOWN',
            message: `Certification ${quoteValue(label)} is not one we know; it is kept as written (as "other").`,
          });
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
    return result;
  }
}

/** Whether a producer value names someone other than the producer whose normalised id is `ownKey`. */
function namesOtherProducer(value: RawValue, ownKey: string): boolean {
  const text = cellText(value).trim();
  return text !== '' && normaliseKey(text).key !== ownKey;
}

/**
 * Refuses a file that says, outside its products, that it belongs to another producer (a JSON
 * top-level "producer", an XML root attribute): the claim is wrong whatever the rows say, and
 * ignoring it would hide that the wrong file was sent. `fields` are the document fields read.
 */
export function refuseForeignProducerClaims(fields: readonly DocumentField[], producerId: string): void {
  const ownKey = normaliseKey(producerId).key;
  for (const field of fields) {
    if (mapHeader(field.name)?.field !== 'producerId' || !namesOtherProducer(field.value, ownKey)) continue;
    const where = field.line === null ? 'The file' : `Line ${field.line}`;
    throw new CatalogueFileError(
      'FILE_PRODUCER_MISMATCH',
      `${where} gives the producer as ${quoteValue(cellText(field.value).trim())} (${JSON.stringify(field.name)}), but the file is uploaded by ${quoteValue(producerId)}; a file cannot write into another producer's catalogue.`,
      field.line,
    );
  }
}

/** Whether a document field names a producer: the readers keep only these. */
export function isProducerField(name: string): boolean {
  return mapHeader(name)?.field === 'producerId';
}

function isCovered(field: string, failed: ReadonlySet<string>): boolean {
  for (const reported of failed) {
    if (field === reported || field.startsWith(`${reported}.`) || reported.startsWith(`${field}.`))
      return true;
  }
  return false;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): string | undefined {
  let current: unknown = root;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  if (typeof current === 'string') return current;
  if (typeof current === 'number' || typeof current === 'boolean') return String(current);
  return undefined;
}

interface EmptyRun {
  first: number;
  last: number;
  count: number;
}

/**
 * Parses a catalogue's records into products. Yields one 'row' event per non-empty record, in
 * order, and 'file-warning' events for unknown or duplicate columns and skipped empty rows.
 * Duplicate SKUs (compared case-insensitively): the first row wins, later rows get SKU_DUPLICATE.
 */
export async function* parseCatalogue(
  records: AsyncIterable<RawRecord>,
  context: CatalogueContext,
): AsyncGenerator<CatalogueEvent> {
  const parser = new CatalogueParser(context);
  let emptyRun: EmptyRun | null = null;
  const emptyRunWarning = (run: EmptyRun): CatalogueEvent => ({
    kind: 'file-warning',
    issue: {
      row: run.first,
      sku: null,
      field: null,
      code: 'ROW_EMPTY_SKIPPED',
      message:
        run.count === 1
          ? `Row ${run.first} is empty and was skipped.`
          : `${run.count} empty rows (${run.first} to ${run.last}) were skipped.`,
    },
  });

  for await (const record of records) {
    const outcome = parser.parseRow(record);
    for (const issue of parser.resolver.takeWarnings()) yield { kind: 'file-warning', issue };
    if (outcome === null) {
      if (emptyRun === null) emptyRun = { first: record.row, last: record.row, count: 1 };
      else {
        emptyRun.last = record.row;
        emptyRun.count += 1;
      }
      continue;
    }
    if (emptyRun !== null) {
      yield emptyRunWarning(emptyRun);
      emptyRun = null;
    }
    yield { kind: 'row', outcome };
  }
  if (emptyRun !== null) yield emptyRunWarning(emptyRun);
}
