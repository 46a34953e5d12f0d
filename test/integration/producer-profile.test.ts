import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedStack, startEmbeddedStack } from '../../local/embedded-stack.ts';
import { loadLocalFunctions } from '../../local/local-functions.ts';
import { getJson, startUploadApi } from '../support/upload-api.ts';

/*
 * Issue 12 point 5 and 13: the producer profile through the local HTTP API (the deployed routes),
 * versioned with optimistic saves, and read by the ingest, which names the version in its report.
 */

let stack: EmbeddedStack;
let objectDir: string;
let api: Awaited<ReturnType<typeof startUploadApi>>;

beforeAll(async () => {
  objectDir = await mkdtemp(join(tmpdir(), 'feedbridge-profile-'));
  stack = await startEmbeddedStack({ objectDir });
  api = await startUploadApi(stack, await loadLocalFunctions(stack));
});

afterAll(async () => {
  await api?.close();
  await stack?.stop();
  if (objectDir) await rm(objectDir, { recursive: true, force: true });
});

async function putProfile(producerId: string, body: string, ifMatch?: string) {
  const response = await fetch(`${api.baseUrl}/producers/${producerId}/profile`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${producerId}`,
      'content-type': 'application/json',
      ...(ifMatch === undefined ? {} : { 'if-match': ifMatch }),
    },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function postCatalogue(producerId: string, csv: string) {
  const response = await fetch(`${api.baseUrl}/producers/${producerId}/catalogues?format=csv`, {
    method: 'POST',
    headers: { authorization: `Bearer ${producerId}`, 'content-type': 'text/csv' },
    body: csv,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

// A shop's own words: no currency anywhere, a stock column the reader cannot name.
const TEA_CSV = 'sku,name,type,price,Qté dispo\nT-1,Tea,tea,4.50,12\nT-2,Tea bis,tea,5.50,3\n';
const TEA_PROFILE = { defaults: { currency: 'USD' }, columns: { 'Qté dispo': 'stock' } };

describe('the producer profile routes', () => {
  it('answers version 0 with an empty profile before any save', async () => {
    const answer = await getJson(api.baseUrl, 'never-saved', '/producers/never-saved/profile');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      producerId: 'never-saved',
      version: 0,
      updatedAt: null,
      profile: { defaults: {}, columns: {}, values: {} },
    });
  });

  it('saves version after version and refuses a save over a stale one', async () => {
    const first = await putProfile('versioned-coop', JSON.stringify(TEA_PROFILE), '"0"');
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      producerId: 'versioned-coop',
      version: 1,
      profile: { defaults: { currency: 'USD' }, columns: { 'Qté dispo': 'stock' }, values: {} },
    });
    expect(Date.parse(String(first.json.updatedAt))).not.toBeNaN();

    const second = await putProfile(
      'versioned-coop',
      JSON.stringify({ defaults: { currency: 'RWF' } }),
      '"1"',
    );
    expect(second.json).toMatchObject({
      version: 2,
      profile: { defaults: { currency: 'RWF' }, columns: {} },
    });

    // Another editor still on version 1: refused, and told what is current.
    const stale = await putProfile('versioned-coop', JSON.stringify(TEA_PROFILE), '"1"');
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({
      error: {
        code: 'PROFILE_VERSION_CONFLICT',
        current: { version: 2, profile: { defaults: { currency: 'RWF' } } },
      },
    });
    const read = await getJson(api.baseUrl, 'versioned-coop', '/producers/versioned-coop/profile');
    expect(read.json).toMatchObject({ version: 2, profile: { defaults: { currency: 'RWF' } } });

    // Without If-Match the save goes over whatever is current.
    const blind = await putProfile('versioned-coop', JSON.stringify(TEA_PROFILE));
    expect(blind.json).toMatchObject({ version: 3 });
  });

  it('refuses an invalid profile with every problem, and saves nothing', async () => {
    const refused = await putProfile(
      'refused-coop',
      JSON.stringify({ defaults: { currency: 'XYZ1' }, columns: { Poids: 'weight-ish' }, colour: 'red' }),
      '"0"',
    );
    expect(refused.status).toBe(400);
    const error = refused.json.error as { code: string; problems: { path: string; code: string }[] };
    expect(error.code).toBe('PROFILE_INVALID');
    expect(error.problems.map((problem) => problem.path).sort()).toEqual([
      '',
      'columns.Poids',
      'defaults.currency',
    ]);
    expect(new Set(error.problems.map((problem) => problem.code))).toEqual(new Set(['PROFILE_INVALID']));
    const read = await getJson(api.baseUrl, 'refused-coop', '/producers/refused-coop/profile');
    expect(read.json).toMatchObject({ version: 0 });
  });

  it('refuses a body that is not JSON and an If-Match that names no version', async () => {
    expect((await putProfile('bad-body-coop', '{"defaults":', '"0"')).json).toMatchObject({
      error: { code: 'BODY_INVALID' },
    });
    const badIfMatch = await putProfile('bad-body-coop', '{}', '"latest"');
    expect(badIfMatch.status).toBe(400);
    expect(badIfMatch.json).toMatchObject({ error: { code: 'IF_MATCH_INVALID' } });
  });

  it("reads uploads with the producer's current profile and names its version", async () => {
    const without = await postCatalogue('profiled-tea', TEA_CSV);
    expect(without.json).toMatchObject({ rows: { accepted: 0, rejected: 2 }, profileVersion: 0 });

    expect((await putProfile('profiled-tea', JSON.stringify(TEA_PROFILE), '"0"')).status).toBe(200);
    const withProfile = await postCatalogue('profiled-tea', TEA_CSV);
    expect(withProfile.status).toBe(202);
    expect(withProfile.json).toMatchObject({
      rows: { accepted: 2, rejected: 0 },
      changes: { created: 2 },
      profileVersion: 1,
    });
    const columns = withProfile.json.columns as { header: string; field?: string }[];
    expect(columns.find((column) => column.header === 'Qté dispo')).toMatchObject({ field: 'stock' });
    const record = await getJson(
      api.baseUrl,
      'profiled-tea',
      `/producers/profiled-tea/catalogues/${String(withProfile.json.catalogueId)}`,
    );
    expect(record.json).toMatchObject({ profileVersion: 1 });
  });
});

describe('POST /producers/{producerId}/pulls', () => {
  let source: Server;
  let url: string;

  beforeAll(async () => {
    source = createServer((request, response) => {
      if (request.headers['if-none-match'] === '"tea-1"') response.writeHead(304).end();
      else response.writeHead(200, { 'content-type': 'text/csv', etag: '"tea-1"' }).end(TEA_CSV);
    });
    await new Promise<void>((listening) => source.listen(0, '127.0.0.1', () => listening()));
    url = `http://localhost:${(source.address() as AddressInfo).port}/shop/tea.csv`;
  });

  afterAll(async () => {
    source?.closeAllConnections();
    await new Promise((closed) => source?.close(closed));
  });

  async function pull(producerId: string) {
    const response = await fetch(`${api.baseUrl}/producers/${producerId}/pulls`, {
      method: 'POST',
      headers: { authorization: `Bearer ${producerId}` },
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  it('fetches now: INGESTED into the catalogues list, then UNCHANGED', async () => {
    const profile = { ...TEA_PROFILE, source: { url, format: 'csv', every: 'PT30M' } };
    expect((await putProfile('pull-now-coop', JSON.stringify(profile), '"0"')).status).toBe(200);
    const first = await pull('pull-now-coop');
    expect(first).toMatchObject({
      status: 200,
      json: { status: 'INGESTED', catalogueId: expect.any(String) },
    });
    const list = await getJson(api.baseUrl, 'pull-now-coop', '/producers/pull-now-coop/catalogues');
    expect(list.json.items[0]).toMatchObject({
      catalogueId: first.json.catalogueId,
      origin: 'pull',
      status: 'DONE',
      profileVersion: 1,
      rows: { accepted: 2 },
    });
    expect((await pull('pull-now-coop')).json).toEqual({ status: 'UNCHANGED' });
  });

  it('answers FAILED with the code for a source it may not fetch, and 404 SOURCE_NOT_SET without one', async () => {
    for (const [target, code] of [
      ['http://169.254.169.254/latest/meta-data/', 'SOURCE_URL_NOT_HTTPS'],
      ['https://169.254.169.254/latest/meta-data/', 'SOURCE_ADDRESS_REFUSED'],
      ['https://[fd00:ec2::254]/', 'SOURCE_ADDRESS_REFUSED'],
    ] as const) {
      await putProfile('ssrf-coop', JSON.stringify({ source: { url: target } }));
      expect((await pull('ssrf-coop')).json).toMatchObject({ status: 'FAILED', code });
    }
    const none = await pull('never-saved');
    expect(none.status).toBe(404);
    expect(none.json).toMatchObject({ error: { code: 'SOURCE_NOT_SET' } });
  });

  it('refuses at save a source whose every is not a duration it takes', async () => {
    for (const every of ['P1M', 'PT1M', 'hourly', 'P31D']) {
      const refused = await putProfile(
        'every-coop',
        JSON.stringify({ source: { url: 'https://shop.example.rw/a.csv', every } }),
      );
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({ error: { problems: [{ path: 'source.every' }] } });
    }
  });
});

async function postReads(producerId: string, catalogueId: string) {
  const response = await fetch(`${api.baseUrl}/producers/${producerId}/catalogues/${catalogueId}/reads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${producerId}` },
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

// Priced in RWF, so every row is accepted; the stock column is one the reader cannot name.
const STOCK_CSV =
  'sku,name,type,price,currency,Qté dispo\nS-1,Tea,tea,4500,RWF,12\nS-2,Tea bis,tea,5500,RWF,3\n';

describe('POST .../catalogues/{catalogueId}/reads (issue 14 point 3: map an unknown column, read again)', () => {
  it('reads the stored file again with the saved profile, as a new catalogue', async () => {
    const first = await postCatalogue('reread-coop', STOCK_CSV);
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({ rows: { accepted: 2 }, profileVersion: 0 });
    const firstWarnings = first.json.warnings as { code: string; field?: string }[];
    expect(firstWarnings.map((warning) => warning.code)).toContain('COLUMN_UNKNOWN');
    const firstId = String(first.json.catalogueId);

    const saved = await putProfile(
      'reread-coop',
      JSON.stringify({ columns: { 'Qté dispo': 'stock' } }),
      '"0"',
    );
    expect(saved.status).toBe(200);

    const again = await postReads('reread-coop', firstId);
    expect(again.status).toBe(202);
    expect(again.json).toMatchObject({
      status: 'DONE',
      rows: { accepted: 2, rejected: 0 },
      profileVersion: 1,
    });
    const againId = String(again.json.catalogueId);
    expect(againId).not.toBe(firstId);
    expect(again.json.cataloguePath).toBe(`/producers/reread-coop/catalogues/${againId}`);
    const warnings = again.json.warnings as { code: string }[];
    expect(warnings.map((warning) => warning.code)).not.toContain('COLUMN_UNKNOWN');
    const columns = again.json.columns as { header: string; field?: string }[];
    expect(columns.find((column) => column.header === 'Qté dispo')).toMatchObject({ field: 'stock' });

    // The new catalogue is stored in the original's mode, with the version it was read with;
    // the original keeps its own reading.
    const record = await getJson(api.baseUrl, 'reread-coop', `/producers/reread-coop/catalogues/${againId}`);
    expect(record.json).toMatchObject({
      catalogueId: againId,
      mode: 'full',
      profileVersion: 1,
      status: 'DONE',
    });
    const original = await getJson(
      api.baseUrl,
      'reread-coop',
      `/producers/reread-coop/catalogues/${firstId}`,
    );
    expect(original.json).toMatchObject({ catalogueId: firstId, profileVersion: 0 });

    // Read again with the same profile: the same catalogue, nothing new.
    const twice = await postReads('reread-coop', firstId);
    expect(twice.status).toBe(202);
    expect(twice.json.catalogueId).toBe(againId);
  });

  it('reads again a file whose first reading changed nothing (it was still archived)', async () => {
    const csv = 'sku,name,type,price\nN-1,Tea,tea,4.50\n';
    const first = await postCatalogue('no-currency-coop', csv);
    expect(first.json).toMatchObject({ rows: { accepted: 0, rejected: 1 }, changes: { created: 0 } });
    await putProfile('no-currency-coop', JSON.stringify({ defaults: { currency: 'USD' } }), '"0"');
    const again = await postReads('no-currency-coop', String(first.json.catalogueId));
    expect(again.status).toBe(202);
    expect(again.json).toMatchObject({
      rows: { accepted: 1, rejected: 0 },
      changes: { created: 1 },
      profileVersion: 1,
    });
  });

  it('answers 404 for an unknown catalogue and 410 once the raw file has expired', async () => {
    const missing = await postReads('reread-gone', 'cat-000000000000000000000000');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ error: { code: 'CATALOGUE_NOT_FOUND' } });

    const first = await postCatalogue('reread-gone', STOCK_CSV);
    const catalogueId = String(first.json.catalogueId);
    // What the uploads/ lifecycle rule does after its days: the raw file goes, the report stays.
    await rm(join(objectDir, 'uploads', 'reread-gone', `${catalogueId}.csv`));
    const expired = await postReads('reread-gone', catalogueId);
    expect(expired.status).toBe(410);
    expect(expired.json).toMatchObject({ error: { code: 'RAW_FILE_EXPIRED' } });
  });
});
