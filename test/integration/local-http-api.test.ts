import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCER_CLAIM } from '../../local/dev-auth.ts';
import { type EmbeddedStack, startEmbeddedStack } from '../../local/embedded-stack.ts';
import { createLocalHttpApi } from '../../local/http-api.ts';
import { type LocalFunctions, loadLocalFunctions, localApiRoutes } from '../../local/local-functions.ts';

/*
 * The local HTTP API in front of the deployed handlers on the embedded stack, driven over real
 * HTTP: what a producer's curl sees through `feedbridge serve`.
 */

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SAMPLE = new URL('../../samples/gashora-chili.xlsx', import.meta.url);

let stack: EmbeddedStack;
let functions: LocalFunctions;
let objectDir: string;
const servers: Server[] = [];

beforeAll(async () => {
  objectDir = await mkdtemp(join(tmpdir(), 'feedbridge-local-api-'));
  stack = await startEmbeddedStack({ objectDir });
  functions = await loadLocalFunctions(stack);
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise<void>((done) => server.close(() => done()))));
  await stack?.stop();
  if (objectDir) await rm(objectDir, { recursive: true, force: true });
});

/** Tokens are the producer id itself: the JWT check is not what these tests are about. */
async function localApi(): Promise<string> {
  const server = createLocalHttpApi({
    routes: localApiRoutes(functions),
    authenticate: async (token) => ({ [PRODUCER_CLAIM]: token }),
  });
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', () => listening()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('local HTTP API with the deployed handlers', () => {
  it('stores an XLSX uploaded through it byte for byte and reads every row of it', async () => {
    const baseUrl = await localApi();
    const workbook = await readFile(SAMPLE);
    const response = await fetch(`${baseUrl}/producers/gashora-chili/catalogues`, {
      method: 'POST',
      headers: { authorization: 'Bearer gashora-chili', 'content-type': XLSX },
      body: workbook,
    });
    const answer = (await response.json()) as { catalogueId: string; rows: unknown };
    expect(response.status).toBe(202);
    // As its golden report says (test/golden/gashora-chili/report.json): 9 rows, 3 of them refused.
    expect(answer.rows).toEqual({ total: 9, accepted: 6, rejected: 3 });
    const stored = await readFile(join(objectDir, 'uploads', 'gashora-chili', `${answer.catalogueId}.xlsx`));
    expect(stored.equals(workbook)).toBe(true);
  });
});
