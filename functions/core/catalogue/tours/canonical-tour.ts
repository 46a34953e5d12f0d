/**
 * A JSON tour written in the canonical model's own shape (tour-model.ts), as a booking system
 * exporting to feedbridge writes it: money objects (`"adult": {"minor": 184999, "currency":
 * "USD"}`), `departures` with its `kind`, itinerary days, fee items and cancellation tiers as
 * objects. Such an object is not a sheet row: it is checked whole by the model's zod schema, each
 * refusal a row error with the field's path and a stable code, after the cell checks every reader
 * applies. Keys the model has no place for are warned about once (COLUMN_UNKNOWN), not read.
 *
 * The JSON reader hands a tour on as dotted keys ("prices.adult.minor", "itinerary.0.title");
 * they are put back together here. Which objects are canonical is told per object by keys only
 * the model's structure writes (isCanonicalTour), so one file may mix them with sheet-like ones.
 */
import { cleanCell } from '../cell-hygiene.ts';
import { normaliseKey } from '../normalise-key.ts';
import type { RawRecord, RawValue } from '../readers/raw-record.ts';
import { resolvePlace } from '../rwanda-gazetteer.ts';
import { tourLimitProblem } from '../tour-limits.ts';
import { tourPackageSchema } from '../tour-model.ts';
import { quoteValue } from '../values/cell-text.ts';
import type { SecondTableRows } from './second-tables.ts';
import type { TourProblem, TourRowCode } from './tour-problem.ts';
import { issue, type TourRowOutcome } from './tour-row.ts';

/**
 * Keys a sheet-like object never has and a canonical one does: a money object's parts, the kind
 * of its departures or confirmation, a cut-off's days, a tier or a fee item as an object.
 */
const CANONICAL_KEY =
  /^(?:prices\.(?:adult|child\.price|singleSupplement)\.(?:minor|currency)|departures\.kind|confirmation\.kind|bookingCutoff\.daysBefore|cancellationTiers\.\d+\.(?:daysBefore|refundPercent)|(?:inclusions|exclusions)\.\d+\.text)$/u;

/** Whether a JSON tour is written in the canonical shape (and so read whole by the model). */
export function isCanonicalTour(record: RawRecord): boolean {
  for (const key of record.fields.keys()) if (CANONICAL_KEY.test(key)) return true;
  return false;
}

interface SchemaNode {
  _zod: { def: { type: string; [part: string]: unknown } };
}

/**
 * Every key path the model has ("names.en", "itinerary.*.meals.lunch"), read from its zod schema
 * so it cannot drift from the model: a list of objects is `*`, a list of values one key.
 */
function keyShapes(schema: SchemaNode, prefix: string, out: Set<string>): Set<string> {
  const def = schema._zod.def;
  const inner = (name: string) => def[name] as SchemaNode;
  switch (def.type) {
    case 'object':
      for (const [name, member] of Object.entries(def.shape as Record<string, SchemaNode>)) {
        const path = prefix === '' ? name : `${prefix}.${name}`;
        out.add(path);
        keyShapes(member, path, out);
      }
      break;
    case 'array':
      out.add(`${prefix}.*`);
      keyShapes(inner('element'), `${prefix}.*`, out);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      keyShapes(inner('innerType'), prefix, out);
      break;
    case 'union':
      for (const option of def.options as SchemaNode[]) keyShapes(option, prefix, out);
      break;
    case 'pipe':
      keyShapes(inner('in'), prefix, out);
      break;
  }
  return out;
}

const MODEL_KEYS: ReadonlySet<string> = keyShapes(tourPackageSchema as unknown as SchemaNode, '', new Set());

/** A list position no model list reaches (the longest holds 730 dates): read no further. */
const MAX_INDEX = 999;
const UNSAFE_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The shortest part of a key the model has no place for ("supplier" of "supplier.id"), or null. */
function unknownPart(key: string): string | null {
  const segments = key.split('.');
  for (let end = 1; end <= segments.length; end += 1) {
    const part = segments.slice(0, end);
    const shape = part.map((segment) => (/^\d+$/u.test(segment) ? '*' : segment)).join('.');
    const index = segments[end - 1] ?? '';
    if (/^\d+$/u.test(index) && Number(index) > MAX_INDEX) return part.join('.');
    if (!MODEL_KEYS.has(shape)) return part.join('.');
  }
  return null;
}

