/**
 * Decides, once per file, what every column feeds, from its header AND a sample of its values,
 * and says how each was decided. In order of authority:
 *   profile   the producer said so ("Qté dispo" is the stock);
 *   signature a shop system's export documents the column (Shopify's "Variant Grams");
 *   alias / header-unit  the header names a field, its unit or currency ("Prix (RWF)");
 *   values    the header says too little and the values decide: a bare unit column beside a
 *             quantity ("Net qty | UOM" = "250 | g"), a column of currency codes, of image links.
 * A single-valued field taken by two columns goes to the stronger claim; the other column is
 * kept as an attribute and the warning says which was taken and why.
 */
import type { RowIssue } from '../codes.ts';
import {
  type ColumnMapping,
  type HeaderField,
  MULTI_VALUED_FIELDS,
  matchHeader,
  suggestFields,
} from '../headers.ts';
import type { Locale } from '../model.ts';
import type { ColumnTarget, ProfileLookup } from '../producer-profile.ts';
import type { RawValue } from '../readers/raw-record.ts';
import {
  daysPerDurationUnit,
  findInUnit,
  resolveCurrency,
  resolveQuantityUnit,
  resolveTemperatureUnit,
} from '../vocabulary.ts';
import { type ColumnValues, describeValues, mostlyOf } from './column-values.ts';
import { headerWords } from './header-words.ts';

export type ColumnVia = 'profile' | 'signature' | 'alias' | 'header-unit' | 'values' | 'ignored';

export type ColumnUse =
  | { kind: 'field'; mapping: ColumnMapping }
  | { kind: 'attribute'; name: string }
  | { kind: 'ignored' };

export interface ColumnDecision {
  /** Position of the column (0-based), or of the key's first appearance in JSON/XML. */
  index: number;
  /** The header or key as written. */
  header: string;
  use: ColumnUse;
  /** How it was decided; null for a column that matched nothing (kept as an attribute). */
  via: ColumnVia | null;
  /** For an unknown column: the closest fields, best first. */
  suggestions: HeaderField[];
  /** Set when another column was taken for the field this one names (kept as an attribute). */
  lostTo?: { field: HeaderField; header: string };
}

/** One line of the report's `columns`: how a column was read. */
export interface ColumnReport {
  index: number;
  header: string;
  field: string | null;
  via: ColumnVia | null;
  suggestions: string[];
}

export interface ColumnPlanContext {
  profile: ProfileLookup;
  /** A shop system's own reading of its columns (shop-exports/), keyed by header as written. */
  signature?: ReadonlyMap<string, ColumnTarget>;
}

export interface ColumnPlan {
  decisions: ColumnDecision[];
  /** COLUMN_UNKNOWN and COLUMN_DUPLICATE, once per column, in column order. */
  warnings: RowIssue[];
}

interface Claim {
  decision: ColumnDecision;
  /** Lost its field to another column: reported as COLUMN_DUPLICATE, not as unknown. */
  outclassed?: boolean;
  /** Lower is stronger. */
  rank: number;
  reason: string;
}

const ATTRIBUTES_PREFIX = /^attributes[./]/iu;
const RESERVED_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** Fields a bare unit column can be the unit of, and which unit field that makes it. */
const QUANTITY_UNIT_OF: Partial<Record<HeaderField, HeaderField>> = {
  netContent: 'netContent.unit',
  grossWeight: 'grossWeight.unit',
};
const UNIT_LIKE_FIELDS: ReadonlySet<HeaderField> = new Set([
  'salesUnit',
  'netContent.unit',
  'grossWeight.unit',
]);
/** A quantity column a unit column may belong to: what its header said, or nothing. */
const QUANTITY_LIKE_FIELDS: ReadonlySet<HeaderField> = new Set([
  'netContent',
  'grossWeight',
  'stock',
  'salesUnit',
]);

function fieldOf(decision: ColumnDecision): HeaderField | null {
  return decision.use.kind === 'field' ? decision.use.mapping.field : null;
}

function attributeName(header: string): string | null {
  const name = header.trim();
  return name === '' || RESERVED_ATTRIBUTE_NAMES.has(name) ? null : name;
}

function asAttribute(decision: ColumnDecision): void {
  const name = attributeName(decision.header);
  decision.use = name === null ? { kind: 'ignored' } : { kind: 'attribute', name };
}

function fromTarget(header: string, target: ColumnTarget): ColumnUse {
  if (target.kind === 'field') {
    // The producer names the field; the header may still say its unit or currency ("Qté (kg)").
    const { units } = headerWords(header);
    return {
      kind: 'field',
      mapping:
        units.length === 0 ? { field: target.field } : { field: target.field, headerUnit: units.join(' ') },
    };
  }
  if (target.kind === 'attribute') return { kind: 'attribute', name: target.name };
  return { kind: 'ignored' };
}

