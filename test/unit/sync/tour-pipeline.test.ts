import { describe, expect, it } from 'vitest';
import type { TourPackage } from '../../../functions/core/catalogue/tour-model.ts';
import type { Channel } from '../../../functions/core/channels/contract.ts';
import { getChannel } from '../../../functions/core/channels/registry.ts';
import { contentHash } from '../../../functions/core/sync/content-hash.ts';
import { ingestCatalogue } from '../../../functions/core/sync/ingest-catalogue.ts';
import { processSyncTask } from '../../../functions/core/sync/process-sync-task.ts';
import { runScheduledSync } from '../../../functions/core/sync/scheduled-sync.ts';
import { getSyncStatus } from '../../../functions/core/sync/sync-status.ts';
import { channelEvaluator, feedRendererFor } from '../../../functions/wiring/channel-adapters.ts';
import { rwandaDate } from '../../../functions/wiring/rwanda-date.ts';
import { catalogueJson } from '../../support/catalogue-builder.ts';
import { loadConfigFxRates } from '../../support/product-factory.ts';
import { fliggyValidators } from '../../support/schema-validators.ts';
import { makeLakeTour, makeTour } from '../../support/tour-factory.ts';
import { readTourUpload, tourUpload } from '../../support/tour-upload.ts';
import { InMemoryBlobs, InMemoryQueue, InMemoryStore, offeringKeyOf } from './in-memory-ports.ts';

/*
 * Tours through the pipeline at the use-case level (issue 15, points 1 and 4): the same ingest,
 * worker and scheduled sync as products, fed exact canonical tours through a stand-in reader.
 * Every channel is enabled, so the routing by kind is what keeps them apart.
 */

const OPERATOR = 'virunga-trails';
const ENABLED = ['tmall-global', 'freshippo', 'fliggy', 'google-merchant'];
const MINUTE = 60_000;
const fx = loadConfigFxRates();
const validators = fliggyValidators();

function channelsOf(ids: readonly string[]): Channel[] {
  return ids.map((id) => {
    const channel = getChannel(id);
    if (!channel) throw new Error(`no channel ${id}`);
    return channel;
  });
}

/** The trek (GOR-1D: 5 and 12 December, book by 18:00 the day before) and a Kivu day far ahead. */
const trek = () => makeTour();
const kivu = () => makeLakeTour();

function setup(enabled: readonly string[] = ENABLED) {
  const store = new InMemoryStore();
  const queue = new InMemoryQueue();
  const blobs = new InMemoryBlobs();
  // 10:00 in Kigali on Sunday 29 November 2026 (TOUR_TODAY).
  let clock = Date.parse('2026-11-29T08:00:00.000Z');
  const now = () => new Date(clock);
  const deps = {
    catalogues: store,
    queue,
    blobs,
    channels: enabled,
    now,
    sleep: async (ms: number) => {
      clock += ms;
    },
    maxWaitMs: 1_000,
  };
  const uploadTours = (tours: TourPackage[], mode: 'full' | 'delta' = 'full') =>
    ingestCatalogue(
      { producerId: OPERATOR, body: tourUpload(tours), mode, format: 'json' },
      { ...deps, readOfferings: readTourUpload },
    );
  const uploadProducts = (body: Buffer) =>
    ingestCatalogue({ producerId: OPERATOR, body, mode: 'full', format: 'json' }, deps);
  /** Every queued task through the worker, with the Rwanda date of the clock, as the handler does. */
  const drain = async () => {
    const evaluate = channelEvaluator(channelsOf(enabled), fx, undefined, { today: rwandaDate(now()) });
    const tasks = queue.take();
    for (const task of tasks) await processSyncTask(task, { states: store, blobs, evaluate, now }, 1);
    return tasks;
  };
  const tourChannels = channelsOf(enabled).filter((channel) => channel.takes === 'tour');
  const schedule = () =>
    runScheduledSync({
      products: store,
      states: store,
      queue,
      blobs,
      renderers: channelsOf(enabled).map((channel) => feedRendererFor(channel, 'feeds/')),
      staleAfterMs: 15 * MINUTE,
      maxRequeues: 5,
      now,
      refreshTours: {
        evaluate: channelEvaluator(tourChannels, fx, undefined, { today: rwandaDate(now()) }),
      },
    });
  const fliggyDocument = () => {
    const text = blobs.text(`feeds/fliggy/${OPERATOR}.json`);
    if (text === null) throw new Error('no fliggy document written');
    const document = JSON.parse(text) as {
      items: { outProductId: string; calendar: { date: string; seats: number; adult: number }[] }[];
      itemCount: number;
    };
    expect(validators.document(document)).toEqual([]);
    return document;
  };
  const state = (channel: string, code: string) => store.states.get(`${OPERATOR}/${channel}/${code}`);
  return {
    store,
    queue,
    blobs,
    uploadTours,
    uploadProducts,
    drain,
    schedule,
    fliggyDocument,
    state,
    setClock: (iso: string) => {
      clock = Date.parse(iso);
    },
  };
}

