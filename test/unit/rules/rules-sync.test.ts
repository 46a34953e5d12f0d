// biome-ignore-all lint/suspicious/noThenProperty: "then" is the feed-rule format of issue 17; these objects are profile documents, never awaited
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../functions/core/channels/registry.ts';
import { type FeedRules, feedRulesSchema } from '../../../functions/core/rules/rule-schema.ts';
import { ingestCatalogue } from '../../../functions/core/sync/ingest-catalogue.ts';
import { processSyncTask } from '../../../functions/core/sync/process-sync-task.ts';
import { getSyncStatus } from '../../../functions/core/sync/sync-status.ts';
import { channelEvaluator } from '../../../functions/wiring/channel-adapters.ts';
import { catalogueJson, type TestItem } from '../../support/catalogue-builder.ts';
import { loadConfigFxRates } from '../../support/product-factory.ts';
import { InMemoryBlobs, InMemoryQueue, InMemoryStore } from '../sync/in-memory-ports.ts';

const PRODUCER = 'huye-coop';
const items: TestItem[] = [{ sku: 'A', stock: 10 }, { sku: 'B' }, { sku: 'C', stock: 40 }, { sku: 'D' }];

/** Exclusion (A: low stock), title (B gets a prefix), value map (C's stock 40 read as 0). */
const threeRules = (prefix: string): FeedRules =>
  feedRulesSchema.parse({
    'tmall-global': [
      { if: [{ field: 'stock', op: 'lt', value: 20 }], then: [{ action: 'exclude' }] },
      {
        if: [{ field: 'sku', op: 'equals', value: 'B' }],
        then: [{ action: 'prepend', field: 'names.zh-CN', value: prefix }],
      },
      { then: [{ action: 'map', field: 'stock', table: { '40': 0 } }] },
    ],
  });

function setup() {
  const store = new InMemoryStore();
  const queue = new InMemoryQueue();
  const blobs = new InMemoryBlobs();
  let rules: FeedRules | undefined;
  const evaluate = channelEvaluator(CHANNELS, loadConfigFxRates(), () => rules);
  const now = () => new Date('2026-11-29T08:00:00.000Z');
  const upload = () =>
    ingestCatalogue(
      { producerId: PRODUCER, body: catalogueJson(items), mode: 'full', format: 'json' },
      {
        catalogues: store,
        queue,
        blobs,
        channels: ['tmall-global', 'freshippo'],
        ...(rules === undefined ? {} : { rules }),
        now,
        sleep: async () => {},
      },
    );
  /** Runs every queued task through the worker; answers the (sku, channel) pairs it handled. */
  const drain = async () => {
    const tasks = queue.take();
    for (const task of tasks) await processSyncTask(task, { states: store, blobs, evaluate, now }, 1);
    return tasks.map((task) => `${task.sku}@${task.channel}`).sort();
  };
  const state = (channel: string, sku: string) =>
    [...store.states.values()].find((entry) => entry.channel === channel && entry.sku === sku);
  return { upload, drain, state, setRules: (next: FeedRules | undefined) => (rules = next), store };
}

