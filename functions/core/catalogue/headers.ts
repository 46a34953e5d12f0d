/**
 * Column headers (CSV, XLSX) and keys (JSON, XML) mapped to canonical fields. The aliases are data
 * (columns/product-aliases.ts); a header is looked up whole first (normaliseKey: case, accents,
 * spacing, punctuation and a trailing "(unit)" never matter), then by its words
 * (columns/alias-matcher.ts: word order, extra words and units anywhere do not matter either).
 */

import type { RowIssue } from './codes.ts';
import { AliasMatcher } from './columns/alias-matcher.ts';
import { headerWords } from './columns/header-words.ts';
import { HEADER_ALIASES, type HeaderField } from './columns/product-aliases.ts';
import type { Locale } from './model.ts';
import { buildAliasIndex, normaliseKey } from './normalise-key.ts';
import { findInUnit, resolveLocale } from './vocabulary.ts';

export { HEADER_ALIASES, type HeaderField } from './columns/product-aliases.ts';

/** Fields several columns may feed (Image 1, Image 2...); every other field takes one column. */
export const MULTI_VALUED_FIELDS: ReadonlySet<HeaderField> = new Set<HeaderField>([
  'images',
  'certifications',
]);

export interface ColumnMapping {
  field: HeaderField;
  /** The trailing "(…)" of the header, e.g. "kg", "rwf", "°c", "jours": the caller interprets it. */
  headerUnit?: string;
  /** Position in a flattened array key ("certifications.0.code", "images[2]"). */
  index?: number;
  /** Which half of a flattened certification object: its code or its label. */
  part?: 'code' | 'label';
}

export interface HeaderMapResult {
  columns: Map<string, ColumnMapping>;
  /** Unmatched headers, in file order; their values are kept as attributes. */
  unknown: string[];
  /** Headers that matched a field another header already took; also kept as attributes. */
  duplicates: { header: string; field: HeaderField; takenBy: string }[];
}

/** What to do with one source column, decided once per file and cached. */
export type ColumnPlan =
  | { kind: 'field'; sourceKey: string; mapping: ColumnMapping }
  | { kind: 'attribute'; sourceKey: string; name: string; reason: AttributeReason }
  | { kind: 'ignored'; sourceKey: string };

/** Why a column became an attribute: named "attributes.x", matched nothing, or lost its field to an earlier column. */
export type AttributeReason =
  | { kind: 'declared' }
  | { kind: 'unknown' }
  | { kind: 'duplicate'; field: HeaderField; takenBy: string };

const aliasIndex = buildAliasIndex(HEADER_ALIASES);
const aliasMatcher = new AliasMatcher<HeaderField>(HEADER_ALIASES);

// Compiled once; used per new header only.
const INDEXED_KEY = /^(.+?)(?:\.(\d{1,4})|\[(\d{1,4})\])(?:\.(.+))?$/u;
const TRAILING_DIGITS = /^(.*?\D)\d{1,3}$/u;
const ATTRIBUTES_PREFIX = /^attributes[./]/iu;
/** Keys zod (and careless code) treat as object machinery; kept out of attributes. */
const RESERVED_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const NAME_FIELDS: Readonly<Record<Locale, HeaderField>> = {
  en: 'names.en',
  fr: 'names.fr',
  rw: 'names.rw',
  'zh-CN': 'names.zh-CN',
};

function withLocale(mapping: ColumnMapping): ColumnMapping {
  if (!mapping.field.startsWith('names.')) return mapping;
  const locale = findInUnit(mapping.headerUnit, resolveLocale);
  return locale === null ? mapping : { ...mapping, field: NAME_FIELDS[locale] };
}

function mapping(field: HeaderField, headerUnit: string | null): ColumnMapping {
  return withLocale(headerUnit === null ? { field } : { field, headerUnit });
}

