import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Resolver, SafeFetcher } from '../../../functions/adapters/safe-fetch.ts';
import type { FetchedFile } from '../../../functions/core/source/pull-source.ts';

/*
 * The source fetcher against a real local HTTP server, with a fake resolver standing in for DNS:
 * each refusal of issue 13 point 3, and that a refused address is never connected to.
 */

const CSV = 'sku,name,type,price,currency\nT-1,Tea,tea,4.50,USD\n';
let server: Server;
let port: number;
let spoolDir: string;
let requests: string[] = [];
let route: (request: IncomingMessage, response: ServerResponse) => void;

beforeAll(async () => {
  spoolDir = await mkdtemp(join(tmpdir(), 'feedbridge-safe-fetch-'));
  server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url} ${request.headers['if-none-match'] ?? '-'}`);
    route(request, response);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', () => listening()));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((closed) => server.close(closed));
  await rm(spoolDir, { recursive: true, force: true });
});

beforeEach(() => {
  requests = [];
  route = (request, response) => {
    if (request.headers['if-none-match'] === '"v1"') {
      response.writeHead(304).end();
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/csv',
      etag: '"v1"',
      'last-modified': 'Mon, 30 Nov 2026 08:00:00 GMT',
    });
    response.end(CSV);
  };
});

/** DNS as the test says it: every name resolves to what the table gives, loopback by default. */
const resolverOf =
  (table: Record<string, string[]> = {}): Resolver =>
  async (hostname) =>
    (table[hostname] ?? ['127.0.0.1']).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

function fetcher(overrides: Partial<ConstructorParameters<typeof SafeFetcher>[0]> = {}) {
  return new SafeFetcher({
    policy: { allowPrivate: true },
    maxBytes: 1024,
    connectTimeoutMs: 2_000,
    totalTimeoutMs: 5_000,
    maxRedirects: 2,
    resolver: resolverOf(),
    spoolDir,
    ...overrides,
  });
}

const local = (path: string) => `http://localhost:${port}${path}`;

async function text(file: FetchedFile): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await file.open()) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

describe('SafeFetcher, what it fetches', () => {
  it('spools the body with its sha256 and validators, and sends them back for a 304', async () => {
    const file = await fetcher().fetch(local('/shop/export.csv'), {});
    if (file === 'not-modified') throw new Error('expected a body');
    expect(file).toMatchObject({
      sha256: createHash('sha256').update(CSV).digest('hex'),
      bytes: Buffer.byteLength(CSV),
      etag: '"v1"',
      lastModified: 'Mon, 30 Nov 2026 08:00:00 GMT',
      contentType: 'text/csv',
      fileName: 'export.csv',
    });
    // Read twice, as a streamed ingest does.
    expect(await text(file)).toBe(CSV);
    expect(await text(file)).toBe(CSV);
    await file.discard();
    expect(await readdir(spoolDir)).toEqual([]);

    expect(await fetcher().fetch(local('/shop/export.csv'), { etag: '"v1"' })).toBe('not-modified');
    expect(requests).toEqual(['GET /shop/export.csv -', 'GET /shop/export.csv "v1"']);
  });

  it('follows a redirect on the same host', async () => {
    route = (request, response) => {
      if (request.url === '/old.csv') response.writeHead(302, { location: '/new.csv' }).end();
      else response.writeHead(200).end(CSV);
    };
    const file = await fetcher().fetch(local('/old.csv'), {});
    expect(file).toMatchObject({ fileName: 'new.csv' });
    if (file !== 'not-modified') await file.discard();
  });
});