type Tree = { [key: string]: unknown } | unknown[];

/** Puts dotted keys back together; a key both a value and an object is a problem, not a guess. */
function rebuild(entries: readonly (readonly [string, unknown])[], problems: TourProblem[]): Tree {
  const root: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    const segments = key.split('.');
    let node: Tree = root;
    let clash = false;
    segments.forEach((segment, index) => {
      if (clash) return;
      const slot = node as Record<string, unknown>;
      if (index === segments.length - 1) {
        if (slot[segment] !== undefined) clash = true;
        else slot[segment] = value;
        return;
      }
      const next = slot[segment];
      if (next === undefined) {
        const created: Tree = /^\d+$/u.test(segments[index + 1] ?? '') ? [] : {};
        slot[segment] = created;
        node = created;
      } else if (typeof next === 'object' && next !== null && !isScalarList(next)) node = next as Tree;
      else clash = true;
    });
    if (clash)
      problems.push({
        field: key,
        code: 'TOUR_VALUE_INVALID',
        message: `${key} is written both as a value and as an object; keep one.`,
      });
  }
  return root;
}

function isScalarList(value: object): boolean {
  return Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null);
}

/** The stable code of a refusal, by where in the package it is. */
function codeFor(path: readonly string[], missing: boolean): TourRowCode {
  if (missing) return 'TOUR_REQUIRED_MISSING';
  const [top, second] = path;
  const last = path.at(-1);
  if (top === 'itinerary') return 'TOUR_ITINERARY_INVALID';
  if (top === 'departures')
    return last === 'date' || second === 'from' || second === 'to' || second === 'blackouts'
      ? 'TOUR_DEPARTURE_DATE_INVALID'
      : 'TOUR_DEPARTURES_INVALID';
  if (top === 'prices') return 'TOUR_PRICE_INVALID';
  if (top === 'cancellationTiers') return 'TOUR_CANCELLATION_INVALID';
  if (top === 'duration') return 'TOUR_DURATION_INVALID';
  if (top === 'category') return 'TOUR_CATEGORY_UNKNOWN';
  if (top === 'destinations' || last === 'placeId') return 'TOUR_PLACE_UNKNOWN';
  return 'TOUR_VALUE_INVALID';
}

