/**
 * What the three shop-export readers share: a cell as text, a header compared with a system's
 * documented column names, two prices compared, a weight in a unit the model has, and the
 * canonical record being built with its findings.
 */
import type { WarningCode } from '../codes.ts';
import type { HeaderField } from '../headers.ts';
import type { TypeHint } from '../inference/infer-product-type.ts';
import type { ProductType } from '../model.ts';
import { foldText } from '../normalise-key.ts';
import type { ColumnTarget, ProfileLookup } from '../producer-profile.ts';
import type { RawRecord, RawValue } from '../readers/raw-record.ts';
import { cellText, isEmptyValue, quoteValue } from '../values/cell-text.ts';
import { type DecimalValue, decimalFromNumber, parseDecimalText } from '../values/decimal.ts';
import { splitCurrencyTokens } from '../values/price.ts';
import { resolveProductType } from '../vocabulary.ts';
import type { ShopEvent, ShopExport, ShopExportContext, ShopFinding, ShopSystem } from './shop-export.ts';

/** A cell's text, trimmed; '' for an empty or missing cell. */
export function textOf(value: RawValue | undefined): string {
  return value === undefined ? '' : cellText(value).trim();
}

/**
 * A column name as compared with a system's documented names: no case, accents or doubled
 * spaces, and no space before "?" or ":" (French typography writes "En stock ?").
 */
export function foldLabel(label: string): string {
  return foldText(label)
    .replace(/\s+/gu, ' ')
    .replace(/ (?=[?:])/gu, '')
    .trim();
}

/** Documented column names by role, looked up by folded name. */
export class LabelIndex<Role extends string> {
  private readonly index = new Map<string, Role>();

  constructor(table: Readonly<Record<Role, readonly string[]>>) {
    for (const role of Object.keys(table) as Role[]) {
      for (const label of table[role]) {
        const folded = foldLabel(label);
        const claimed = this.index.get(folded);
        // Two roles claiming one name is a bug in the table, not something a file can cause.
        if (claimed !== undefined && claimed !== role)
          throw new Error(`column name "${label}" is claimed by both ${claimed} and ${role}`);
        this.index.set(folded, role);
      }
    }
  }

  roleOf(header: string): Role | undefined {
    return this.index.get(foldLabel(header));
  }
}

/**
 * What each column of a file is, decided once per distinct header. Bounded: a hostile XML file
 * with a million distinct element names is classified afresh rather than remembered.
 */
export class HeaderMemo<T> {
  private readonly known = new Map<string, T>();

  constructor(private readonly classify: (header: string) => T) {}

  of(header: string): T {
    const known = this.known.get(header);
    if (known !== undefined) return known;
    const decided = this.classify(header);
    if (this.known.size < 4096) this.known.set(header, decided);
    return decided;
  }
}

function decimalOf(value: RawValue | undefined): DecimalValue | null {
  if (typeof value === 'number') {
    const parsed = decimalFromNumber(value);
    return parsed.ok ? parsed.value : null;
  }
  const text = textOf(value);
  if (text === '') return null;
  const parsed = parseDecimalText(splitCurrencyTokens(text).number, false);
  return parsed.ok ? parsed.value : null;
}

function scaled(decimal: DecimalValue, scale: number): bigint {
  const magnitude = BigInt(decimal.digits) * 10n ** BigInt(scale - decimal.scale);
  return decimal.negative ? -magnitude : magnitude;
}

/**
 * Compares two amounts ("12.50", "12,5", "15.00 USD", 12.5) exactly: negative when `a` is
 * lower, 0 when equal, positive when higher; null when either is not a number.
 */
