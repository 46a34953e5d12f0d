import { CURRENCY_MINOR_UNITS, PRODUCT_TYPES } from '../catalogue/model.ts';

/**
 * The canonical product fields a feed rule may read and (where `writable`) change, with the kind
 * of value each holds. A data table: a field a rule names that is not here is refused when the
 * profile is saved (RULE_FIELD_UNKNOWN). Identity (sku, gtin) and the price's currency are read-only:
 * a rule that changed them would make another product, not shape this one.
 */
export type RuleFieldKind = 'text' | 'integer' | 'enum';

export interface RuleField {
  kind: RuleFieldKind;
  writable: boolean;
  /** For enum fields: the values the model accepts. */
  values?: readonly string[];
}

const text = (writable = true): RuleField => ({ kind: 'text', writable });
const integer = (writable = true): RuleField => ({ kind: 'integer', writable });

export const RULE_FIELDS: Readonly<Record<string, RuleField>> = {
  sku: text(false),
  gtin: text(false),
  'names.en': text(),
  'names.fr': text(),
  'names.rw': text(),
  'names.zh-CN': text(),
  description: text(),
  productType: { kind: 'enum', writable: true, values: PRODUCT_TYPES },
  brand: text(),
  'origin.district': text(),
  'origin.farm': text(),
  'price.minor': integer(),
  'price.currency': { kind: 'enum', writable: false, values: Object.keys(CURRENCY_MINOR_UNITS) },
  'salePrice.minor': integer(),
  stock: integer(),
  hsCode: text(),
  lot: text(),
  link: text(),
  itemGroupId: text(),
};

/** attributes.<name>: any attribute the reader kept (variety, process, grade, unknown columns). */
const ATTRIBUTE_PATH = /^attributes\.[^.]{1,100}$/;

export function ruleField(path: string): RuleField | undefined {
  if (Object.hasOwn(RULE_FIELDS, path)) return RULE_FIELDS[path];
  return ATTRIBUTE_PATH.test(path) ? text() : undefined;
}

/** Reads a field path ("names.en", "attributes.grade") from a product-shaped object. */
export function readPath(value: unknown, path: string): unknown {
  const [head, ...rest] = splitPath(path);
  if (head === undefined || value === null || typeof value !== 'object') return undefined;
  const next = (value as Record<string, unknown>)[head];
  return rest.length === 0 ? next : readPath(next, rest.join('.'));
}

/** Returns a copy with the field set (undefined removes it); parents are copied, never mutated. */
export function writePath<T>(value: T, path: string, next: unknown): T {
  const [head, ...rest] = splitPath(path);
  if (head === undefined) return value;
  const copy = { ...(value as Record<string, unknown>) };
  if (rest.length === 0) {
    if (next === undefined) delete copy[head];
    else copy[head] = next;
  } else {
    copy[head] = writePath(copy[head] ?? {}, rest.join('.'), next);
  }
  return copy as T;
}

/** "attributes.a.b" keeps "a.b" whole: an attribute name is one key. */
function splitPath(path: string): string[] {
  if (path.startsWith('attributes.')) return ['attributes', path.slice('attributes.'.length)];
  return path.split('.');
}
