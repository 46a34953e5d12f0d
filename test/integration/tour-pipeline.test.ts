import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbSyncStore, syncStateItem } from '../../functions/adapters/dynamodb-sync-store.ts';
import { LocalFolderStore } from '../../functions/adapters/local-folder-store.ts';
import { SqsTaskQueue } from '../../functions/adapters/sqs-task-queue.ts';
import type { TourPackage } from '../../functions/core/catalogue/tour-model.ts';
import { fliggyChannel } from '../../functions/core/channels/fliggy/channel.ts';
import { dayNumber, isoDateOf } from '../../functions/core/iso-dates.ts';
import { ingestCatalogue } from '../../functions/core/sync/ingest-catalogue.ts';
import type { SyncStateRecord } from '../../functions/core/sync/sync-records.ts';
import type { SyncStatus } from '../../functions/core/sync/sync-status.ts';
import { channelEvaluator } from '../../functions/wiring/channel-adapters.ts';
import { rwandaDate } from '../../functions/wiring/rwanda-date.ts';
import { PRODUCER_CLAIM } from '../../local/dev-auth.ts';
import { type EmbeddedStack, startEmbeddedStack } from '../../local/embedded-stack.ts';
import type { EventSourcePoller } from '../../local/event-source-poller.ts';
import { invokeHttp, routes } from '../../local/invoke-http.ts';
import { createLambdaContext } from '../../local/lambda-context.ts';
import { type LocalFunctions, loadLocalFunctions } from '../../local/local-functions.ts';
import { createSyncQueuePoller } from '../../local/sync-queue-poller.ts';
import { loadConfigFxRates } from '../support/product-factory.ts';
import { receiveNow } from '../support/queue-messages.ts';
import { fliggyValidators } from '../support/schema-validators.ts';
import { makeLakeTour, makeTour } from '../support/tour-factory.ts';
import { readTourUpload, tourUpload } from '../support/tour-upload.ts';

/*
 * Tours end to end on the embedded stack (issue 15, points 1, 4-6): the DynamoDB and SQS adapters,
 * the sync worker and the scheduled sync handlers as Lambda runs them. The upload is the ingest use
 * case with the stand-in tour reader (tour-upload-http.test.ts goes through the real one); every
 * date is relative to the day the test runs, in Rwanda, since the handlers read the real clock.
 */

const OPERATOR = 'virunga-trails';
const CHANNELS = 'tmall-global,freshippo,fliggy';
const validators = fliggyValidators();

let stack: EmbeddedStack;
let functions: LocalFunctions;
let poller: EventSourcePoller;
let objectDir: string;
let store: DynamoDbSyncStore;

beforeAll(async () => {
  objectDir = await mkdtemp(join(tmpdir(), 'feedbridge-tours-'));
  stack = await startEmbeddedStack({ objectDir, maxReceiveCount: 3 });
  functions = await loadLocalFunctions(stack, { extraEnv: { CHANNELS }, logLevel: 'CRITICAL' });
  poller = createSyncQueuePoller(stack, functions.syncWorker, {
    maxBatchingWindowMs: 0,
    retryDelaySeconds: 0,
  });
  store = new DynamoDbSyncStore(stack.clients.documentClient, stack.tableName);
});

afterAll(async () => {
  await stack?.stop();
  if (objectDir) await rm(objectDir, { recursive: true, force: true });
});

const today = () => rwandaDate(new Date());
const inDays = (days: number) => isoDateOf(dayNumber(today()) + days);

/** The trek, bookable until the day before each departure: today + 7 and today + 14. */
const trek = (overrides: Partial<TourPackage> = {}) =>
  makeTour({
    departures: {
      kind: 'dates',
      dates: [
        { date: inDays(7), seats: 8 },
        { date: inDays(14), seats: 4 },
      ],
    },
    ...overrides,
  });
const kivu = () => makeLakeTour({ departures: { kind: 'dates', dates: [{ date: inDays(20), seats: 12 }] } });