/** Words of a name column that say nothing of the names' language: "Name", "Product title". */
const UNLABELLED_NAME_WORDS: ReadonlySet<string> = new Set(['name', 'title', 'product', 'item']);

/**
 * A "Name" column holds names in the producer's language, whatever the language of the header
 * word: with the profile's `defaults.language` set to fr, "Name" and "Product title" are French
 * names. A header that names a language ("Name (EN)", "English name") keeps it.
 */
function inProfileLanguage(
  header: string,
  mapping: ColumnMapping,
  language: Locale | undefined,
): ColumnMapping {
  if (language === undefined || mapping.field !== 'names.en') return mapping;
  const { words, units } = headerWords(header);
  if (units.length > 0 || !words.every((word) => UNLABELLED_NAME_WORDS.has(word))) return mapping;
  return { ...mapping, field: NAME_FIELDS[language] };
}

const NAME_FIELDS: Readonly<Record<Locale, HeaderField>> = {
  en: 'names.en',
  fr: 'names.fr',
  rw: 'names.rw',
  'zh-CN': 'names.zh-CN',
};

/**
 * Whether a header's unit changes how the values are read: a currency ("Prix (RWF)"), a unit of
 * weight or volume ("Poids (g)"), a duration ("DLUO (mois)"), degrees Fahrenheit. A language or
 * °C (what a bare temperature is anyway) names the column but reads nothing differently.
 */
function unitReadsValues(unit: string | undefined): boolean {
  if (unit === undefined) return false;
  return (
    findInUnit(unit, resolveCurrency) !== null ||
    findInUnit(unit, resolveQuantityUnit) !== null ||
    findInUnit(unit, daysPerDurationUnit) !== null ||
    findInUnit(unit, resolveTemperatureUnit) === 'fahrenheit'
  );
}

/** What the header alone says, with how strong a claim that is. */
function decideByHeader(
  index: number,
  header: string,
  context: ColumnPlanContext,
): { decision: ColumnDecision; rank: number; reason: string; ambiguous: HeaderField[] } {
  const base = { index, header, suggestions: [] as HeaderField[] };
  const own = context.profile.column(header);
  if (own !== undefined) {
    return {
      decision: { ...base, use: fromTarget(header, own), via: 'profile' },
      rank: 0,
      reason: 'your profile maps it',
      ambiguous: [],
    };
  }
  const documented = context.signature?.get(header);
  if (documented !== undefined) {
    return {
      decision: {
        ...base,
        use: fromTarget(header, documented),
        via: documented.kind === 'ignore' ? 'ignored' : 'signature',
      },
      rank: 1,
      reason: "the shop system's export documents it",
      ambiguous: [],
    };
  }
  if (ATTRIBUTES_PREFIX.test(header)) {
    const name = attributeName(header.slice('attributes.'.length));
    return {
      decision: {
        ...base,
        use: name === null ? { kind: 'ignored' } : { kind: 'attribute', name },
        via: 'alias',
      },
      rank: 2,
      reason: 'it is named as an attribute',
      ambiguous: [],
    };
  }
  const matched = matchHeader(header);
  if (matched.kind === 'match') {
    const via: ColumnVia = unitReadsValues(matched.mapping.headerUnit) ? 'header-unit' : 'alias';
    const mapping = inProfileLanguage(header, matched.mapping, context.profile.defaults.language);
    return {
      decision: { ...base, use: { kind: 'field', mapping }, via },
      rank: matched.exact ? 2 : 3 + matched.extra / 100,
      reason: matched.exact ? 'its header names the field exactly' : 'its header is the closer match',
      ambiguous: [],
    };
  }
  const decision: ColumnDecision = { ...base, use: { kind: 'ignored' }, via: null };
  asAttribute(decision);
  return { decision, rank: 9, reason: '', ambiguous: matched.kind === 'ambiguous' ? matched.fields : [] };
}

/**
 * Plans the columns of a table (or the keys of JSON/XML records). `samples[i]` holds sampled
 * values of column i, in row order.
 */
export function planColumns(
  headers: readonly string[],
  samples: readonly (readonly RawValue[])[],
  context: ColumnPlanContext,
): ColumnPlan {
  const claims: Claim[] = [];
  const ambiguity = new Map<number, HeaderField[]>();
  headers.forEach((header, index) => {
    const { decision, rank, reason, ambiguous } = decideByHeader(index, header, context);
    claims.push({ decision, rank, reason });
    if (ambiguous.length > 0) ambiguity.set(index, ambiguous);
  });
  const values = headers.map((_header, index) => describeValues(samples[index] ?? []));
  decideByValues(claims, values);
  const warnings: RowIssue[] = [];
  settleCompetitions(claims, warnings);
  for (const claim of claims) {
    const { decision } = claim;
    if (claim.outclassed || decision.via !== null || decision.use.kind === 'field') continue;
    decision.suggestions = [
      ...new Set([...(ambiguity.get(decision.index) ?? []), ...suggestFields(decision.header)]),
    ].slice(0, 3);
    warnings.push(unknownColumnWarning(decision, context.profile));
  }
  warnings.sort((a, b) => columnOrder(headers, a) - columnOrder(headers, b));
  return { decisions: claims.map((claim) => claim.decision), warnings };
}

