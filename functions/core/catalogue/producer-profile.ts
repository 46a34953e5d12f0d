/**
 * The producer profile: what a producer tells us once that no file can say. Which column means
 * what when its header says nothing we know ("Qté dispo", "Notes internes"), what their own words
 * mean ("Arabica lavé" is green coffee), and the defaults a row may leave out (the currency a shop
 * export never writes, the district every row would repeat). Explicit entries always beat what the
 * reader infers. One zod schema is the single source of its shape and checks.
 */

import * as z from 'zod';
import { CHANNEL_IDS } from '../channels/channel-kinds.ts';
import { checkFeedRules, type RuleCode } from '../rules/check-rules.ts';
import { feedRulesSchema } from '../rules/rule-schema.ts';
import { parseIsoDuration, SOURCE_EVERY_BOUNDS } from '../source/iso-duration.ts';
import { HEADER_ALIASES, type HeaderField } from './columns/product-aliases.ts';
import {
  CERTIFICATION_CODES,
  currencySchema,
  LOCALES,
  productTypeSchema,
  SALES_UNITS,
  salesUnitSchema,
} from './model.ts';
import { normaliseKey } from './normalise-key.ts';
import { PROFILE_COLUMN_FIELDS, PROFILE_TOUR_COLUMN_FIELDS } from './profile-column-fields.ts';
import type { TourField } from './tours/tour-aliases.ts';

export {
  PROFILE_COLUMN_FIELDS,
  PROFILE_TOUR_COLUMN_FIELDS,
  type ProfileColumnField,
} from './profile-column-fields.ts';

const PROFILE_FIELD_SET: ReadonlySet<string> = new Set(PROFILE_COLUMN_FIELDS);
const PROFILE_TOUR_FIELD_SET: ReadonlySet<string> = new Set(PROFILE_TOUR_COLUMN_FIELDS);
const ATTRIBUTE_TARGET = /^attributes\.([^.]{1,64})$/u;
const RESERVED_ATTRIBUTE_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type ColumnTarget =
  | { kind: 'field'; field: HeaderField }
  | { kind: 'attribute'; name: string }
  | { kind: 'ignore' }
  /** A shop export's column its rules read without feeding one field (Status, a variant's option value). */
  | { kind: 'rule' };

/** The reader's field for a profile column target, or null when the text names none. */
export function parseColumnTarget(target: string): ColumnTarget | null {
  if (target === 'ignore') return { kind: 'ignore' };
  const attribute = ATTRIBUTE_TARGET.exec(target);
  if (attribute !== null) {
    const name = (attribute[1] ?? '').trim();
    if (name === '' || RESERVED_ATTRIBUTE_NAMES.has(name)) return null;
    return { kind: 'attribute', name };
  }
  if (!PROFILE_FIELD_SET.has(target)) return null;
  const field = target === 'currency' ? 'price.currency' : target;
  return field in HEADER_ALIASES ? { kind: 'field', field: field as HeaderField } : null;
}

/**
 * How a tour catalogue reads a profile target: a tour field, `ignore`, or `product` for a target
 * only product files have (`stock`, `gtin`, `attributes.<name>`): a tour file does not read it.
 */
export type TourColumnTarget =
  | { kind: 'field'; field: TourField }
  | { kind: 'ignore' }
  | { kind: 'product'; target: string };

/** The tour reader's reading of a profile column target, or null when the text names nothing. */
export function parseTourColumnTarget(target: string): TourColumnTarget | null {
  if (target === 'ignore') return { kind: 'ignore' };
  if (PROFILE_TOUR_FIELD_SET.has(target)) return { kind: 'field', field: target as TourField };
  return parseColumnTarget(target) === null ? null : { kind: 'product', target };
}

const columnTargetSchema = z.string().refine((target) => parseTourColumnTarget(target) !== null, {
  message: `expected one of ${PROFILE_COLUMN_FIELDS.join(', ')}, "attributes.<name>" or "ignore"; or, for a tour catalogue, one of ${PROFILE_TOUR_COLUMN_FIELDS.filter((field) => !PROFILE_FIELD_SET.has(field)).join(', ')}`,
});

/** Keys as a producer writes them: a header or a word, at most 200 characters. */
const keyText = z.string().trim().min(1).max(200);

