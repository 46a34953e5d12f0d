/**
 * The benchmark sections that need the embedded stack: AWS calls per 1,000 changed SKUs and the
 * end-to-end time for 10k SKUs. Runs in its own process (bench/run.ts spawns it) because the
 * handlers read their environment once at import: one process hosts one stack. Prints one JSON
 * line with both results on stdout.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { SyncStatus } from '../functions/core/sync/sync-status.ts';
import { PRODUCER_CLAIM } from '../local/dev-auth.ts';
import { type EmbeddedStack, startEmbeddedStack } from '../local/embedded-stack.ts';
import type { EventSourcePoller } from '../local/event-source-poller.ts';
import { invokeHttp, routes } from '../local/invoke-http.ts';
import { type LocalFunctions, loadLocalFunctions } from '../local/local-functions.ts';
import { createSyncQueuePoller } from '../local/sync-queue-poller.ts';
import { type CallCounter, countCalls } from '../test/support/call-counter.ts';
import { catalogueBuffer } from './catalogue-generator.ts';
import { measureFloor } from './floor-calls.ts';

export interface OperationCount {
  calls: number;
  floor: number;
}

export interface StackResults {
  awsCalls: {
    per1kChanged: Record<string, OperationCount>;
    unchangedReupload: { writes: number; messages: number; reads: number; readFloor: number };
  };
  endToEnd: { skus: number; ms: number; floorMs: number; ratio: number };
  /** Items behind each operation's count, for the docs (not part of latest.json's contract). */
  detail: {
    per1kItems: Record<string, number>;
    unchangedCalls: Record<string, number>;
    endToEndCalls: Record<string, number>;
    endToEndItems: Record<string, number>;
  };
}

/** Per-call limits of the batch APIs; every other operation carries one item, so its floor is its items. */
const BATCH_LIMITS: Readonly<Record<string, number>> = {
  BatchWriteItem: 25,
  BatchGetItem: 100,
  SendMessageBatch: 10,
  DeleteMessageBatch: 10,
};
const READ_OPERATIONS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan']);

export function floorFor(operation: string, items: number): number {
  const limit = BATCH_LIMITS[operation];
  return limit === undefined ? items : Math.ceil(items / limit);
}

const PRODUCER = 'bench-coop';

async function upload(functions: LocalFunctions, body: Buffer, producerId: string): Promise<unknown> {
  const answer = await invokeHttp(functions.ingestCatalogue, {
    ...routes.upload(producerId, body, 'text/csv'),
    claims: { [PRODUCER_CLAIM]: producerId },
  });
  if (answer.statusCode !== 202) {
    throw new Error(`upload answered ${answer.statusCode}: ${JSON.stringify(answer.body).slice(0, 500)}`);
  }
  return answer.body;
}

async function pendingCount(functions: LocalFunctions, producerId: string): Promise<number> {
  const answer = await invokeHttp(functions.syncStatus, {
    ...routes.syncStatus(producerId, 'limit=1'),
    claims: { [PRODUCER_CLAIM]: producerId },
  });
  const status = answer.body as SyncStatus;
  let pending = 0;
  for (const channel of Object.values(status.channels)) {
    pending += (channel.counts.PENDING ?? 0) + (channel.counts.FAILED ?? 0);
  }
  return pending;
}

function operations(counter: CallCounter): { calls: Record<string, number>; items: Record<string, number> } {
  const snapshot = counter.snapshot();
  return { calls: { ...snapshot.calls }, items: { ...snapshot.items } };
}