describe('SafeFetcher, what it refuses', () => {
  it('refuses http in a deployment (SOURCE_URL_NOT_HTTPS), before any request', async () => {
    await expect(
      fetcher({ policy: { allowPrivate: false } }).fetch(local('/a.csv'), {}),
    ).rejects.toMatchObject({
      code: 'SOURCE_URL_NOT_HTTPS',
    });
    expect(requests).toEqual([]);
  });

  it('refuses a host any of whose addresses is private in a deployment, and never connects', async () => {
    const deployed = fetcher({
      policy: { allowPrivate: false },
      resolver: resolverOf({ 'shop.example.rw': ['93.184.215.14', '10.0.0.7'] }),
    });
    await expect(deployed.fetch('https://shop.example.rw/export.csv', {})).rejects.toMatchObject({
      code: 'SOURCE_ADDRESS_REFUSED',
      message: expect.stringContaining('10.0.0.7 is a private address'),
    });
  });

  it('refuses a host resolving to the metadata or a link-local address, even locally', async () => {
    for (const address of ['169.254.169.254', 'fd00:ec2::254', 'fe80::1', '::ffff:169.254.169.254']) {
      const tricked = fetcher({ resolver: resolverOf({ localhost: [address] }) });
      await expect(tricked.fetch(local('/a.csv'), {})).rejects.toMatchObject({
        code: 'SOURCE_ADDRESS_REFUSED',
      });
    }
    expect(requests).toEqual([]);
  });

  it('refuses a literal address without resolving it', async () => {
    const deployed = fetcher({ policy: { allowPrivate: false } });
    for (const url of [
      'https://169.254.169.254/latest/meta-data/',
      'https://127.0.0.1/',
      'https://[::ffff:10.0.0.1]/',
    ]) {
      await expect(deployed.fetch(url, {})).rejects.toMatchObject({ code: 'SOURCE_ADDRESS_REFUSED' });
    }
  });

  it('refuses a redirect to another host (here 127.0.0.1 by its address) and too many redirects', async () => {
    route = (request, response) => {
      if (request.url === '/elsewhere')
        response.writeHead(301, { location: `http://127.0.0.1:${port}/a.csv` }).end();
      else response.writeHead(302, { location: request.url === '/loop1' ? '/loop2' : '/loop1' }).end();
    };
    await expect(fetcher().fetch(local('/elsewhere'), {})).rejects.toMatchObject({
      code: 'SOURCE_REDIRECT_REFUSED',
    });
    expect(requests).toEqual(['GET /elsewhere -']);
    await expect(fetcher().fetch(local('/loop1'), {})).rejects.toMatchObject({
      code: 'SOURCE_REDIRECT_REFUSED',
      message: expect.stringContaining('more than 2 times'),
    });
    expect(requests).toHaveLength(4);
  });

  it('refuses a body over the limit, declared or streamed, and keeps nothing of it', async () => {
    route = (request, response) => {
      if (request.url === '/declared.csv')
        response.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5000));
      // Undeclared and over the limit in its first chunk: refused before the spool file could open.
      else if (request.url === '/first-chunk.csv') response.writeHead(200).end('z'.repeat(5000));
      else {
        response.writeHead(200);
        for (let chunk = 0; chunk < 10; chunk += 1) response.write('y'.repeat(200));
        response.end();
      }
    };
    for (const path of ['/declared.csv', '/first-chunk.csv', '/streamed.csv']) {
      await expect(fetcher().fetch(local(path), {})).rejects.toMatchObject({ code: 'SOURCE_TOO_LARGE' });
    }
    // A file opened late (CI's busy thread pool once did) would appear after the refusal: give it time.
    await new Promise((settled) => setTimeout(settled, 100));
    expect(await readdir(spoolDir)).toEqual([]);
  });

  it('gives up on a source that does not finish in time (SOURCE_TIMEOUT)', async () => {
    route = (_request, response) => {
      response.writeHead(200);
      response.write('sku,name\n');
      // ... and never ends.
    };
    await expect(fetcher({ totalTimeoutMs: 300 }).fetch(local('/slow.csv'), {})).rejects.toMatchObject({
      code: 'SOURCE_TIMEOUT',
    });
    expect(await readdir(spoolDir)).toEqual([]);
  });

  it('answers SOURCE_HTTP_ERROR for an error status and SOURCE_UNREACHABLE for a refused connection', async () => {
    route = (_request, response) => response.writeHead(404).end('no');
    await expect(fetcher().fetch(local('/gone.csv'), {})).rejects.toMatchObject({
      code: 'SOURCE_HTTP_ERROR',
      message: 'the source answered HTTP 404',
    });
    await expect(fetcher().fetch('http://localhost:1/a.csv', {})).rejects.toMatchObject({
      code: 'SOURCE_UNREACHABLE',
    });
  });
});