/** Bounds so a profile always fits one DynamoDB item (400 KB) with room to spare. */
/** `depth`: a profile's deepest part (a rule's map table) is 8 levels down; deeper is not a profile. */
export const PROFILE_LIMITS = { columns: 500, valuesPerMap: 1000, bytes: 128 * 1024, depth: 16 } as const;

/**
 * Whether `value` nests objects or arrays deeper than `limit`, walked without recursion: the
 * schema and JSON.stringify recurse, and a few thousand levels (a 36 kB file) overflow the stack.
 */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth >= limit) return true;
    for (const member of Object.values(next.value)) pending.push({ value: member, depth: next.depth + 1 });
  }
  return false;
}

function boundedRecord<T extends z.ZodType>(value: T, max: number) {
  return z
    .record(keyText, value)
    .refine((record) => Object.keys(record).length <= max, { message: `at most ${max} entries` });
}

export const profileDefaultsSchema = z
  .object({
    currency: currencySchema.optional(),
    productType: productTypeSchema.optional(),
    salesUnit: salesUnitSchema.optional(),
    brand: z.string().trim().min(1).max(100).optional(),
    district: z.string().trim().min(1).max(80).optional(),
    farm: z.string().trim().min(1).max(120).optional(),
    /** The language of names a file does not label: a shop export's titles, a bare "Name" column. */
    language: z.enum(LOCALES).optional(),
    /** Stock for an item a shop export says is in stock without saying how many. */
    stock: z.number().int().min(0).max(1_000_000).optional(),
    /**
     * The shop's address: a Shopify export names each product's page only by its Handle, and
     * Google Merchant Center requires the page (https://<shop>/products/<handle>).
     */
    shopUrl: z
      .string()
      .trim()
      .max(200)
      .refine(isShopAddress, {
        message: 'expected the https address of your shop, such as https://shop.example.rw, with no ? or #',
      })
      .optional(),
  })
  .strict();

function isShopAddress(text: string): boolean {
  if (!/^https:\/\//iu.test(text) || !URL.canParse(text)) return false;
  const url = new URL(text);
  return url.hostname !== '' && url.search === '' && url.hash === '' && !text.includes('#');
}

export const profileValuesSchema = z
  .object({
    productType: boundedRecord(productTypeSchema, PROFILE_LIMITS.valuesPerMap).optional(),
    certifications: boundedRecord(z.enum(CERTIFICATION_CODES), PROFILE_LIMITS.valuesPerMap).optional(),
    salesUnit: boundedRecord(z.enum(SALES_UNITS), PROFILE_LIMITS.valuesPerMap).optional(),
  })
  .strict();

/**
 * Where feedbridge pulls the producer's catalogue from, and how often (issue 13 point 3). The URL's
 * scheme and address are checked again at every fetch (core/source/source-address.ts).
 */
export const profileSourceSchema = z
  .object({
    url: z
      .string()
      .max(2048)
      .refine((url) => /^https?:\/\//iu.test(url) && URL.canParse(url), {
        message: 'expected an absolute https URL (http only to this machine, with feedbridge serve)',
      }),
    format: z.enum(['csv', 'tsv', 'xlsx', 'json', 'xml']).optional(),
    mode: z.enum(['full', 'delta']).optional(),
    every: z
      .string()
      .refine(
        (every) => {
          const ms = parseIsoDuration(every);
          return ms !== null && ms >= SOURCE_EVERY_BOUNDS.minMs && ms <= SOURCE_EVERY_BOUNDS.maxMs;
        },
        { message: 'expected an ISO 8601 duration from PT5M to P30D, such as PT1H or P1D' },
      )
      .optional(),
  })
  .strict();

export const producerProfileSchema = z
  .object({
    defaults: profileDefaultsSchema.default({}),
    columns: boundedRecord(columnTargetSchema, PROFILE_LIMITS.columns).default({}),
    values: profileValuesSchema.default({}),
    /** Per-channel feed rules (functions/core/rules, docs/feed-rules.md), checked beyond their shape by checkProducerProfile. */
    rules: feedRulesSchema.optional(),
    /** A URL feedbridge pulls the catalogue from on a schedule (and on POST .../pulls). */
    source: profileSourceSchema.optional(),
  })
  .strict();