describe('tours through ingest, worker and scheduled sync', () => {
  it('stores a tour under its code and sends it to fliggy only, and fliggy publishes it', async () => {
    const pipe = setup();
    const result = await pipe.uploadTours([trek(), kivu()]);
    expect(result.offeringKind).toBe('tour');
    expect(result.changes).toEqual({ created: 2, updated: 0, unchanged: 0, delisted: 0 });
    const record = pipe.store.products.get(offeringKeyOf(OPERATOR, 'tour', 'GOR-1D'));
    expect(record).toMatchObject({
      kind: 'tour',
      status: 'ACTIVE',
      seq: 1,
      product: null,
      hash: contentHash(trek()),
    });
    expect(record?.tour).toEqual(trek());
    const tasks = await pipe.drain();
    expect(tasks.map((task) => [task.channel, task.sku, task.action])).toEqual([
      ['fliggy', 'GOR-1D', 'upsert'],
      ['fliggy', 'KIVU-BOAT', 'upsert'],
    ]);
    expect(pipe.state('fliggy', 'GOR-1D')).toMatchObject({ state: 'SYNCED', seq: 1 });
    expect(pipe.state('tmall-global', 'GOR-1D')).toBeUndefined();
    const report = pipe.store.reports.get(`${OPERATOR}/${result.catalogueId}`);
    expect(report?.offeringKind).toBe('tour');

    await pipe.schedule();
    const document = pipe.fliggyDocument();
    expect(document.items.map((item) => item.outProductId)).toEqual(['GOR-1D', 'KIVU-BOAT']);
    // 1,750.00 USD x 7.1050 = 12,433.75 CNY: 1,243,375 fen on each date still bookable.
    expect(document.items[0]?.calendar.map((date) => [date.date, date.seats, date.adult])).toEqual([
      ['2026-12-05', 8, 1243375],
      ['2026-12-12', 4, 1243375],
    ]);
    // No product channel document for a tour operator with no product.
    expect(pipe.blobs.text(`feeds/tmall-global/${OPERATOR}.json`)).toBeNull();
  });

  it('writes nothing and queues nothing when the same tours come again', async () => {
    const pipe = setup();
    await pipe.uploadTours([trek(), kivu()]);
    await pipe.drain();
    const writes = pipe.store.writes;
    const again = await pipe.uploadTours([trek(), kivu()]);
    expect(again).toMatchObject({
      replayed: true,
      changes: { created: 0, updated: 0, unchanged: 2, delisted: 0 },
    });
    expect(pipe.store.writes).toBe(writes);
    expect(pipe.queue.sent).toEqual([]);
    // The same tours in another file (another order): nothing changed either.
    const reordered = await pipe.uploadTours([kivu(), trek()]);
    expect(reordered.changes).toEqual({ created: 0, updated: 0, unchanged: 2, delisted: 0 });
    expect(pipe.queue.sent).toEqual([]);
  });

  it('re-syncs only the tour whose price changed, at a new sequence', async () => {
    const pipe = setup();
    await pipe.uploadTours([trek(), kivu()]);
    await pipe.drain();
    const dearer = makeTour({ prices: { adult: { minor: 180000, currency: 'USD' } } });
    const result = await pipe.uploadTours([dearer, kivu()]);
    expect(result.changes).toEqual({ created: 0, updated: 1, unchanged: 1, delisted: 0 });
    const tasks = await pipe.drain();
    expect(tasks.map((task) => [task.channel, task.sku, task.seq, task.action])).toEqual([
      ['fliggy', 'GOR-1D', 2, 'upsert'],
    ]);
    expect(pipe.state('fliggy', 'KIVU-BOAT')?.seq).toBe(1);
    await pipe.schedule();
    // 1,800.00 USD x 7.1050 = 12,789.00 CNY.
    expect(pipe.fliggyDocument().items[0]?.calendar[0]?.adult).toBe(1278900);
  });

  it('delists on fliggy a tour dropped from a full upload, and it leaves the document', async () => {
    const pipe = setup();
    await pipe.uploadTours([trek(), kivu()]);
    await pipe.drain();
    const result = await pipe.uploadTours([kivu()]);
    expect(result.changes).toEqual({ created: 0, updated: 0, unchanged: 1, delisted: 1 });
    const tasks = await pipe.drain();
    expect(tasks.map((task) => [task.channel, task.sku, task.action])).toEqual([
      ['fliggy', 'GOR-1D', 'delist'],
    ]);
    expect(pipe.state('fliggy', 'GOR-1D')).toMatchObject({ state: 'DELISTED', seq: 2 });
    expect(pipe.store.products.get(offeringKeyOf(OPERATOR, 'tour', 'GOR-1D'))).toMatchObject({
      kind: 'tour',
      status: 'DELISTED',
      tour: null,
    });
    await pipe.schedule();
    expect(pipe.fliggyDocument().items.map((item) => item.outProductId)).toEqual(['KIVU-BOAT']);
    // A delta upload lacking it delists nothing.
    const delta = await pipe.uploadTours([trek()], 'delta');
    expect(delta.changes).toEqual({ created: 1, updated: 0, unchanged: 0, delisted: 0 });
  });

  it('keeps products and tours of one producer apart: a full tour upload never delists a product', async () => {
    const pipe = setup();
    const products = await pipe.uploadProducts(catalogueJson([{ sku: 'GOR-1D' }, { sku: 'HONEY-1' }]));
    expect(products.offeringKind).toBe('product');
    const productTasks = await pipe.drain();
    expect(new Set(productTasks.map((task) => task.channel))).toEqual(
      new Set(['tmall-global', 'freshippo', 'google-merchant']),
    );
    // A tour code equal to a product SKU is another record, on another channel.
    const tours = await pipe.uploadTours([trek()]);
    expect(tours.changes).toEqual({ created: 1, updated: 0, unchanged: 0, delisted: 0 });
    const tourTasks = await pipe.drain();
    expect(tourTasks.map((task) => [task.channel, task.sku, task.action])).toEqual([
      ['fliggy', 'GOR-1D', 'upsert'],
    ]);
    expect(pipe.store.products.get(offeringKeyOf(OPERATOR, 'product', 'GOR-1D'))?.status).toBe('ACTIVE');
    expect(pipe.state('tmall-global', 'GOR-1D')?.state).toBe('SYNCED');

    const status = await getSyncStatus(OPERATOR, { channels: ENABLED, limit: 100, cursor: null }, pipe.store);
    const codes = Object.values(status.channels).flatMap((channel) =>
      channel.items.flatMap((item) => item.reasons.map((reason) => reason.code)),
    );
    expect(codes).not.toContain('OFFERING_KIND_MISMATCH');
    expect(status.channels.fliggy?.counts.SYNCED).toBe(1);
    expect(status.channels['tmall-global']?.counts.SYNCED).toBe(2);
  });

  it('sends no task at all when fliggy is not enabled, and none to product channels', async () => {
    const pipe = setup(['tmall-global', 'freshippo']);
    const result = await pipe.uploadTours([trek()]);
    expect(result.changes.created).toBe(1);
    expect(pipe.queue.sent).toEqual([]);
    expect([...pipe.store.states.values()]).toEqual([]);
  });
});