/**
 * A key first seen after the plan was made (JSON and XML records need not all have the same
 * keys): decided by its header alone; a single-valued field already taken stays with its column.
 */
export function planLateColumn(
  index: number,
  header: string,
  context: ColumnPlanContext,
  taken: ReadonlyMap<HeaderField, string>,
): { decision: ColumnDecision; warning: RowIssue | null } {
  const { decision } = decideByHeader(index, header, context);
  const field = fieldOf(decision);
  const takenBy = field === null ? undefined : taken.get(field);
  if (field !== null && takenBy !== undefined && !MULTI_VALUED_FIELDS.has(field)) {
    asAttribute(decision);
    decision.via = null;
    decision.suggestions = [field];
    decision.lostTo = { field, header: takenBy };
    return {
      decision,
      warning: {
        row: null,
        sku: null,
        field: header,
        code: 'COLUMN_DUPLICATE',
        message: `Column ${quoteHeader(header)} is another ${field} column; ${quoteHeader(takenBy)} was taken for ${field} because it comes first, so this one is kept as a product attribute.`,
      },
    };
  }
  if (decision.via === null && decision.use.kind !== 'field') {
    decision.suggestions = suggestFields(header);
    return { decision, warning: unknownColumnWarning(decision, context.profile) };
  }
  return { decision, warning: null };
}

function columnOrder(headers: readonly string[], issue: RowIssue): number {
  return issue.field === null ? -1 : headers.indexOf(issue.field);
}

/** Claims made by header or by nothing (not by the producer or a shop system) may be revised by values. */
function revisable(claim: Claim): boolean {
  return claim.rank >= 2;
}

/**
 * The column now feeds `field` because of the values. `paired`: its values paired it with
 * another column (a quantity and its unit), which is how it is read even when its header
 * already named the same field.
 */
function setField(claim: Claim, field: HeaderField, reason: string, paired = false): void {
  const current = claim.decision.use;
  const headerUnit = current.kind === 'field' ? current.mapping.headerUnit : undefined;
  if (current.kind === 'field' && current.mapping.field === field) {
    if (paired) claim.decision.via = 'values';
    return;
  }
  claim.decision.use = {
    kind: 'field',
    mapping: headerUnit === undefined ? { field } : { field, headerUnit },
  };
  claim.decision.via = 'values';
  claim.rank = 4;
  claim.reason = reason;
}

function decideByValues(claims: Claim[], values: readonly ColumnValues[]): void {
  const valuesOf = (claim: Claim) => values[claim.decision.index] as ColumnValues;
  for (const claim of claims) {
    if (!revisable(claim)) continue;
    const field = fieldOf(claim.decision);
    const own = valuesOf(claim);
    // A "sales unit" column of numbers is a quantity ("Ingano" = size, holding 250, 500...).
    if (field === 'salesUnit' && mostlyOf(own, 'number')) asQuantityCandidate(claim);
  }
  for (const claim of claims) {
    if (!revisable(claim)) continue;
    const field = fieldOf(claim.decision);
    const unitLike = field === null || UNIT_LIKE_FIELDS.has(field);
    if (!unitLike) continue;
    const own = valuesOf(claim);
    if (mostlyOf(own, 'quantity-unit')) {
      const quantity = nearestQuantity(claims, claim.decision.index, values);
      if (quantity !== null) {
        const quantityField = fieldOf(quantity.decision);
        const target = quantityField === 'grossWeight' ? 'grossWeight' : 'netContent';
        if (revisable(quantity)) setField(quantity, target, `the column beside it holds its units`);
        setField(
          claim,
          QUANTITY_UNIT_OF[target] as HeaderField,
          `its values are units of ${quantity.decision.header}`,
          true,
        );
      } else if (claims.some((other) => fieldOf(other.decision) === 'netContent')) {
        setField(claim, 'netContent.unit', 'its values are units of weight or volume');
      }
    } else if (mostlyOf(own, 'packaging') && field === null) {
      setField(claim, 'salesUnit', 'its values are packaging words');
    }
  }
  const mapped = new Set(claims.map((claim) => fieldOf(claim.decision)));
  for (const claim of claims) {
    if (claim.decision.via !== null || fieldOf(claim.decision) !== null) continue;
    const own = valuesOf(claim);
    if (!mapped.has('price.currency') && mostlyOf(own, 'currency')) {
      setField(claim, 'price.currency', 'its values are currency codes');
      mapped.add('price.currency');
    } else if (mostlyOf(own, 'image-url')) setField(claim, 'images', 'its values are image links');
  }
}

