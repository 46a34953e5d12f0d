import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../../local/dev-auth.ts';
import { catalogueItem, catalogueJson } from '../../support/catalogue-builder.ts';
import { devToken, request, type ServeProcess, startServe, stopServe } from '../../support/serve-process.ts';

/*
 * Tenant isolation through the local HTTP API (`feedbridge serve`, the deployed routes and
 * handlers behind a JWT check): nobody reads or writes another producer's catalogue or status.
 */

const ALICE = 'huye-coop';
const BOB = 'gashora-chili';

let dataDir: string;
let serve: ServeProcess;
const tokens = new Map<string, string>();
const catalogueIds = new Map<string, string>();

const skus = (producerId: string) => [1, 2, 3].map((n) => `${producerId.slice(0, 3).toUpperCase()}-${n}`);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'feedbridge-tenants-'));
  serve = await startServe(dataDir, ['--schedule-seconds', '5', '--stale-after-seconds', '5']);
  for (const producerId of [ALICE, BOB]) {
    tokens.set(producerId, await devToken(producerId, dataDir));
    const answer = await request(serve.baseUrl, 'POST', `/producers/${producerId}/catalogues`, {
      token: tokens.get(producerId) ?? '',
      body: catalogueJson(skus(producerId).map((sku) => ({ sku }))),
      contentType: 'application/json',
    });
    expect(answer.status).toBe(202);
    catalogueIds.set(producerId, (answer.body as { catalogueId: string }).catalogueId);
  }
}, 60_000);

afterAll(async () => {
  if (serve) await stopServe(serve);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const token = (producerId: string) => tokens.get(producerId) ?? '';
const routesOf = (producerId: string) => [
  {
    method: 'POST',
    path: `/producers/${producerId}/catalogues`,
    body: catalogueJson([{ sku: 'INTRUDER-1' }]),
  },
  { method: 'GET', path: `/producers/${producerId}/catalogues/${catalogueIds.get(producerId) ?? 'none'}` },
  { method: 'GET', path: `/producers/${producerId}/sync-status` },
  { method: 'GET', path: `/producers/${producerId}/sync-status?state=SYNCED&limit=10` },
];

describe('tenant isolation through the local HTTP API', () => {
  it("answers 403 FORBIDDEN on every route with another producer's token", async () => {
    for (const route of routesOf(ALICE)) {
      const answer = await request(serve.baseUrl, route.method, route.path, {
        token: token(BOB),
        ...(route.body ? { body: route.body, contentType: 'application/json' } : {}),
      });
      expect(answer, `${route.method} ${route.path}`).toMatchObject({
        status: 403,
        body: { error: { code: 'FORBIDDEN' } },
      });
    }
  });

  it('answers 401 UNAUTHENTICATED on every route without a token, with a garbage one or a forged one', async () => {
    const forged = signDevToken(ALICE, Buffer.alloc(32, 7));
    const [header = '', payload = ''] = token(BOB).split('.');
    const swapped = `${header}.${Buffer.from(JSON.stringify({ sub: ALICE, 'custom:producerId': ALICE })).toString('base64url')}.${token(BOB).split('.')[2] ?? ''}`;
    expect(payload).not.toBe('');
    for (const route of routesOf(ALICE)) {
      for (const candidate of [undefined, 'not-a-token', forged, swapped, '']) {
        const answer = await request(serve.baseUrl, route.method, route.path, {
          ...(candidate === undefined ? {} : { token: candidate }),
          ...(route.body ? { body: route.body, contentType: 'application/json' } : {}),
        });
        expect(answer, `${route.method} ${route.path} with ${String(candidate).slice(0, 12)}`).toMatchObject({
          status: 401,
          body: { error: { code: 'UNAUTHENTICATED' } },
        });
      }
    }
  });

  it("does not find another producer's upload under one's own path", async () => {
    const answer = await request(
      serve.baseUrl,
      'GET',
      `/producers/${ALICE}/catalogues/${catalogueIds.get(BOB) ?? 'none'}`,
      { token: token(ALICE) },
    );
    expect(answer).toMatchObject({ status: 404, body: { error: { code: 'CATALOGUE_NOT_FOUND' } } });
  });

  it('refuses forged paths', async () => {
    for (const path of [
      `/producers/${ALICE}%2F..%2F${BOB}/sync-status`,
      `/producers/${BOB}%00/sync-status`,
      `/producers/${ALICE}/sync-status/../../${BOB}/sync-status`,
      `/producers/*/sync-status`,
    ]) {
      const answer = await request(serve.baseUrl, 'GET', path, { token: token(ALICE) });
      expect([400, 403, 404], `${path}: ${JSON.stringify(answer)}`).toContain(answer.status);
      expect(JSON.stringify(answer.body)).not.toContain('GAS-');
    }
  });

  it('refuses rows whose producer column names another producer, and leaves that producer untouched', async () => {
    const before = await request(serve.baseUrl, 'GET', `/producers/${BOB}/sync-status?limit=1000`, {
      token: token(BOB),
    });
    const forged = Buffer.from(
      JSON.stringify({
        products: [
          { ...catalogueItem({ sku: 'HUY-1' }), producerId: ALICE },
          { ...catalogueItem({ sku: 'GAS-9' }), producerId: BOB },
        ],
      }),
    );
    const answer = await request(serve.baseUrl, 'POST', `/producers/${ALICE}/catalogues?mode=delta`, {
      token: token(ALICE),
      body: forged,
      contentType: 'application/json',
    });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({
      rows: { accepted: 1, rejected: 1 },
      errors: [expect.objectContaining({ code: 'PRODUCER_MISMATCH', row: 2 })],
    });
    const after = await request(serve.baseUrl, 'GET', `/producers/${BOB}/sync-status?limit=1000`, {
      token: token(BOB),
    });
    const skusOf = (status: unknown) =>
      Object.values((status as { channels: Record<string, { items: { sku: string }[] }> }).channels)
        .flatMap((channel) => channel.items.map((item) => item.sku))
        .sort();
    expect(skusOf(after.body)).toEqual(skusOf(before.body));
    expect(skusOf(after.body)).not.toContain('GAS-9');
  });

  it("lists only one's own items", async () => {
    for (const [producerId, other] of [
      [ALICE, BOB],
      [BOB, ALICE],
    ] as const) {
      const answer = await request(serve.baseUrl, 'GET', `/producers/${producerId}/sync-status?limit=1000`, {
        token: token(producerId),
      });
      expect(answer.status).toBe(200);
      const text = JSON.stringify(answer.body);
      for (const sku of skus(producerId)) expect(text).toContain(sku);
      for (const sku of skus(other)) expect(text).not.toContain(`"${sku}"`);
    }
  });
});