export type ProducerProfile = z.output<typeof producerProfileSchema>;
export type ProducerProfileInput = z.input<typeof producerProfileSchema>;

export const EMPTY_PROFILE: ProducerProfile = Object.freeze({ defaults: {}, columns: {}, values: {} });

export interface ProfileProblem {
  /** Where in the document: "columns.Qté dispo", "defaults.currency", "rules.google-merchant.0.if.0.field". */
  path: string;
  code: 'PROFILE_INVALID' | RuleCode;
  message: string;
  /** For a refused feed rule: its channel and index in that channel's list. */
  rule?: { channel: string; index: number };
}

export type ProfileCheck = { ok: true; profile: ProducerProfile } | { ok: false; problems: ProfileProblem[] };

/**
 * Checks a profile document and lists every problem (not just the first), for a 400 answer.
 * Feed rules are checked beyond their shape: fields, value kinds, patterns, against `channels`.
 */
export function checkProducerProfile(
  document: unknown,
  channels: readonly string[] = CHANNEL_IDS,
): ProfileCheck {
  if (nestsDeeperThan(document, PROFILE_LIMITS.depth)) {
    return {
      ok: false,
      problems: [
        {
          path: '',
          code: 'PROFILE_INVALID',
          message: `the profile nests objects or lists more than ${PROFILE_LIMITS.depth} levels deep`,
        },
      ],
    };
  }
  const bytes = Buffer.byteLength(JSON.stringify(document ?? null));
  if (bytes > PROFILE_LIMITS.bytes) {
    return {
      ok: false,
      problems: [
        {
          path: '',
          code: 'PROFILE_INVALID',
          message: `the profile is ${bytes} bytes; at most ${PROFILE_LIMITS.bytes} are accepted`,
        },
      ],
    };
  }
  const parsed = producerProfileSchema.safeParse(document);
  if (parsed.success) {
    const ruleProblems = checkFeedRules(parsed.data.rules ?? {}, channels);
    if (ruleProblems.length === 0) return { ok: true, profile: parsed.data };
    return {
      ok: false,
      problems: ruleProblems.map(({ channel, index, path, code, message }) => ({
        path,
        code,
        message,
        rule: { channel, index },
      })),
    };
  }
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      code: 'PROFILE_INVALID',
      message: issue.message,
    })),
  };
}

/**
 * The profile as the reader uses it: lookups by normalised key, so the producer's "Qté dispo"
 * finds the column however the file spells its case, accents and spacing.
 */
export class ProfileLookup {
  private readonly columns = new Map<string, ColumnTarget>();
  private readonly tourColumns = new Map<string, TourColumnTarget>();
  private readonly valueMaps: {
    productType: Map<string, string>;
    certifications: Map<string, string>;
    salesUnit: Map<string, string>;
  };

  constructor(readonly profile: ProducerProfile = EMPTY_PROFILE) {
    for (const [header, target] of Object.entries(profile.columns)) {
      const key = normaliseKey(header).key || header;
      // A tour-only target names no product field: a product file reads that column as if unmapped.
      const parsed = parseColumnTarget(target);
      if (parsed !== null) this.columns.set(key, parsed);
      const tour = parseTourColumnTarget(target);
      if (tour !== null) this.tourColumns.set(key, tour);
    }
    const index = (record: Readonly<Record<string, string>> | undefined) =>
      new Map(Object.entries(record ?? {}).map(([word, value]) => [normaliseKey(word).key || word, value]));
    this.valueMaps = {
      productType: index(profile.values.productType),
      certifications: index(profile.values.certifications),
      salesUnit: index(profile.values.salesUnit),
    };
  }

  get defaults(): ProducerProfile['defaults'] {
    return this.profile.defaults;
  }

  /** The producer's own mapping of this header, if they gave one. */
  column(header: string): ColumnTarget | undefined {
    return this.columns.get(normaliseKey(header).key || header);
  }

  /** The producer's own mapping of this header, as a tour catalogue reads it. */
  tourColumn(header: string): TourColumnTarget | undefined {
    return this.tourColumns.get(normaliseKey(header).key || header);
  }

  /** Their word for a value, translated: a product type, a certification or a sales unit code. */
  value(kind: 'productType' | 'certifications' | 'salesUnit', word: string): string | undefined {
    return this.valueMaps[kind].get(normaliseKey(word).key || word);
  }
}
