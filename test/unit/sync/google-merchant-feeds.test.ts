import { describe, expect, it } from 'vitest';
import { googleMerchantChannel } from '../../../functions/core/channels/google-merchant/channel.ts';
import { contentHash } from '../../../functions/core/sync/content-hash.ts';
import { processSyncTask } from '../../../functions/core/sync/process-sync-task.ts';
import { runScheduledSync } from '../../../functions/core/sync/scheduled-sync.ts';
import type { SyncTask } from '../../../functions/core/sync/sync-records.ts';
import { channelEvaluator, feedRendererFor } from '../../../functions/wiring/channel-adapters.ts';
import { loadConfigFxRates, makeProduct } from '../../support/product-factory.ts';
import { validateGoogleMerchantXml } from '../../support/schema-validators.ts';
import { InMemoryBlobs, InMemoryQueue, InMemoryStore } from './in-memory-ports.ts';

const now = () => new Date('2026-11-29T08:00:00.000Z');

describe('scheduled sync with google-merchant', () => {
  it('writes one full document per producer and target country from the synced items', async () => {
    const store = new InMemoryStore();
    const blobs = new InMemoryBlobs();
    const queue = new InMemoryQueue();
    const evaluate = channelEvaluator([googleMerchantChannel], loadConfigFxRates());
    for (const sku of ['A', 'B']) {
      const product = makeProduct('honey', {
        producerId: 'huye-coop',
        sku,
        link: `https://huye-coop.rw/shop/${sku.toLowerCase()}`,
      });
      const task: SyncTask = {
        v: 1,
        action: 'upsert',
        producerId: 'huye-coop',
        channel: 'google-merchant',
        sku,
        seq: 1,
        hash: contentHash(product),
        catalogueId: 'cat-1',
        product,
      };
      await store.writeChanges(
        [
          {
            producerId: 'huye-coop',
            sku,
            status: 'ACTIVE',
            seq: 1,
            hash: task.hash,
            catalogueId: 'cat-1',
            product,
            updatedAt: now().toISOString(),
          },
        ],
        [],
      );
      expect((await processSyncTask(task, { states: store, blobs, evaluate, now }, 1)).state).toBe('SYNCED');
    }
    const report = await runScheduledSync({
      products: store,
      states: store,
      queue,
      blobs,
      renderers: [feedRendererFor(googleMerchantChannel, 'feeds/')],
      staleAfterMs: 60_000,
      maxRequeues: 3,
      now,
    });
    expect(report.failures).toEqual([]);
    expect(report.feeds).toEqual(
      ['DE', 'FR', 'US'].map((country) => ({
        channel: 'google-merchant',
        producerId: 'huye-coop',
        key: `feeds/google-merchant/huye-coop/${country}.xml`,
        items: 2,
        bytes: Buffer.byteLength(blobs.text(`feeds/google-merchant/huye-coop/${country}.xml`) ?? 'missing'),
        target: country,
      })),
    );
    const us = blobs.text('feeds/google-merchant/huye-coop/US.xml') ?? '';
    expect(await validateGoogleMerchantXml(us)).toEqual([]);
    expect(us.match(/<item>/g)).toHaveLength(2);
    expect(us).toContain('<fb:trailer itemCount="2" country="US" currency="USD"/>');
  });
});
