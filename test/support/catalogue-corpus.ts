import { readdirSync, readFileSync } from 'node:fs';
import * as z from 'zod';
import { FILE_ERROR_CODES, ROW_ERROR_CODES, WARNING_CODES } from '../../functions/core/catalogue/codes.ts';
import { producerIdSchema, productSchema } from '../../functions/core/catalogue/model.ts';

/**
 * The reading corpus (test/fixtures/catalogues): one folder per catalogue, holding the file as a
 * producer's system writes it and expected.json, the outcome written by hand. The format is
 * described in test/fixtures/catalogues/README.md; this schema is that description, checked.
 */
export const CORPUS_DIR = new URL('../fixtures/catalogues/', import.meta.url);

const warningCodeSchema = z.enum(WARNING_CODES);

/** The canonical product (with link, salePrice and itemGroupId since issue 12); no other key is allowed. */
export const corpusProductSchema = productSchema.strict();

const profileSchema = z
  .object({
    defaults: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    columns: z.record(z.string(), z.string()).optional(),
    values: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  })
  .strict();

const optionsSchema = z
  .object({
    producerId: producerIdSchema,
    currency: z.enum(['RWF', 'USD', 'EUR', 'CNY']).optional(),
    sheet: z.string().min(1).optional(),
    profile: profileSchema.optional(),
  })
  .strict();

const readExpectationSchema = z
  .object({
    refused: z.null(),
    source: z.enum(['shopify', 'woocommerce', 'google-merchant', 'table']),
    format: z.enum(['csv', 'tsv', 'xlsx', 'json', 'xml']),
    encoding: z.enum(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252', 'binary']),
    sheet: z.string().min(1).optional(),
    headerRow: z.number().int().positive().optional(),
    rows: z
      .object({
        total: z.number().int().nonnegative(),
        accepted: z.number().int().nonnegative(),
        rejected: z.number().int().nonnegative(),
        skipped: z.number().int().nonnegative(),
      })
      .strict(),
    products: z.array(corpusProductSchema),
    errors: z.array(
      z
        .object({
          row: z.number().int().positive(),
          sku: z.string().nullable(),
          field: z.string().nullable(),
          code: z.enum(ROW_ERROR_CODES),
        })
        .strict(),
    ),
    warnings: z.array(
      z
        .object({
          row: z.number().int().positive().nullable(),
          field: z.string().nullable(),
          code: warningCodeSchema,
        })
        .strict(),
    ),
    warningsMode: z.enum(['exact', 'includes']),
    columns: z.array(
      z
        .object({
          header: z.string().min(1),
          field: z.string().nullable(),
          via: z.enum(['alias', 'values', 'header-unit', 'signature', 'profile', 'ignored']).optional(),
        })
        .strict(),
    ),
  })
  .strict();

const refusedExpectationSchema = z
  .object({ refused: z.object({ code: z.enum(FILE_ERROR_CODES) }).strict() })
  .strict();

export const corpusFixtureSchema = z
  .object({
    title: z.string().min(10),
    basis: z.string().min(40),
    file: z.string().min(1),
    options: optionsSchema,
    expect: z.union([readExpectationSchema, refusedExpectationSchema]),
  })
  .strict();
export type CorpusFixture = z.infer<typeof corpusFixtureSchema>;

export interface CorpusEntry {
  name: string;
  /** expected.json as parsed JSON, not yet checked against corpusFixtureSchema. */
  raw: unknown;
  /** The names of the files in the fixture's folder. */
  files: string[];
}

/** Every fixture folder, in name order. */
export function readCorpus(): CorpusEntry[] {
  return readdirSync(CORPUS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const folder = new URL(`${name}/`, CORPUS_DIR);
      return {
        name,
        raw: JSON.parse(readFileSync(new URL('expected.json', folder), 'utf8')) as unknown,
        files: readdirSync(folder),
      };
    });
}