async function uploadTours(tours: TourPackage[]) {
  return ingestCatalogue(
    { producerId: OPERATOR, body: tourUpload(tours), mode: 'full', format: 'json' },
    {
      catalogues: store,
      queue: new SqsTaskQueue(stack.clients.sqs, stack.queueUrls.sync),
      blobs: new LocalFolderStore(objectDir),
      channels: CHANNELS.split(','),
      now: () => new Date(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      readOfferings: readTourUpload,
    },
  );
}

async function stateOf(channel: string, code: string): Promise<SyncStateRecord | undefined> {
  const { Item } = await stack.clients.documentClient.send(
    new GetCommand({
      TableName: stack.tableName,
      Key: { pk: `PRODUCER#${OPERATOR}`, sk: `SYNC#${channel}#${code}` },
    }),
  );
  return Item as SyncStateRecord | undefined;
}

const calendarOf = (state: SyncStateRecord | undefined) =>
  (state?.item as { calendar?: unknown[] } | undefined)?.calendar;

async function scheduledRun() {
  return functions.scheduledSync(createLambdaContext({ functionName: 'scheduled-sync' }));
}

async function fliggyDocument() {
  const text = await readFile(join(objectDir, `feeds/fliggy/${OPERATOR}.json`), 'utf8');
  const document = JSON.parse(text) as {
    items: { outProductId: string; calendar: { date: string; adult: number }[] }[];
  };
  expect(validators.document(document)).toEqual([]);
  return document;
}

describe('tours on the embedded stack', () => {
  it('syncs a tour operator to fliggy through the worker, and writes only a fliggy document for it', async () => {
    const result = await uploadTours([trek(), kivu()]);
    expect(result.offeringKind).toBe('tour');
    expect(result.changes).toMatchObject({ created: 2, delisted: 0 });
    await poller.drain({ timeoutMs: 30_000 });
    expect(await stateOf('fliggy', 'GOR-1D')).toMatchObject({ state: 'SYNCED', seq: 1 });
    expect(await stateOf('tmall-global', 'GOR-1D')).toBeUndefined();
    expect(await stateOf('freshippo', 'GOR-1D')).toBeUndefined();

    const run = await scheduledRun();
    expect(run.failureCount).toBe(0);
    expect(run.feeds.filter((feed) => feed.producerId === OPERATOR).map((feed) => feed.channel)).toEqual([
      'fliggy',
    ]);
    const document = await fliggyDocument();
    expect(document.items.map((item) => item.outProductId)).toEqual(['GOR-1D', 'KIVU-BOAT']);
    // 1,750.00 USD x 7.1050 = 12,433.75 CNY.
    expect(document.items[0]?.calendar.map((date) => [date.date, date.adult])).toEqual([
      [inDays(7), 1243375],
      [inDays(14), 1243375],
    ]);

    const status = await invokeHttp(functions.syncStatus, {
      ...routes.syncStatus(OPERATOR, 'limit=100'),
      claims: { [PRODUCER_CLAIM]: OPERATOR },
    });
    expect(status.statusCode).toBe(200);
    const body = status.body as SyncStatus;
    expect(body.channels.fliggy?.counts).toMatchObject({ SYNCED: 2, REJECTED: 0 });
    expect(body.channels['tmall-global']?.items).toEqual([]);
  });

  it('queues nothing for the same tours again, and only the changed tour after a price change', async () => {
    const again = await uploadTours([trek(), kivu()]);
    expect(again.changes).toMatchObject({ created: 0, updated: 0, unchanged: 2, delisted: 0 });
    expect(await receiveNow(stack.clients.sqs, stack.queueUrls.sync)).toEqual([]);

    const dearer = await uploadTours([
      trek({ prices: { adult: { minor: 180000, currency: 'USD' } } }),
      kivu(),
    ]);
    expect(dearer.changes).toMatchObject({ updated: 1, unchanged: 1 });
    await poller.drain({ timeoutMs: 30_000 });
    expect(await stateOf('fliggy', 'GOR-1D')).toMatchObject({ state: 'SYNCED', seq: 2 });
    expect(await stateOf('fliggy', 'KIVU-BOAT')).toMatchObject({ state: 'SYNCED', seq: 1 });
  });

  it('rolls a closed departure off the calendar on the next scheduled run, with no upload', async () => {
    // The trek's item as the worker made it yesterday: with a departure today, bookable until
    // yesterday (the day before), which has closed since.
    const departures = {
      kind: 'dates' as const,
      dates: [
        { date: today(), seats: 2 },
        { date: inDays(7), seats: 8 },
      ],
    };
    const result = await uploadTours([trek({ departures }), kivu()]);
    await poller.drain({ timeoutMs: 30_000 });
    expect(result.changes).toMatchObject({ updated: 1, unchanged: 1 });
    const made = await stateOf('fliggy', 'GOR-1D');
    // Made today, it already lacks today's departure (its bookings closed yesterday).
    expect(made).toMatchObject({ state: 'SYNCED', seq: 3 });
    expect(calendarOf(made)).toHaveLength(1);
    const yesterday = channelEvaluator([fliggyChannel], loadConfigFxRates(), undefined, {
      today: inDays(-1),
    })('fliggy', { kind: 'tour', tour: trek({ departures }) });
    expect(yesterday.errors).toEqual([]);
    await stack.clients.documentClient.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: syncStateItem({ ...(made as SyncStateRecord), item: yesterday.item }),
      }),
    );

    const run = await scheduledRun();
    expect(run.refreshed).toBe(1);
    expect(await receiveNow(stack.clients.sqs, stack.queueUrls.sync)).toEqual([]);
    const document = await fliggyDocument();
    expect(
      document.items.find((item) => item.outProductId === 'GOR-1D')?.calendar.map((date) => date.date),
    ).toEqual([inDays(7)]);
    const state = await stateOf('fliggy', 'GOR-1D');
    expect(calendarOf(state)).toHaveLength(1);
    // Nothing left to change: the next run rewrites no item.
    expect((await scheduledRun()).refreshed).toBe(0);
  });

  it('delists on fliggy the tour a full upload dropped, and the next document lacks it', async () => {
    const result = await uploadTours([kivu()]);
    expect(result.changes).toMatchObject({ delisted: 1, unchanged: 1 });
    await poller.drain({ timeoutMs: 30_000 });
    expect(await stateOf('fliggy', 'GOR-1D')).toMatchObject({ state: 'DELISTED', action: 'delist' });
    await scheduledRun();
    expect((await fliggyDocument()).items.map((item) => item.outProductId)).toEqual(['KIVU-BOAT']);
  });
});