/** How a header found its field: the whole header is an alias, or its words matched one. */
export type HeaderMatch =
  | {
      kind: 'match';
      mapping: ColumnMapping;
      exact: boolean /** Header words no alias explained. */;
      extra: number;
    }
  | { kind: 'ambiguous'; fields: HeaderField[] }
  | { kind: 'none' };

/**
 * Maps one header or key to a canonical field. Tries, in order: the normalised alias ("Poids net
 * (kg)"); a flattened array key ("images.0", "certifications[1].label"); a numbered multi-valued
 * column ("Image 2"); the header's words ("Température minimale de stockage (°C)", "Prix en RWF").
 */
export function matchHeader(header: string): HeaderMatch {
  const { key, unit } = normaliseKey(header);
  const exact = (found: ColumnMapping): HeaderMatch => ({
    kind: 'match',
    mapping: found,
    exact: true,
    extra: 0,
  });
  const direct = aliasIndex.get(key);
  if (direct !== undefined) return exact(mapping(direct, unit));

  const indexed = INDEXED_KEY.exec(header);
  if (indexed !== null) {
    const base = aliasIndex.get(normaliseKey(indexed[1] ?? '').key);
    const index = Number(indexed[2] ?? indexed[3]);
    if (base !== undefined && MULTI_VALUED_FIELDS.has(base)) {
      const rest = indexed[4] === undefined ? '' : normaliseKey(indexed[4]).key;
      if (rest === '') return exact({ field: base, index });
      if (base === 'certifications' && (rest === 'code' || rest === 'label'))
        return exact({ field: base, index, part: rest });
    }
  }

  const numbered = TRAILING_DIGITS.exec(key);
  if (numbered !== null) {
    const base = aliasIndex.get(numbered[1] ?? '');
    if (base !== undefined && MULTI_VALUED_FIELDS.has(base)) return exact({ field: base });
  }

  const words = headerWords(header);
  const matched = aliasMatcher.match(words);
  if (matched.kind === 'ambiguous') return matched;
  if (matched.kind === 'none') return matched;
  const found =
    words.index !== null && MULTI_VALUED_FIELDS.has(matched.field)
      ? { field: matched.field }
      : mapping(matched.field, words.units.length === 0 ? null : words.units.join(' '));
  return { kind: 'match', mapping: found, exact: false, extra: matched.extra };
}

/** The field one header or key maps to, or null when it matches nothing (or more than one field). */
export function mapHeader(header: string): ColumnMapping | null {
  const matched = matchHeader(header);
  return matched.kind === 'match' ? matched.mapping : null;
}

/** The closest fields to a header that maps to none, best first. */
export function suggestFields(header: string, limit = 3): HeaderField[] {
  return aliasMatcher.suggest(headerWords(header), limit).map((suggestion) => suggestion.field);
}

function fileWarning(code: 'COLUMN_UNKNOWN' | 'COLUMN_DUPLICATE', field: string, message: string): RowIssue {
  return { row: null, sku: null, field, code, message };
}

const NO_WARNINGS: readonly RowIssue[] = Object.freeze([]);

/**
 * Decides, once per distinct header or key, what each column feeds, and remembers it: CSV and
 * XLSX headers are resolved on the first row, JSON and XML keys as they first appear. A
 * single-valued field belongs to the first column that claims it; a later column for the same
 * field is kept as an attribute and warned about, never merged silently.
 */
export class HeaderResolver {
  private readonly plans = new Map<string, ColumnPlan>();
  private readonly claimedBy = new Map<HeaderField, string>();
  private pending: RowIssue[] = [];

  resolve(sourceKey: string): ColumnPlan {
    const known = this.plans.get(sourceKey);
    if (known !== undefined) return known;
    const plan = this.decide(sourceKey);
    this.plans.set(sourceKey, plan);
    return plan;
  }

  /** File-level warnings raised since the last call, each raised once per file. */
  takeWarnings(): readonly RowIssue[] {
    // Asked once per row; nearly always there is nothing, and then nothing is allocated.
    if (this.pending.length === 0) return NO_WARNINGS;
    const warnings = this.pending;
    this.pending = [];
    return warnings;
  }

