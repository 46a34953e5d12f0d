import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createPortalAssets,
  isApiPath,
  isFilePath,
  type PortalAssetsOptions,
} from '../../../local/portal-assets.ts';

const INDEX =
  '<!doctype html><html lang="en"><title>feedbridge</title><script type="module" src="/assets/index-abc.js"></script></html>';
const SCRIPT = 'console.log("portal")';

async function writeDist(dir: string): Promise<void> {
  await mkdir(join(dir, 'assets'), { recursive: true });
  await writeFile(join(dir, 'index.html'), INDEX);
  await writeFile(join(dir, 'assets', 'index-abc.js'), SCRIPT);
  await writeFile(join(dir, 'assets', 'index-abc.css'), 'body{margin:0}');
  await writeFile(join(dir, 'assets', 'favicon-x.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
}

let scratch: string;
const servers: Server[] = [];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'feedbridge-portal-assets-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

/** The assets on a free loopback port; API paths answer 418 so the test sees they were left alone. */
async function serve(options: PortalAssetsOptions): Promise<string> {
  const assets = createPortalAssets(options);
  const server = createServer((request, response) => {
    void assets.handle(request, response).then((handled) => {
      if (!handled) {
        response.writeHead(418);
        response.end('api');
      }
    });
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function builtDist(name: string): Promise<string> {
  const dir = join(scratch, name);
  await writeDist(dir);
  return dir;
}

describe('portal assets for feedbridge serve', () => {
  it('serves the files with their content types, hashed assets cached for a year', async () => {
    const base = await serve({ distDir: await builtDist('types'), build: async () => {} });
    const script = await fetch(`${base}/assets/index-abc.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toBe(SCRIPT);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${base}/assets/index-abc.css`)).headers.get('content-type')).toBe(
      'text/css; charset=utf-8',
    );
    expect((await fetch(`${base}/assets/favicon-x.svg`)).headers.get('content-type')).toBe('image/svg+xml');
    const index = await fetch(`${base}/`);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toBe(INDEX);
  });

  it("answers the app's own pages with index.html, and a missing file with 404", async () => {
    const base = await serve({ distDir: await builtDist('spa'), build: async () => {} });
    for (const page of [
      '/uploads',
      '/uploads/cat-01J',
      '/channels/tmall-global/items/HU.001',
      '/callback?code=x',
    ]) {
      const answer = await fetch(`${base}${page}`);
      expect([page, answer.status, await answer.text()]).toEqual([page, 200, INDEX]);
    }
    for (const missing of ['/favicon.ico', '/assets/gone-123.js', '/assets/']) {
      expect([missing, (await fetch(`${base}${missing}`)).status]).toEqual([missing, 404]);
    }
  });

  it('sends the security headers and the strict CSP on every answer', async () => {
    const base = await serve({ distDir: await builtDist('headers'), build: async () => {} });
    for (const path of ['/', '/assets/index-abc.js', '/config.json', '/nothing.txt']) {
      const headers = (await fetch(`${base}${path}`)).headers;
      expect(headers.get('content-security-policy')).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https:; connect-src 'self'; " +
          "manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      );
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('x-frame-options')).toBe('DENY');
      expect(headers.get('referrer-policy')).toBe('same-origin');
      expect(headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    }
  });

  it('serves /config.json for local sign-in', async () => {
    const base = await serve({ distDir: await builtDist('config'), build: async () => {} });
    const answer = await fetch(`${base}/config.json`);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await answer.json()).toEqual({ auth: 'local' });
  });

  it("leaves the API's paths to the API, whatever the method", async () => {
    const base = await serve({ distDir: await builtDist('api'), build: async () => {} });
    expect((await fetch(`${base}/producers/p1/sync-status`)).status).toBe(418);
    expect((await fetch(`${base}/dev/sign-in`, { method: 'POST', body: '{}' })).status).toBe(418);
    expect((await fetch(`${base}/producers`)).status).toBe(418);
    const post = await fetch(`${base}/uploads`, { method: 'POST', body: 'x' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
  });

  it('never serves a file outside the build', async () => {
    const dist = await builtDist('traversal');
    await writeFile(join(scratch, 'secret.txt'), 'secret');
    const base = await serve({ distDir: dist, build: async () => {} });
    for (const path of [
      '/..%2Fsecret.txt',
      '/assets/..%2F..%2Fsecret.txt',
      '/%2e%2e/secret.txt',
      '/a%00.js',
    ]) {
      const answer = await fetch(`${base}${path}`);
      expect([path, answer.status]).toEqual([path, 404]);
      expect(await answer.text()).not.toContain('secret');
    }
  });

  it('answers HEAD with the headers only', async () => {
    const base = await serve({ distDir: await builtDist('head'), build: async () => {} });
    const answer = await fetch(`${base}/assets/index-abc.js`, { method: 'HEAD' });
    expect([answer.status, answer.headers.get('content-length'), await answer.text()]).toEqual([
      200,
      String(SCRIPT.length),
      '',
    ]);
  });

  it('builds the portal once on first use when there is no build, however many requests arrive', async () => {
    const dist = join(scratch, 'fresh-clone');
    let builds = 0;
    const base = await serve({
      distDir: dist,
      build: async (dir) => {
        builds += 1;
        await new Promise((done) => setTimeout(done, 50));
        await writeDist(dir);
      },
    });
    const answers = await Promise.all(
      ['/', '/uploads', '/assets/index-abc.js'].map((p) => fetch(`${base}${p}`)),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(builds).toBe(1);
    await fetch(`${base}/`);
    expect(builds).toBe(1);
  });

  it('answers 503 when the build fails, and tries again on the next request', async () => {
    const dist = join(scratch, 'broken-then-fixed');
    let attempts = 0;
    const base = await serve({
      distDir: dist,
      build: async (dir) => {
        attempts += 1;
        if (attempts === 1) throw new Error('vite exit 1');
        await writeDist(dir);
      },
    });
    expect((await fetch(`${base}/`)).status).toBe(503);
    expect((await fetch(`${base}/`)).status).toBe(200);
    expect(attempts).toBe(2);
  });
});

describe('path kinds', () => {
  it.each([
    ['/producers/p1/catalogues', true],
    ['/producers', true],
    ['/dev/sign-in', true],
    ['/developers', false],
    ['/producers-guide', false],
    ['/', false],
  ])('isApiPath(%s) = %s', (path, expected) => {
    expect(isApiPath(path)).toBe(expected);
  });

  it.each([
    ['/favicon.ico', true],
    ['/assets/index-abc.js', true],
    ['/assets/', true],
    ['/uploads', false],
    ['/channels/x/items/HU.001', false],
  ])('isFilePath(%s) = %s', (path, expected) => {
    expect(isFilePath(path)).toBe(expected);
  });
});