export function compareAmounts(a: RawValue | undefined, b: RawValue | undefined): number | null {
  const left = decimalOf(a);
  const right = decimalOf(b);
  if (left === null || right === null) return null;
  const scale = Math.max(left.scale, right.scale);
  const difference = scaled(left, scale) - scaled(right, scale);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

/** True for a positive amount ("145", "0.5"); false for "0.0", "" or text. */
export function isPositiveAmount(value: RawValue | undefined): boolean {
  return compareAmounts(value, 0) === 1;
}

const OUNCES = new Set(['oz', 'ounce', 'ounces', 'onces', 'once']);
const AMOUNT_AND_UNIT = /^(\d[\d.,]*)\s*([a-z]+)$/u;

function decimalText(decimal: DecimalValue): string {
  let { digits, scale } = decimal;
  while (scale > 0 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    scale -= 1;
  }
  const padded = digits.padStart(scale + 1, '0');
  const split = padded.length - scale;
  const text = scale === 0 ? padded : `${padded.slice(0, split)}.${padded.slice(split)}`;
  return decimal.negative ? `-${text}` : text;
}

/**
 * A weight as the row parser reads it ("0.5 kg", "145 g"). The model has no ounces, so ounces
 * become the exact pounds: 16 oz to the pound, and x/16 = x * 625 / 10^4 always terminates.
 */
export function weightText(amount: RawValue | undefined, unit: string): RawValue | undefined {
  if (amount === undefined || isEmptyValue(amount)) return undefined;
  const folded = foldText(unit).trim();
  if (!OUNCES.has(folded)) return `${textOf(amount)} ${unit.trim()}`;
  const decimal = decimalOf(amount);
  if (decimal === null) return `${textOf(amount)} ${unit.trim()}`;
  const pounds = decimalText({
    negative: decimal.negative,
    digits: (BigInt(decimal.digits) * 625n).toString(),
    scale: decimal.scale + 4,
  });
  return `${pounds} lb`;
}

/** A weight written with its unit ("0.3 kg", "12 oz"), with ounces turned into pounds. */
export function unitWeightText(value: RawValue | undefined): RawValue | undefined {
  const text = textOf(value);
  const split = AMOUNT_AND_UNIT.exec(foldText(text));
  if (split === null) return text === '' ? undefined : text;
  return OUNCES.has(split[2] ?? '') ? weightText(split[1], split[2] ?? '') : text;
}

/** Lower-case letters and digits joined by "-": "250 g / Moulu" -> "250-g-moulu". */
export function slug(text: string): string {
  return foldText(text)
    .replace(/[^a-z0-9]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
}

const ISO_DAY = /^(\d{4}-\d{2}-\d{2})/u;

/** Today as the shop rules compare dates: yyyy-mm-dd in UTC. */
export function isoToday(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Whether a scheduled sale is on today: no start, or a start on or before today, and no end,
 * or an end on or after today. Only the day counts; a date that cannot be read bounds nothing.
 */
export function saleWindowOpen(from: string, to: string, today: string): boolean {
  const start = ISO_DAY.exec(from.trim())?.[1];
  const end = ISO_DAY.exec(to.trim())?.[1];
  if (start !== undefined && start > today) return false;
  if (end !== undefined && end < today) return false;
  return true;
}

const CATEGORY_PATH = /[>/|»›]/u;

/**
 * The product type a shop's own type text names outright (the producer's word first), or null.
 * A category path ("Coffee > Green") is not a type named outright, even where its words are:
 * it is a hint, and a type read from it is inferred (and said so).
 */
export function declaredType(text: string, profile: ProfileLookup): ProductType | null {
  if (text === '') return null;
  const own = profile.value('productType', text) as ProductType | undefined;
  if (own !== undefined) return own;
  return CATEGORY_PATH.test(text) ? null : resolveProductType(text);
}

/** Type hints from [source, text] pairs, the empty ones left out. */
export function typeHints(pairs: readonly (readonly [string, string])[]): TypeHint[] {
  return pairs.filter(([, text]) => text !== '').map(([source, text]) => ({ source, text }));
}

/** The canonical name field for a shop's titles: the profile's language, English by default. */
export function nameKey(profile: ProfileLookup): string {
  return `names.${profile.defaults.language ?? 'en'}`;
}

/** Where a product's record comes from: its row, and how ragged that row was. */
export type RowOrigin = Pick<RawRecord, 'row' | 'extraCells' | 'missingCells'>;

/** The canonical record of one product being assembled, with the findings of the shop rules. */
export class CanonicalRecord {
  readonly fields = new Map<string, RawValue>();
  readonly warnings: ShopFinding[] = [];

  set(key: string, value: RawValue | undefined): void {
    if (value === undefined || isEmptyValue(value)) return;
    this.fields.set(key, value);
  }

  attribute(name: string, value: RawValue | undefined): void {
    const trimmed = name.trim();
    if (trimmed !== '') this.set(`attributes.${trimmed}`, value);
  }

  /** A column the shop rules do not read, under its own header; a canonical field of the same name wins. */
  passThrough(header: string, value: RawValue): void {
    if (!this.fields.has(header)) this.set(header, value);
  }

  /**
   * The SKU; when the export has none, one built from the shop's own identifiers
   * (SKU_DERIVED), so the product keeps one code from upload to upload.
   */
  sku(given: string, derived: string, how: { item: string; from: string; system: string }): void {
    this.set('sku', given || derived);
    if (given !== '' || derived === '') return;
    this.warn(
      'sku',
      'SKU_DERIVED',
      `The ${how.item} has no SKU; ${quoteValue(derived)} was built from its ${how.from}. Give it a SKU in ${how.system} to keep it stable.`,
    );
  }

  warn(field: string | null, code: WarningCode, message: string): void {
    this.warnings.push({ field, code, message });
  }

  /** The price currency from the profile: shop exports write none per row. */
  currencyFrom(profile: ProfileLookup): void {
    this.set('price.currency', profile.defaults.currency);
  }

  /** Stock for an item the shop says is available without saying how many (STOCK_DEFAULTED). */
  defaultStock(profile: ProfileLookup, why: string): void {
    const stock = profile.defaults.stock;
    this.fields.set('stock', String(stock ?? 1));
    const source =
      stock === undefined
        ? '1, since your profile sets no "defaults.stock"'
        : `${stock}, your profile's "defaults.stock"`;
    this.warn('stock', 'STOCK_DEFAULTED', `${why}; stock was set to ${source}. Check it.`);
  }

  event(source: RowOrigin, hints: TypeHint[]): ShopEvent {
    const record: RawRecord = { row: source.row, fields: this.fields };
    if (source.extraCells !== undefined) record.extraCells = source.extraCells;
    if (source.missingCells !== undefined) record.missingCells = source.missingCells;
    return { kind: 'record', record, typeHints: hints, warnings: this.warnings };
  }
}

/** A row that is not a product to list (ROW_NOT_LISTED). */
export function notListed(row: number, sku: string, message: string): ShopEvent {
  return { kind: 'skip', row, sku: sku === '' ? null : sku, code: 'ROW_NOT_LISTED', message };
}

/**
 * Whether a header is a system's export: it has each of the `required` columns (any of its
 * names) and at least `needed` of the names only that system writes.
 */
export function hasSignature(
  headers: readonly string[],
  required: readonly (readonly string[])[],
  signature: ReadonlySet<string>,
  needed = 2,
): boolean {
  const folded = new Set(headers.map(foldLabel));
  if (!required.every((names) => names.some((name) => folded.has(foldLabel(name))))) return false;
  let distinctive = 0;
  for (const name of folded) if (signature.has(name)) distinctive += 1;
  return distinctive >= needed;
}

/** One file's reading by a system's rules: each record in, the events it settles out. */
export interface ShopReading {
  add(record: RawRecord): Iterable<ShopEvent>;
  /** What is still held when the records end. */
  finish(): Iterable<ShopEvent>;
}

export interface ShopExportSpec {
  system: ShopSystem;
  recognises(headers: readonly string[]): boolean;
  /** What the report says about a column; null for one the system does not document. */
  target(header: string, names: HeaderField, headers: readonly string[]): ColumnTarget | null;
  reading(context: ShopExportContext): ShopReading;
}

/** A ShopExport from a system's rules. */
export function defineShopExport(spec: ShopExportSpec): ShopExport {
  return {
    system: spec.system,
    recognises: spec.recognises,
    columns(headers, context) {
      const names = (context === undefined ? 'names.en' : nameKey(context.profile)) as HeaderField;
      const targets = new Map<string, ColumnTarget>();
      for (const header of headers) {
        const target = spec.target(header, names, headers);
        if (target !== null) targets.set(header, target);
      }
      return targets;
    },
    async *read(records, context) {
      const reading = spec.reading(context);
      for await (const record of records) yield* reading.add(record);
      yield* reading.finish();
    },
  };
}