describe('feed rules in the sync', () => {
  it('change exactly the items they should, and a rule change re-syncs only those', async () => {
    const sync = setup();
    await sync.upload();
    expect(await sync.drain()).toHaveLength(8);
    const syncedItem = (sku: string) => sync.state('tmall-global', sku)?.item as Record<string, unknown>;
    const before = { B: syncedItem('B'), C: syncedItem('C'), D: syncedItem('D') };

    sync.setRules(threeRules('有机 '));
    const second = await sync.upload();
    // The file is the same; only the products the rules change are queued again (on both channels).
    expect(second.changes).toMatchObject({ updated: 3, unchanged: 1 });
    expect(await sync.drain()).toEqual([
      'A@freshippo',
      'A@tmall-global',
      'B@freshippo',
      'B@tmall-global',
      'C@freshippo',
      'C@tmall-global',
    ]);
    expect(sync.state('tmall-global', 'A')).toMatchObject({
      state: 'REJECTED',
      reasons: [{ code: 'RULE_EXCLUDED', field: 'rules.tmall-global.0' }],
    });
    expect(sync.state('freshippo', 'A')?.state).toBe('SYNCED');
    expect(syncedItem('B').title).toBe(`有机 ${before.B.title}`);
    expect(syncedItem('C')).toEqual({
      ...before.C,
      skus: [{ ...(before.C.skus as Array<Record<string, unknown>>)[0], stock: 0 }],
    });
    expect(syncedItem('D')).toEqual(before.D);
    expect(sync.state('tmall-global', 'B')?.warnings).toContainEqual({
      code: 'RULE_APPLIED',
      field: 'names.zh-CN',
      message: `feed rule 1: "卢旺达胡耶水洗生咖啡豆 B" -> "有机 卢旺达胡耶水洗生咖啡豆 B"`,
      rules: [1],
      before: '卢旺达胡耶水洗生咖啡豆 B',
      after: '有机 卢旺达胡耶水洗生咖啡豆 B',
    });
    expect(sync.state('tmall-global', 'C')?.warnings).toContainEqual({
      code: 'RULE_APPLIED',
      field: 'stock',
      message: 'feed rule 2: 40 -> 0',
      rules: [2],
      before: 40,
      after: 0,
    });
    expect(sync.state('tmall-global', 'A')?.reasons[0]?.rules).toEqual([0]);
    const status = await getSyncStatus(
      PRODUCER,
      { channels: ['tmall-global', 'freshippo'], limit: 10, cursor: null },
      sync.store,
    );
    expect(status.channels['tmall-global']?.ruleEffects).toEqual({ changed: 2, excluded: 1, invalid: 0 });
    expect(status.channels.freshippo?.ruleEffects).toEqual({ changed: 0, excluded: 0, invalid: 0 });
    const effects = (items: Array<{ sku: string; ruleEffect?: string }> = []) =>
      items.map((item) => `${item.sku}:${item.ruleEffect ?? '-'}`);
    expect(effects(status.channels['tmall-global']?.items)).toEqual([
      'A:excluded',
      'B:changed',
      'C:changed',
      'D:-',
    ]);
    const only = (query: { ruleEffect?: 'changed' | 'excluded' | 'invalid'; sku?: string }) =>
      getSyncStatus(
        PRODUCER,
        {
          channels: ['tmall-global', 'freshippo'],
          channel: 'tmall-global',
          limit: 10,
          cursor: null,
          ...query,
        },
        sync.store,
      ).then((answer) => answer.channels['tmall-global']);
    const excluded = await only({ ruleEffect: 'excluded' });
    expect(effects(excluded?.items)).toEqual(['A:excluded']);
    // The counts still cover the whole channel; only the page is filtered.
    expect(excluded?.counts).toMatchObject({ SYNCED: 3, REJECTED: 1 });
    expect(effects((await only({ ruleEffect: 'changed' }))?.items)).toEqual(['B:changed', 'C:changed']);
    expect(effects((await only({ ruleEffect: 'invalid' }))?.items)).toEqual([]);
    expect(effects((await only({ ruleEffect: 'changed', sku: 'C' }))?.items)).toEqual(['C:changed']);

    sync.setRules(threeRules('精选 '));
    const third = await sync.upload();
    expect(third.changes).toMatchObject({ updated: 1, unchanged: 3 });
    expect(await sync.drain()).toEqual(['B@freshippo', 'B@tmall-global']);
    expect(syncedItem('B').title).toBe(`精选 ${before.B.title}`);
  });

  it('leave hashes as they were for products no rule touches', async () => {
    const sync = setup();
    await sync.upload();
    await sync.drain();
    sync.setRules(
      feedRulesSchema.parse({
        freshippo: [{ if: [{ field: 'stock', op: 'gt', value: 10_000 }], then: [{ action: 'exclude' }] }],
      }),
    );
    const again = await sync.upload();
    expect(again.changes).toMatchObject({ updated: 0, unchanged: 4 });
    expect(await sync.drain()).toEqual([]);
  });

  // Saved before the pattern check refused `.*x.*`: the store hands it over unchecked.
  it('refuse, with the code of the check, the items of a channel whose stored rule cannot run', async () => {
    const sync = setup();
    sync.setRules(
      feedRulesSchema.parse({
        'tmall-global': [
          {
            if: [{ field: 'description', op: 'matches', value: '.*premium.*' }],
            then: [{ action: 'exclude' }],
          },
        ],
      }),
    );
    await sync.upload();
    expect(await sync.drain()).toHaveLength(8);
    for (const { sku } of items) {
      expect(sync.state('tmall-global', sku)).toMatchObject({
        state: 'REJECTED',
        reasons: [{ code: 'RULE_PATTERN_UNSAFE', field: 'rules.tmall-global.0', rules: [0] }],
      });
      expect(sync.state('freshippo', sku)?.state).toBe('SYNCED');
    }
    const status = await getSyncStatus(
      PRODUCER,
      { channels: ['tmall-global', 'freshippo'], limit: 10, cursor: null },
      sync.store,
    );
    expect(status.channels['tmall-global']?.ruleEffects).toEqual({ changed: 0, excluded: 0, invalid: 4 });
  });
});