async function awsCalls(functions: LocalFunctions, poller: EventSourcePoller, counter: CallCounter) {
  const skus = 1000;
  const base = { rows: skus, badRowRate: 0, skuPrefix: 'AC', seed: 7 };
  // Created first, so the measured upload is the common case: existing SKUs whose content changed.
  await upload(functions, catalogueBuffer(base), PRODUCER);
  await poller.drain({ timeoutMs: 120_000 });
  counter.reset();
  await upload(functions, catalogueBuffer({ ...base, repriceBelow: skus }), PRODUCER);
  await poller.drain({ timeoutMs: 120_000 });
  const changed = operations(counter);
  const per1kChanged: Record<string, OperationCount> = {};
  for (const [operation, calls] of Object.entries(changed.calls).sort()) {
    per1kChanged[operation] = { calls, floor: floorFor(operation, changed.items[operation] ?? calls) };
  }
  return { per1kChanged, per1kItems: changed.items };
}

async function unchangedReupload(
  functions: LocalFunctions,
  poller: EventSourcePoller,
  counter: CallCounter,
  producerId: string,
  body: Buffer,
  skus: number,
) {
  counter.reset();
  await upload(functions, body, producerId);
  await poller.drain({ timeoutMs: 120_000 });
  const { calls } = operations(counter);
  let reads = 0;
  for (const [operation, count] of Object.entries(calls)) if (READ_OPERATIONS.has(operation)) reads += count;
  // Telling "unchanged" needs each SKU's stored hash: one BatchGetItem per 100 keys at most.
  const readFloor = floorFor('BatchGetItem', skus);
  return {
    result: { writes: counter.writes(), messages: counter.messages(), reads, readFloor },
    calls,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { skus: { type: 'string', default: '10000' } } });
  const e2eSkus = Number(values.skus);
  const objectDir = await mkdtemp(join(tmpdir(), 'feedbridge-bench-'));
  let stack: EmbeddedStack | undefined;
  try {
    stack = await startEmbeddedStack({ objectDir });
    const functions = await loadLocalFunctions(stack, { logLevel: 'ERROR' });
    // The handlers' own module-scope clients, so the count is what the deployed code would send.
    const clients = await import('../functions/adapters/aws-clients.ts');
    const counter = countCalls();
    clients.dynamoDbClient.middlewareStack.use(counter);
    clients.sqsClient.middlewareStack.use(counter);
    const poller = createSyncQueuePoller(stack, functions.syncWorker, {
      maxBatchingWindowMs: 0,
      retryDelaySeconds: 0,
      onError: () => undefined,
    });

    const calls = await awsCalls(functions, poller, counter);

    // End to end: a fresh producer's 10k SKUs from upload until every item is SYNCED (or REJECTED).
    const e2eProducer = 'bench-e2e';
    const e2eBody = catalogueBuffer({ rows: e2eSkus, skuPrefix: 'EE', seed: 11 });
    counter.reset();
    const started = performance.now();
    await upload(functions, e2eBody, e2eProducer);
    await poller.drain({ timeoutMs: 600_000 });
    const ms = performance.now() - started;
    const pending = await pendingCount(functions, e2eProducer);
    if (pending !== 0) throw new Error(`${pending} items still PENDING or FAILED after the drain`);
    const e2e = operations(counter);

    const unchanged = await unchangedReupload(functions, poller, counter, e2eProducer, e2eBody, e2eSkus);

    // The same emulators doing only the calls the floor allows for that run, on a table and queue
    // the handlers do not read, so the comparison isolates what the code adds over the emulators.
    const floorMs = await measureFloor(stack, e2e.items);

    const results: StackResults = {
      awsCalls: { per1kChanged: calls.per1kChanged, unchangedReupload: unchanged.result },
      endToEnd: { skus: e2eSkus, ms: round(ms), floorMs: round(floorMs), ratio: round(ms / floorMs, 2) },
      detail: {
        per1kItems: calls.per1kItems,
        unchangedCalls: unchanged.calls,
        endToEndCalls: e2e.calls,
        endToEndItems: e2e.items,
      },
    };
    process.stdout.write(`${JSON.stringify(results)}\n`);
  } finally {
    await stack?.stop();
    await rm(objectDir, { recursive: true, force: true });
  }
}

function round(value: number, digits = 0): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

await main();