  private decide(sourceKey: string): ColumnPlan {
    if (ATTRIBUTES_PREFIX.test(sourceKey)) {
      return this.attribute(sourceKey, sourceKey.slice('attributes.'.length), { kind: 'declared' }, null);
    }
    const found = mapHeader(sourceKey);
    if (found === null) {
      return this.attribute(
        sourceKey,
        sourceKey,
        { kind: 'unknown' },
        fileWarning(
          'COLUMN_UNKNOWN',
          sourceKey,
          `Column ${quoteHeader(sourceKey)} is not a known field; its values are kept as product attributes.`,
        ),
      );
    }
    if (!MULTI_VALUED_FIELDS.has(found.field)) {
      const takenBy = this.claimedBy.get(found.field);
      if (takenBy !== undefined) {
        return this.attribute(
          sourceKey,
          sourceKey,
          { kind: 'duplicate', field: found.field, takenBy },
          fileWarning(
            'COLUMN_DUPLICATE',
            sourceKey,
            `Column ${quoteHeader(sourceKey)} is another ${found.field} column; ${quoteHeader(takenBy)} already provides ${found.field}, so this one is kept as a product attribute.`,
          ),
        );
      }
    }
    this.claimedBy.set(found.field, this.claimedBy.get(found.field) ?? sourceKey);
    return { kind: 'field', sourceKey, mapping: found };
  }

  private attribute(
    sourceKey: string,
    name: string,
    reason: AttributeReason,
    warning: RowIssue | null,
  ): ColumnPlan {
    const trimmed = name.trim();
    if (trimmed === '' || RESERVED_ATTRIBUTE_NAMES.has(trimmed)) {
      this.pending.push(
        fileWarning(
          'COLUMN_UNKNOWN',
          sourceKey,
          `Column ${quoteHeader(sourceKey)} has no usable name; its values are ignored. Give the column a header.`,
        ),
      );
      return { kind: 'ignored', sourceKey };
    }
    if (warning !== null) this.pending.push(warning);
    return { kind: 'attribute', sourceKey, name: trimmed, reason };
  }
}

function quoteHeader(header: string): string {
  return JSON.stringify(header.length > 40 ? `${header.slice(0, 40)}…` : header);
}

/**
 * Maps a whole header row at once: what each column feeds, which headers are unknown (kept as
 * attributes) and which duplicate a field another header already feeds.
 */
export function mapHeaders(keys: readonly string[]): HeaderMapResult {
  const resolver = new HeaderResolver();
  const columns = new Map<string, ColumnMapping>();
  const unknown: string[] = [];
  const duplicates: HeaderMapResult['duplicates'] = [];
  for (const key of keys) {
    const plan = resolver.resolve(key);
    if (plan.kind === 'field') columns.set(key, plan.mapping);
    else if (plan.kind === 'ignored' || plan.reason.kind === 'unknown') unknown.push(key);
    else if (plan.reason.kind === 'duplicate') {
      duplicates.push({ header: key, field: plan.reason.field, takenBy: plan.reason.takenBy });
    }
  }
  return { columns, unknown, duplicates };
}

/**
 * Required fields no column feeds, by canonical name ("sku", "names", "price"). Meaningful for
 * tabular files, where the header row names every column any row can have. The product type is
 * not among them: without a type column it is inferred from each row's name, or taken from the
 * producer profile's default, and a row where neither works is rejected on its own.
 */
export function missingRequiredColumns(fields: ReadonlySet<HeaderField>): string[] {
  const missing: string[] = [];
  if (!fields.has('sku')) missing.push('sku');
  if (![...fields].some((field) => field.startsWith('names.'))) missing.push('names');
  if (!fields.has('price') && !fields.has('price.minor')) missing.push('price');
  return missing;
}
