import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalHttpApi, type HttpHandler, type LocalHttpApiOptions } from '../../../local/http-api.ts';

const servers: { close(callback: () => void): void }[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((done) => server.close(done))));
});

/** The local API on a free loopback port with one route, behind a token check that accepts "ok". */
async function apiWith(handler: HttpHandler, options: Partial<LocalHttpApiOptions> = {}): Promise<string> {
  const server = createLocalHttpApi({
    routes: [{ routeKey: 'POST /producers/{producerId}/catalogues', handler, functionName: 'test' }],
    authenticate: async (token) => (token === 'ok' ? { 'custom:producerId': 'huye-coop' } : null),
    ...options,
  });
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', () => listening()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The local API in front of a handler that answers 202 and remembers whether it was called. */
async function recordingApi(): Promise<{ baseUrl: string; called: () => boolean }> {
  let called = false;
  const baseUrl = await apiWith(async () => {
    called = true;
    return { statusCode: 202, body: '{}' };
  });
  return { baseUrl, called: () => called };
}

async function post(baseUrl: string, path: string, body: Buffer, contentType: string): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: 'Bearer ok', 'content-type': contentType },
    body,
    signal: AbortSignal.timeout(15_000),
  });
}

/** Every byte value, twice: anything re-encoded as text on the way comes out different. */
const binary = Buffer.from([...Array.from({ length: 256 }, (_, byte) => byte), 0xff, 0xfe, 0x00, 0x80]);

describe('local HTTP API, bodies', () => {
  it('hands a binary body to the handler base64-encoded, byte for byte', async () => {
    let received: Buffer | null = null;
    const baseUrl = await apiWith(async (event) => {
      received = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
      return { statusCode: 202, body: '{}' };
    });
    const answer = await post(baseUrl, '/producers/huye-coop/catalogues', binary, 'application/octet-stream');
    expect(answer.status).toBe(202);
    expect(received).toEqual(binary);
  });

  it('sends an answer marked isBase64Encoded back as the bytes it encodes, not as UTF-8 text', async () => {
    const baseUrl = await apiWith(async () => ({
      statusCode: 200,
      headers: { 'content-type': 'application/octet-stream' },
      isBase64Encoded: true,
      body: binary.toString('base64'),
    }));
    const answer = await post(baseUrl, '/producers/huye-coop/catalogues', Buffer.from('x'), 'text/plain');
    expect(answer.status).toBe(200);
    expect(Buffer.from(await answer.arrayBuffer())).toEqual(binary);
  });
});

describe('local HTTP API, paths', () => {
  it.each(['/producers/huye%E0%A4%A/catalogues', '/producers/%zz/catalogues', '/producers/%/catalogues'])(
    'answers 400 PATH_MALFORMED for the bad percent-escape in %s, without calling the handler',
    async (path) => {
      const { baseUrl, called } = await recordingApi();
      const answer = await post(baseUrl, path, Buffer.from('{}'), 'application/json');
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ error: { code: 'PATH_MALFORMED' } });
      expect(called()).toBe(false);
    },
  );
});

describe("local HTTP API, Lambda's payload limits", () => {
  // 4,700,000 bytes are 6,266,668 in base64: with the event around them, still under 6,291,456.
  // 4,720,000 bytes are 6,293,336 in base64: over it before any header is counted.
  it.each([
    [4_700_000, 202, true],
    [4_720_000, 413, false],
  ])('answers a binary body of %i bytes (base64 in the event) with %i', async (bytes, status, handled) => {
    const { baseUrl, called } = await recordingApi();
    const answer = await post(
      baseUrl,
      '/producers/huye-coop/catalogues',
      Buffer.alloc(bytes, 0xfe),
      'application/octet-stream',
    );
    expect(answer.status).toBe(status);
    if (status === 413) expect(await answer.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(called()).toBe(handled);
  });

  it('answers 413 for a text body of 6.5 MB, which API Gateway would take but Lambda would not', async () => {
    const baseUrl = await apiWith(async () => ({ statusCode: 202, body: '{}' }));
    const answer = await post(
      baseUrl,
      '/producers/huye-coop/catalogues',
      Buffer.alloc(6_500_000, 0x41),
      'text/csv',
    );
    expect(answer.status).toBe(413);
  });

  it('answers 502 RESPONSE_TOO_LARGE when a handler answers more than 6,291,556 bytes, as the gateway does', async () => {
    const baseUrl = await apiWith(async () => ({ statusCode: 200, body: 'x'.repeat(6_300_000) }));
    const answer = await post(
      baseUrl,
      '/producers/huye-coop/catalogues',
      Buffer.from('{}'),
      'application/json',
    );
    expect(answer.status).toBe(502);
    expect(await answer.json()).toMatchObject({ error: { code: 'RESPONSE_TOO_LARGE' } });
  });
});

describe('local HTTP API, time', () => {
  it('gives the handler a Lambda context counting down from the deployed timeout of its function', async () => {
    let remaining = 0;
    const server = createLocalHttpApi({
      routes: [
        {
          routeKey: 'POST /producers/{producerId}/catalogues',
          handler: async (_event, context) => {
            remaining = context.getRemainingTimeInMillis();
            return { statusCode: 202, body: '{}' };
          },
          functionName: 'ingest-catalogue',
        },
      ],
      authenticate: async () => ({ 'custom:producerId': 'huye-coop' }),
    });
    servers.push(server);
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', () => listening()));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await post(baseUrl, '/producers/huye-coop/catalogues', Buffer.from('{}'), 'application/json');
    // ingest-catalogue is deployed with a 29 s timeout.
    expect(remaining).toBeGreaterThan(28_000);
    expect(remaining).toBeLessThanOrEqual(29_000);
  });

  it('answers 503 INTEGRATION_TIMEOUT when the handler has not answered by the integration timeout', async () => {
    const baseUrl = await apiWith(() => new Promise(() => undefined), { integrationTimeoutMs: 200 });
    const started = Date.now();
    const answer = await post(
      baseUrl,
      '/producers/huye-coop/catalogues',
      Buffer.from('{}'),
      'application/json',
    );
    expect(answer.status).toBe(503);
    expect(await answer.json()).toMatchObject({ error: { code: 'INTEGRATION_TIMEOUT' } });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