function valueAt(tree: unknown, path: readonly PropertyKey[]): unknown {
  let node = tree;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

/** Lists a booking system leaves out when empty are empty; a tour ends where it starts. */
function withDefaults(tree: Record<string, unknown>): Record<string, unknown> {
  const filled: Record<string, unknown> = { ...tree };
  for (const list of [
    'highlights',
    'itinerary',
    'inclusions',
    'exclusions',
    'guideLanguages',
    'cancellationTiers',
    'images',
  ])
    if (filled[list] === undefined) filled[list] = [];
  if (filled.end === undefined && filled.start !== undefined) filled.end = filled.start;
  const departures = filled.departures;
  if (typeof departures === 'object' && departures !== null && !Array.isArray(departures)) {
    const rule = departures as Record<string, unknown>;
    if (rule.kind === 'weekly' && rule.blackouts === undefined)
      filled.departures = { ...rule, blackouts: [] };
  }
  return filled;
}

export interface CanonicalTourContext {
  producerId: string;
  maxCellChars: number;
}

export interface CanonicalTourOutcome extends TourRowOutcome {
  /** Parts of keys the model has no place for ("supplier", "timeZone"): warned about once per file. */
  unknownKeys: string[];
}

/** Every text cleaned as a cell is (formulas, control characters, length); refusals are problems. */
function cleanEntries(
  record: RawRecord,
  context: CanonicalTourContext,
  problems: TourProblem[],
  warnings: { field: string; code: 'CELL_INVISIBLE_CHARACTERS_REMOVED'; message: string }[],
  unknownKeys: Set<string>,
): [string, unknown][] {
  const clean = (key: string, value: RawValue): unknown => {
    if (Array.isArray(value)) return value.map((item) => clean(key, item));
    if (typeof value !== 'string') return value;
    const verdict = cleanCell(value, context.maxCellChars);
    if (!verdict.ok) {
      problems.push({ field: key, code: verdict.problem.code, message: verdict.problem.message });
      return value;
    }
    if (verdict.warning !== null) warnings.push({ field: key, ...verdict.warning });
    return verdict.text.trim();
  };
  const entries: [string, unknown][] = [];
  for (const [key, value] of record.fields) {
    const unknown = key.split('.').some((segment) => UNSAFE_SEGMENTS.has(segment)) ? key : unknownPart(key);
    if (unknown !== null) {
      unknownKeys.add(unknown);
      continue;
    }
    entries.push([key, clean(key, value)]);
  }
  return entries;
}

/**
 * Reads one canonical-shape JSON tour. `second` holds rows the file's second arrays have for its
 * code: a canonical tour carries its own departures and itinerary, so such rows reject it.
 */
export function parseCanonicalTour(
  record: RawRecord,
  context: CanonicalTourContext,
  second: (code: string) => SecondTableRows | null,
): CanonicalTourOutcome {
  const problems: TourProblem[] = [];
  const cellWarnings: { field: string; code: 'CELL_INVISIBLE_CHARACTERS_REMOVED'; message: string }[] = [];
  const unknown = new Set<string>();
  const entries = cleanEntries(record, context, problems, cellWarnings, unknown);
  const tree = withDefaults(rebuild(entries, problems) as Record<string, unknown>);
  const code = typeof tree.code === 'string' && tree.code !== '' ? tree.code : null;
  const claimed = tree.producerId;
  if (
    claimed !== undefined &&
    (typeof claimed !== 'string' || normaliseKey(claimed).key !== normaliseKey(context.producerId).key)
  ) {
    problems.push({
      field: 'producerId',
      code: 'PRODUCER_MISMATCH',
      message: `The tour gives the operator as ${quoteValue(String(claimed))}, but the file is uploaded by ${quoteValue(context.producerId)}.`,
    });
  }
  tree.producerId = context.producerId;
  const rows = code === null ? null : second(code);
  for (const kind of ['departures', 'itinerary'] as const) {
    const listed = rows?.sources.filter((source) => source.kind === kind) ?? [];
    if (listed.length === 0) continue;
    problems.push({
      field: kind,
      code: kind === 'departures' ? 'TOUR_DEPARTURES_INVALID' : 'TOUR_ITINERARY_INVALID',
      message: `The tour is written whole in the model's shape, with its own ${kind}, and ${listed[0]?.label} row ${listed[0]?.row} also lists ${kind} for it; keep them in one place.`,
    });
  }
  const outcome = (tourIssues: TourProblem[], tour: CanonicalTourOutcome['tour']): CanonicalTourOutcome => ({
    row: record.row,
    code,
    tour,
    errors: tourIssues.map((problem) => issue(record.row, code, problem)),
    warnings: cellWarnings.map((warning) => ({ row: record.row, sku: code, ...warning })),
    unknownKeys: [...unknown],
  });
  if (problems.length > 0) return outcome(problems, null);
  const checked = tourPackageSchema.safeParse(tree);
  if (!checked.success) {
    return outcome(
      checked.error.issues.map((zodIssue) => {
        const path = zodIssue.path.map(String);
        const field = path.join('.') || 'tour';
        const value = valueAt(tree, zodIssue.path);
        const missing = path.length > 0 && value === undefined;
        const code = codeFor(path, missing);
        return {
          field,
          code,
          message: missing
            ? `The tour has no ${field}.`
            : code === 'TOUR_PLACE_UNKNOWN' && typeof value === 'string'
              ? placeMessage(field, value)
              : `${field}: ${zodIssue.message}.`,
        };
      }),
      null,
    );
  }
  const tooLarge = tourLimitProblem(checked.data);
  if (tooLarge !== null) return outcome([{ field: 'tour', code: 'TOUR_TOO_LARGE', message: tooLarge }], null);
  return outcome([], checked.data);
}

/** A place the model refuses: its gazetteer id when the text names one ("nyungwe"), never a guess. */
function placeMessage(field: string, value: string): string {
  const id = resolvePlace(value);
  return id === null
    ? `${field}: ${quoteValue(value)} is no place of the gazetteer (docs/tour-packages.md lists them).`
    : `${field}: ${quoteValue(value)} is not a gazetteer id; the model writes it ${JSON.stringify(id)}.`;
}
