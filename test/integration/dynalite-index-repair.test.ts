import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AttributeValue, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type EmbeddedStack,
  externalDynamoDbFromEnv,
  STORE_OPEN_MARKER,
  startEmbeddedStack,
} from '../../local/embedded-stack.ts';

/*
 * A process killed inside one of dynalite's writes leaves the item and its index entries out of
 * step (they are separate LevelDB operations). The store is damaged here the way such a kill
 * damages it, straight in LevelDB, and the next start after an unclean stop must repair it.
 */

interface RawStore {
  open(): Promise<void>;
  close(): Promise<void>;
  get(key: string): Promise<unknown>;
  put(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  keys(): AsyncIterable<string>;
}

const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
const { Level } = fromDynalite('level') as {
  Level: new (path: string, options: { valueEncoding: 'json' }) => RawStore;
};

const STUCK = 'STATE#tmall-global#PENDING';

function stateItem(sku: string, stuck: boolean): Record<string, AttributeValue> {
  return {
    pk: { S: 'PRODUCER#huye-coop' },
    sk: { S: `SYNC#tmall-global#${sku}` },
    sku: { S: sku },
    state: { S: stuck ? 'PENDING' : 'SYNCED' },
    ...(stuck ? { gsi1pk: { S: STUCK }, gsi1sk: { S: `2026-12-03T06:00:00.000Z#huye-coop#${sku}` } } : {}),
  };
}

let dataDir: string | undefined;
let stack: EmbeddedStack | undefined;

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

async function stuckSkus(current: EmbeddedStack): Promise<string[]> {
  const answer = await current.clients.dynamodb.send(
    new QueryCommand({
      TableName: current.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: STUCK } },
    }),
  );
  return (answer.Items ?? []).map((item) => item.sku?.S ?? '').sort();
}

/** The LevelDB key of the table item (or of its gsi1 entry) whose value has this sort key. */
async function rawKeyOf(store: RawStore, sk: string, prefix: string): Promise<string> {
  for await (const key of store.keys()) {
    if (!key.startsWith(prefix)) continue;
    const value = (await store.get(key)) as { sk?: { S?: string } };
    if (value.sk?.S === sk) return key;
  }
  throw new Error(`no ${prefix} key for ${sk}`);
}

// The conformance run points the stacks at DynamoDB Local, which keeps its own indexes.
describe.skipIf(externalDynamoDbFromEnv() !== undefined)('the embedded store after an unclean stop', () => {
  it('re-indexes items missing from an index and removes entries naming changed or deleted items', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'feedbridge-repair-'));
    stack = await startEmbeddedStack({ dataDir });
    expect(stack.indexRepair).toBeNull();
    for (const sku of ['LOST-ENTRY', 'NOW-SYNCED', 'DELETED', 'HEALTHY']) {
      await stack.clients.dynamodb.send(
        new PutItemCommand({ TableName: stack.tableName, Item: stateItem(sku, true) }),
      );
    }
    expect(await stuckSkus(stack)).toEqual(['DELETED', 'HEALTHY', 'LOST-ENTRY', 'NOW-SYNCED']);
    await stack.stop();
    stack = undefined;

    const store = new Level(join(dataDir, 'dynamodb'), { valueEncoding: 'json' });
    await store.open();
    const itemPrefix = 'item-feedbridge~';
    const indexPrefix = 'index-global~feedbridge~gsi1~';
    // Killed after the entry was removed, before the item was written: a PENDING item no scan finds.
    await store.del(await rawKeyOf(store, 'SYNC#tmall-global#LOST-ENTRY', indexPrefix));
    // Killed after the item was written SYNCED but before its old entry was removed (a stale entry).
    await store.put(
      await rawKeyOf(store, 'SYNC#tmall-global#NOW-SYNCED', itemPrefix),
      stateItem('NOW-SYNCED', false),
    );
    // The item deleted, its entry left.
    await store.del(await rawKeyOf(store, 'SYNC#tmall-global#DELETED', itemPrefix));
    await store.close();
    // What a killed process leaves: the marker of a store still open.
    await writeFile(join(dataDir, STORE_OPEN_MARKER), '1\n');

    stack = await startEmbeddedStack({ dataDir });
    expect(stack.indexRepair).toEqual({ reindexed: 2, staleEntries: 2 });
    expect(await stuckSkus(stack)).toEqual(['HEALTHY', 'LOST-ENTRY']);

    // A clean stop removes the marker: the next start has nothing to check.
    await stack.stop();
    stack = undefined;
    await expect(stat(join(dataDir, STORE_OPEN_MARKER))).rejects.toThrow();
    stack = await startEmbeddedStack({ dataDir });
    expect(stack.indexRepair).toBeNull();
    expect(await stuckSkus(stack)).toEqual(['HEALTHY', 'LOST-ENTRY']);
  });

  it('marks a store as open while a stack holds it', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'feedbridge-repair-'));
    stack = await startEmbeddedStack({ dataDir });
    await expect(stat(join(dataDir, STORE_OPEN_MARKER))).resolves.toBeDefined();
  });
});