/** A column whose header said "unit" but whose values are numbers waits for a unit column to pair it. */
function asQuantityCandidate(claim: Claim): void {
  asAttribute(claim.decision);
  claim.decision.via = null;
  claim.rank = 9;
}

/** The closest column (left first, at most two away) that holds bare numbers and may be a quantity. */
function nearestQuantity(
  claims: readonly Claim[],
  index: number,
  values: readonly ColumnValues[],
): Claim | null {
  for (const distance of [1, 2]) {
    for (const at of [index - distance, index + distance]) {
      const candidate = claims[at];
      if (candidate === undefined) continue;
      const field = fieldOf(candidate.decision);
      const quantityLike = field === null ? candidate.decision.via === null : QUANTITY_LIKE_FIELDS.has(field);
      if (quantityLike && mostlyOf(values[at] as ColumnValues, 'number')) return candidate;
    }
  }
  return null;
}

function settleCompetitions(claims: Claim[], warnings: RowIssue[]): void {
  const byField = new Map<HeaderField, Claim[]>();
  for (const claim of claims) {
    const field = fieldOf(claim.decision);
    if (field === null || MULTI_VALUED_FIELDS.has(field)) continue;
    const list = byField.get(field) ?? [];
    list.push(claim);
    byField.set(field, list);
  }
  for (const [field, competing] of byField) {
    if (competing.length < 2) continue;
    const [winner, ...losers] = [...competing].sort(
      (a, b) => a.rank - b.rank || a.decision.index - b.decision.index,
    );
    if (winner === undefined) continue;
    const why = losers.every((loser) => loser.rank === winner.rank) ? 'it comes first' : winner.reason;
    for (const loser of losers) {
      asAttribute(loser.decision);
      loser.decision.via = null;
      loser.decision.suggestions = [field];
      loser.decision.lostTo = { field, header: winner.decision.header };
      loser.outclassed = true;
      warnings.push({
        row: null,
        sku: null,
        field: loser.decision.header,
        code: 'COLUMN_DUPLICATE',
        message: `Column ${quoteHeader(loser.decision.header)} is another ${field} column; ${quoteHeader(winner.decision.header)} was taken for ${field} because ${why}, so this one is kept as a product attribute.`,
      });
    }
  }
}

function unknownColumnWarning(decision: ColumnDecision, profile: ProfileLookup): RowIssue {
  const header = quoteHeader(decision.header);
  const tourTarget = profile.tourColumn(decision.header);
  if (tourTarget?.kind === 'field') {
    // The producer mapped it for their tour catalogues: a product file does not read tour fields.
    return {
      row: null,
      sku: null,
      field: decision.header,
      code: 'COLUMN_UNKNOWN',
      message: `Column ${header} is mapped by your profile to the tour field ${JSON.stringify(tourTarget.field)}, which products do not have; its values are kept as product attributes.`,
    };
  }
  if (decision.use.kind === 'ignored') {
    return {
      row: null,
      sku: null,
      field: decision.header,
      code: 'COLUMN_UNKNOWN',
      message: `Column ${header} has no usable name; its values are ignored. Give the column a header.`,
    };
  }
  const [closest] = decision.suggestions;
  const closestText =
    decision.suggestions.length === 0 ? '' : ` Closest fields: ${decision.suggestions.join(', ')}.`;
  const line =
    closest === undefined
      ? `"columns": { ${JSON.stringify(decision.header)}: "<field>" } (or "ignore")`
      : `"columns": { ${JSON.stringify(decision.header)}: ${JSON.stringify(closest)} }`;
  return {
    row: null,
    sku: null,
    field: decision.header,
    code: 'COLUMN_UNKNOWN',
    message: `Column ${header} is not a known field; its values are kept as product attributes.${closestText} To map it, add to your profile: ${line}.`,
  };
}

function quoteHeader(header: string): string {
  return JSON.stringify(header.length > 40 ? `${header.slice(0, 40)}…` : header);
}

/** The report's view of a plan. */
export function reportColumns(plan: ColumnPlan): ColumnReport[] {
  return plan.decisions.map((decision) => ({
    index: decision.index,
    header: decision.header,
    field:
      decision.use.kind === 'field'
        ? decision.use.mapping.field
        : decision.use.kind === 'attribute' && decision.via !== null
          ? `attributes.${decision.use.name}`
          : null,
    via: decision.via,
    suggestions: decision.suggestions,
  }));
}
