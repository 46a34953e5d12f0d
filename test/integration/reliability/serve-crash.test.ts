import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { externalDynamoDbFromEnv } from '../../../local/embedded-stack.ts';
import { catalogueJson, type TestItem } from '../../support/catalogue-builder.ts';
import { devToken, request, type ServeProcess, startServe, stopServe } from '../../support/serve-process.ts';

/*
 * `feedbridge serve` killed with SIGKILL in the middle of a drain, then restarted on the same
 * --data-dir: the queue (in memory) is gone, so every stranded item must come back through the
 * scheduled sync alone, within two minutes, with nothing lost and nothing duplicated. The kill
 * can also fall inside a store write, between an item and its index entry: the restart repairs
 * the indexes (local/dynalite-index-repair.ts), or a PENDING item missing from the stuck index
 * would never be queued again.
 */

const PRODUCERS = ['huye-coop', 'gashora-chili'];
const PRODUCT_CHANNELS = ['tmall-global', 'freshippo'];
const ITEMS = 500;
const RECOVERY_LIMIT_MS = 120_000;
// Laptop-like but quick: the tick every 2 s, an item stuck for 3 s is re-queued.
const SERVE_ARGS = ['--schedule-seconds', '2', '--stale-after-seconds', '3'];

let dataDir: string;
let serve: ServeProcess | undefined;
const tokens = new Map<string, string>();

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'feedbridge-crash-'));
});

afterAll(async () => {
  if (serve) await stopServe(serve, 'SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface Counts {
  PENDING: number;
  SYNCED: number;
  REJECTED: number;
  FAILED: number;
  DELISTED: number;
}

async function counts(baseUrl: string, producerId: string): Promise<Record<string, Counts>> {
  const answer = await request(baseUrl, 'GET', `/producers/${producerId}/sync-status?limit=1`, {
    token: tokens.get(producerId) ?? '',
  });
  expect(answer.status).toBe(200);
  const body = answer.body as { channels: Record<string, { counts: Counts }> };
  return Object.fromEntries(Object.entries(body.channels).map(([channel, value]) => [channel, value.counts]));
}

const itemsOf = (producerId: string): TestItem[] =>
  Array.from({ length: ITEMS }, (_, index) => ({
    sku: `${producerId.slice(0, 3).toUpperCase()}-${String(index).padStart(5, '0')}`,
    stock: index,
  }));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('feedbridge serve killed mid-drain', () => {
  it('recovers every stranded item after a restart on the same data dir, within two minutes', async () => {
    serve = await startServe(dataDir, SERVE_ARGS);
    for (const producerId of PRODUCERS) tokens.set(producerId, await devToken(producerId, dataDir));
    for (const producerId of PRODUCERS) {
      const answer = await request(serve.baseUrl, 'POST', `/producers/${producerId}/catalogues`, {
        token: tokens.get(producerId) ?? '',
        body: catalogueJson(itemsOf(producerId)),
        contentType: 'application/json',
      });
      expect(answer.status).toBe(202);
    }
    // Kill as soon as the drain has visibly started and is visibly unfinished.
    let pendingAtKill = 0;
    for (;;) {
      const baseUrl = serve.baseUrl;
      const all = (await Promise.all(PRODUCERS.map((producerId) => counts(baseUrl, producerId)))).flatMap(
        (byChannel) => Object.values(byChannel),
      );
      const synced = all.reduce((sum, c) => sum + c.SYNCED, 0);
      const pending = all.reduce((sum, c) => sum + c.PENDING, 0);
      if (synced > 0 || pending === 0) {
        pendingAtKill = pending;
        break;
      }
      await sleep(20);
    }
    await stopServe(serve, 'SIGKILL');
    expect(pendingAtKill).toBeGreaterThan(0);

    const restarted = Date.now();
    serve = await startServe(dataDir, SERVE_ARGS);
    let settledAfterMs = -1;
    while (Date.now() - restarted < RECOVERY_LIMIT_MS) {
      const all = await Promise.all(PRODUCERS.map((producerId) => counts(serve?.baseUrl ?? '', producerId)));
      // The product channels hold the items; fliggy (enabled in serve, it takes tours) holds none.
      const done = all.every((byChannel) =>
        PRODUCT_CHANNELS.every((channel) => {
          const c = byChannel[channel];
          return c !== undefined && c.PENDING === 0 && c.FAILED === 0 && c.SYNCED === ITEMS;
        }),
      );
      if (done) {
        settledAfterMs = Date.now() - restarted;
        break;
      }
      await sleep(250);
    }
    console.log(
      `serve crash: ${pendingAtKill} PENDING at SIGKILL, all SYNCED ${settledAfterMs} ms after restart`,
    );
    expect(
      settledAfterMs,
      `not settled; serve printed:\n${serve.output().slice(-3000)}`,
    ).toBeGreaterThanOrEqual(0);
    // A kill can fall between dynalite's index write and its item write; the restart checks them.
    // DynamoDB Local (the conformance run) is another process, which the kill does not touch.
    if (externalDynamoDbFromEnv() === undefined) {
      expect(serve.output()).toMatch(/the last run did not stop cleanly; store indexes checked/);
    }

    // The next full feeds hold every item exactly once.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const problems: string[] = [];
      for (const producerId of PRODUCERS) {
        const expected = itemsOf(producerId).map((item) => item.sku);
        const tmall = await readFile(
          join(dataDir, 'objects', 'feeds', 'tmall-global', `${producerId}.json`),
          'utf8',
        )
          .then((text) => (JSON.parse(text) as { items: { sku: string }[] }).items.map((item) => item.sku))
          .catch(() => []);
        const xml = await readFile(
          join(dataDir, 'objects', 'feeds', 'freshippo', `${producerId}.xml`),
          'utf8',
        ).catch(() => '');
        const freshippo = [...xml.matchAll(/<item sku="([^"]+)"/g)].map((match) => match[1] ?? '');
        for (const [channel, found] of [
          ['tmall-global', tmall],
          ['freshippo', freshippo],
        ] as const) {
          if (JSON.stringify([...found].sort()) !== JSON.stringify(expected)) {
            problems.push(`${producerId}/${channel}: ${found.length} items, ${new Set(found).size} distinct`);
          }
        }
      }
      if (problems.length === 0) break;
      if (Date.now() > deadline) expect(problems).toEqual([]);
      await sleep(500);
    }
    await stopServe(serve);
    serve = undefined;
  }, 200_000);
});
