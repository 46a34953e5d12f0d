import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCER_CLAIM } from '../../local/dev-auth.ts';
import { type EmbeddedStack, startEmbeddedStack } from '../../local/embedded-stack.ts';
import { createLocalHttpApi } from '../../local/http-api.ts';
import { loadLocalFunctions, localApiRoutes } from '../../local/local-functions.ts';
import {
  CORPUS_DIR,
  type CorpusFixture,
  corpusFixtureSchema,
  readCorpus,
} from '../support/catalogue-corpus.ts';

/*
 * The reading corpus (test/fixtures/catalogues) through the HTTP API that `feedbridge serve`
 * runs: the producer's profile saved with PUT /profile, the file posted as a producer's curl
 * would, and the answer and the stored findings compared with the hand-written expectations.
 * The unit harness checks every product field; this checks that the deployed path (profile
 * store, handler, ingest) reads the same table, the same columns and the same rejections.
 */

let stack: EmbeddedStack;
let objectDir: string;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  objectDir = await mkdtemp(join(tmpdir(), 'feedbridge-corpus-serve-'));
  stack = await startEmbeddedStack({ objectDir });
  const functions = await loadLocalFunctions(stack);
  server = createLocalHttpApi({
    routes: localApiRoutes(functions),
    authenticate: async (token) => ({ [PRODUCER_CLAIM]: token }),
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', () => listening()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  await stack?.stop();
  if (objectDir) await rm(objectDir, { recursive: true, force: true });
});

function as(producerId: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${producerId}`, ...extra };
}

/** The fixture's reading options as the profile a producer would save. */
function profileOf(fixture: CorpusFixture): Record<string, unknown> {
  const { profile = {}, currency } = fixture.options;
  return {
    ...profile,
    defaults: { ...(profile.defaults ?? {}), ...(currency === undefined ? {} : { currency }) },
  };
}

async function saveProfile(producerId: string, profile: Record<string, unknown>): Promise<void> {
  const current = await fetch(`${baseUrl}/producers/${producerId}/profile`, { headers: as(producerId) });
  expect(current.status).toBe(200);
  const { version } = (await current.json()) as { version: number };
  const saved = await fetch(`${baseUrl}/producers/${producerId}/profile`, {
    method: 'PUT',
    headers: as(producerId, { 'content-type': 'application/json', 'if-match': String(version) }),
    body: JSON.stringify(profile),
  });
  expect(saved.status, JSON.stringify(await saved.clone().json())).toBe(200);
}

interface CatalogueAnswer {
  catalogueId: string;
  rows: { total: number; accepted: number; rejected: number; skipped: number };
  source?: string;
  sheet?: string;
  headerRow?: number;
  columns?: { header: string; field: string | null }[];
  profileVersion?: number;
}

interface FindingsAnswer {
  items: { row: number | null; field: string | null; code: string }[];
  nextCursor: string | null;
}

async function errorsOf(producerId: string, catalogueId: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ severity: 'error', limit: '1000', ...(cursor ? { cursor } : {}) });
    const response = await fetch(
      `${baseUrl}/producers/${producerId}/catalogues/${catalogueId}/findings?${query}`,
      { headers: as(producerId) },
    );
    expect(response.status).toBe(200);
    const page = (await response.json()) as FindingsAnswer;
    for (const item of page.items) keys.push(JSON.stringify([item.row, item.field, item.code]));
    cursor = page.nextCursor;
  } while (cursor !== null);
  return keys.sort();
}

// The direct route has no sheet parameter: a fixture that names a sheet is read by the CLI only.
const fixtures = readCorpus()
  .map((entry) => ({ name: entry.name, fixture: corpusFixtureSchema.parse(entry.raw) }))
  .filter(({ fixture }) => fixture.options.sheet === undefined);

describe('the reading corpus through the local HTTP API', () => {
  it('covers most of the corpus', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(28);
  });

  it.each(fixtures)('$name', async ({ name, fixture }) => {
    const { producerId } = fixture.options;
    await saveProfile(producerId, profileOf(fixture));
    const body = await readFile(new URL(`${name}/${fixture.file}`, CORPUS_DIR));
    const expected = fixture.expect;
    const format = expected.refused === null ? `?format=${expected.format}` : '';
    const response = await fetch(`${baseUrl}/producers/${producerId}/catalogues${format}`, {
      method: 'POST',
      headers: as(producerId, { 'content-type': 'application/octet-stream' }),
      body,
    });
    const answer = (await response.json()) as CatalogueAnswer & { error?: { code: string } };
    if (expected.refused !== null) {
      expect(response.status, JSON.stringify(answer)).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(answer.error?.code).toBe(expected.refused.code);
      return;
    }
    expect(response.status, JSON.stringify(answer).slice(0, 500)).toBe(202);
    expect(answer.rows).toEqual(expected.rows);
    expect(answer.source).toBe(expected.source);
    if (expected.headerRow !== undefined) expect(answer.headerRow).toBe(expected.headerRow);
    if (expected.sheet !== undefined) expect(answer.sheet).toBe(expected.sheet);
    expect(answer.profileVersion).toBeGreaterThan(0);
    expect(
      (answer.columns ?? []).map(({ header, field }) => ({ header, field })),
      'columns as the expectation lists them',
    ).toEqual(expect.arrayContaining(expected.columns.map(({ header, field }) => ({ header, field }))));
    const wanted = expected.errors
      .map((error) => JSON.stringify([error.row, error.field, error.code]))
      .sort();
    expect(await errorsOf(producerId, answer.catalogueId)).toEqual(wanted);
  });
});