describe('the scheduled sync makes tour calendars again each run', () => {
  it('drops a departure once its booking closed, with no upload, counting only the item that changed', async () => {
    const pipe = setup();
    await pipe.uploadTours([trek(), kivu()]);
    await pipe.drain();
    const first = await pipe.schedule();
    expect(first.refreshed).toBe(0);

    // 10:00 in Kigali on 5 December: bookings for the 5th closed at 18:00 on the 4th.
    pipe.setClock('2026-12-05T08:00:00.000Z');
    const run = await pipe.schedule();
    expect(run.refreshed).toBe(1);
    expect(run.failures).toEqual([]);
    const document = pipe.fliggyDocument();
    expect(document.items[0]?.calendar.map((date) => date.date)).toEqual(['2026-12-12']);
    expect(pipe.state('fliggy', 'GOR-1D')).toMatchObject({ state: 'SYNCED', seq: 1 });
    const stored = pipe.state('fliggy', 'GOR-1D')?.item as { calendar: unknown[] } | undefined;
    expect(stored?.calendar).toHaveLength(1);
    expect(pipe.queue.sent).toEqual([]);

    // The same day again: nothing to change, nothing written.
    const writes = pipe.store.writes;
    expect((await pipe.schedule()).refreshed).toBe(0);
    expect(pipe.store.writes).toBe(writes);
  });

  it('takes a tour out of the feed once no departure is left, and brings nothing back later', async () => {
    const pipe = setup();
    await pipe.uploadTours([trek(), kivu()]);
    await pipe.drain();
    pipe.setClock('2026-12-12T08:00:00.000Z');
    const run = await pipe.schedule();
    expect(run.refreshed).toBe(1);
    expect(pipe.state('fliggy', 'GOR-1D')).toMatchObject({ state: 'REJECTED', seq: 1 });
    expect(pipe.state('fliggy', 'GOR-1D')?.reasons.map((reason) => reason.code)).toEqual([
      'DEPARTURES_NONE_FUTURE',
    ]);
    const document = pipe.fliggyDocument();
    expect(document.items.map((item) => item.outProductId)).toEqual(['KIVU-BOAT']);
    expect(document.itemCount).toBe(1);
  });

  it('lists dates that came inside the 365-day horizon since the item was made', async () => {
    const pipe = setup();
    const far = makeTour({
      departures: {
        kind: 'dates',
        dates: [
          { date: '2026-12-05', seats: 8 },
          { date: '2027-12-01', seats: 6 },
        ],
      },
    });
    await pipe.uploadTours([far]);
    await pipe.drain();
    expect(pipe.state('fliggy', 'GOR-1D')?.warnings.map((warning) => warning.code)).toContain(
      'CALENDAR_TRUNCATED',
    );
    // 30 November 2027: 1 December 2027 is inside today's horizon, its bookings open until 18:00 today.
    pipe.setClock('2027-11-30T08:00:00.000Z');
    const run = await pipe.schedule();
    expect(run.refreshed).toBe(1);
    expect(pipe.fliggyDocument().items[0]?.calendar.map((date) => date.date)).toEqual(['2027-12-01']);
    expect(pipe.state('fliggy', 'GOR-1D')?.warnings.map((warning) => warning.code)).not.toContain(
      'CALENDAR_TRUNCATED',
    );
  });

  it('re-queues a stuck fliggy item with the tour as stored', async () => {
    const pipe = setup();
    await pipe.uploadTours([trek()]);
    pipe.queue.take(); // the message is lost
    pipe.setClock('2026-11-29T09:00:00.000Z');
    const run = await pipe.schedule();
    expect(run.requeued).toBe(1);
    const [task] = pipe.queue.sent;
    expect(task).toMatchObject({ action: 'upsert', kind: 'tour', channel: 'fliggy', sku: 'GOR-1D', seq: 1 });
    expect(task && 'tour' in task ? task.tour : null).toEqual(trek());
    await pipe.drain();
    expect(pipe.state('fliggy', 'GOR-1D')?.state).toBe('SYNCED');
  });
});
