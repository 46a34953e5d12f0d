import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken, verifyDevToken } from '../../local/dev-auth.ts';
import { type EmbeddedStack, startEmbeddedStack } from '../../local/embedded-stack.ts';
import { createLocalHttpApi } from '../../local/http-api.ts';
import { loadLocalFunctions, localApiRoutes } from '../../local/local-functions.ts';
import { createPortalAssets } from '../../local/portal-assets.ts';

/*
 * `feedbridge serve`'s one HTTP server: the portal on every path outside the API's prefixes, the
 * API's handlers under /producers, and the local-only dev sign-in, wired as local/serve.ts does.
 * The portal build is a small hand-written dist: what is tested is the mount, not Vite.
 */

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SAMPLE = new URL('../../samples/gashora-chili.xlsx', import.meta.url);
const INDEX_HTML =
  '<!doctype html><html lang="en"><head><title>feedbridge</title></head><body></body></html>';

let stack: EmbeddedStack;
let workDir: string;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'feedbridge-serve-portal-'));
  const distDir = join(workDir, 'dist');
  await mkdir(join(distDir, 'assets'), { recursive: true });
  await writeFile(join(distDir, 'index.html'), INDEX_HTML);
  await writeFile(join(distDir, 'assets', 'app-0a1b2c3d.js'), 'console.log("portal");\n');
  stack = await startEmbeddedStack({ objectDir: join(workDir, 'objects') });
  const functions = await loadLocalFunctions(stack);
  const secret = Buffer.alloc(32, 7);
  server = createLocalHttpApi({
    routes: localApiRoutes(functions),
    authenticate: async (token) => verifyDevToken(token, secret),
    portal: createPortalAssets({
      distDir,
      build: async () => {
        throw new Error('the dist is already built; no build may run');
      },
    }),
    devSignIn: async (producerId) => signDevToken(producerId, secret),
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', () => listening()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  await stack?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const signIn = (body: string) =>
  fetch(`${baseUrl}/dev/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('feedbridge serve: the portal beside the API', () => {
  it('answers / with the app page, its CSP and no-cache', async () => {
    const response = await fetch(`${baseUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toBe(INDEX_HTML);
  });

  it("answers an app path (a report, a SKU with a dot) with index.html, the browser's router takes it", async () => {
    for (const path of ['/uploads', '/uploads/cat-0123456789abcdef01234567', '/items/HU.001']) {
      const response = await fetch(`${baseUrl}${path}`);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).toBe(INDEX_HTML);
    }
  });

  it('serves hashed assets for a year, and a missing asset is a 404, not the page', async () => {
    const asset = await fetch(`${baseUrl}/assets/app-0a1b2c3d.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log("portal");\n');
    const missing = await fetch(`${baseUrl}/assets/gone-ffffffff.js`);
    expect(missing.status).toBe(404);
  });

  it('answers /config.json with local sign-in', async () => {
    const response = await fetch(`${baseUrl}/config.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ auth: 'local' });
  });

  it('keeps /producers/* the API: JSON errors with codes, never the page', async () => {
    const response = await fetch(`${baseUrl}/producers/gashora-chili/catalogues`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'a valid bearer token is required' },
    });
    const unknown = await fetch(`${baseUrl}/producers/gashora-chili/nothing-here`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('signs in with POST /dev/sign-in, and the API takes the token for that producer only', async () => {
    const response = await signIn(JSON.stringify({ producerId: 'gashora-chili' }));
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    const upload = await fetch(`${baseUrl}/producers/gashora-chili/catalogues`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': XLSX },
      body: await readFile(SAMPLE),
    });
    expect(upload.status).toBe(202);
    // As its golden report says (test/golden/gashora-chili/report.json): 9 rows, 3 of them refused.
    expect(((await upload.json()) as { rows: unknown }).rows).toEqual({
      total: 9,
      accepted: 6,
      rejected: 3,
      skipped: 0,
    });
    const other = await fetch(`${baseUrl}/producers/huye-coop/catalogues`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(other.status).toBe(403);
  });

  it('refuses a producer id the path middleware would refuse, with its code', async () => {
    for (const producerId of ['Gashora', 'a', 'x'.repeat(64), '-lead', 'huye coop', 42, null]) {
      const response = await signIn(JSON.stringify({ producerId }));
      expect(response.status, String(producerId)).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('PRODUCER_ID_INVALID');
    }
  });

  it('refuses a body that is not { producerId } with BODY_INVALID, and a GET with 405', async () => {
    for (const body of ['', 'not json', '[]', '{"producerId":"huye-coop","admin":true}', 'x'.repeat(5000)]) {
      const response = await signIn(body);
      expect(response.status, body.slice(0, 20)).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('BODY_INVALID');
    }
    const get = await fetch(`${baseUrl}/dev/sign-in`);
    expect(get.status).toBe(405);
  });
});
