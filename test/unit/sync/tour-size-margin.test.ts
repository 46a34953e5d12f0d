import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { productItem, syncStateItem } from '../../../functions/adapters/dynamodb-sync-store.ts';
import { taskMessageBody } from '../../../functions/adapters/sqs-task-queue.ts';
import {
  TOUR_LIMITS,
  tourLimitProblem,
  tourTaskBytes,
} from '../../../functions/core/catalogue/tour-limits.ts';
import { fliggyChannel } from '../../../functions/core/channels/fliggy/channel.ts';
import { DYNAMODB_ITEM_MAX_BYTES, SQS_MESSAGE_MAX_BYTES } from '../../../functions/core/service-limits.ts';
import { failedState, processSyncTask } from '../../../functions/core/sync/process-sync-task.ts';
import type { SyncTask } from '../../../functions/core/sync/sync-records.ts';
import { channelEvaluator } from '../../../functions/wiring/channel-adapters.ts';
import { dynamoDbItemSize } from '../../../local/dynamodb-item-limit.ts';
import { loadConfigFxRates } from '../../support/product-factory.ts';
import { largestTour, TOUR_TODAY } from '../../support/tour-factory.ts';
import { InMemoryBlobs, InMemoryStore } from './in-memory-ports.ts';

/*
 * docs/tour-packages.md, "Size bounds": the largest tour the model admits travels as one SQS
 * message and its fliggy item fits the sync state, a DynamoDB item, as the pipeline writes them.
 */

const now = () => new Date('2026-11-29T08:00:00.000Z');
const evaluate = channelEvaluator([fliggyChannel], loadConfigFxRates(), undefined, { today: TOUR_TODAY });
const itemBytes = (item: Record<string, unknown>) =>
  dynamoDbItemSize(marshall(item, { removeUndefinedValues: true }));

function taskOf(char: string): Extract<SyncTask, { kind: 'tour' }> {
  const tour = largestTour(char);
  return {
    v: 1,
    action: 'upsert',
    kind: 'tour',
    producerId: tour.producerId,
    channel: 'fliggy',
    sku: tour.code,
    seq: Number.MAX_SAFE_INTEGER,
    hash: 'f'.repeat(64),
    catalogueId: `cat-${'0'.repeat(24)}`,
    tour,
  };
}

describe('the tour bounds leave room for every AWS limit', () => {
  it('3-byte characters (Chinese): the task is one SQS message, the record and the states DynamoDB items', async () => {
    const task = taskOf('猩');
    const body = Buffer.byteLength(taskMessageBody(task));
    expect(body).toBeLessThanOrEqual(SQS_MESSAGE_MAX_BYTES);
    const store = new InMemoryStore();
    await processSyncTask(task, { states: store, blobs: new InMemoryBlobs(), evaluate, now }, 1);
    const synced = store.states.get(`${task.producerId}/fliggy/${task.sku}`);
    expect(synced?.state).toBe('SYNCED');
    const record = productItem({
      producerId: task.producerId,
      sku: task.sku,
      kind: 'tour',
      status: 'ACTIVE',
      seq: task.seq,
      hash: task.hash,
      catalogueId: task.catalogueId,
      product: null,
      tour: task.tour,
      updatedAt: now().toISOString(),
    });
    expect(record.sk).toBe(`TOUR#${task.sku}`);
    const sizes = [
      itemBytes(record),
      ...(synced ? [itemBytes(syncStateItem(synced))] : []),
      itemBytes(syncStateItem(failedState(task, `ThrottlingException: ${'x'.repeat(500_000)}`, 5, now()))),
    ];
    for (const size of sizes) expect(size).toBeLessThanOrEqual(DYNAMODB_ITEM_MAX_BYTES);
    console.log(
      `largest tour (Chinese): task ${body} B of ${SQS_MESSAGE_MAX_BYTES}, items ${sizes.join(', ')} B`,
    );
  });

  /*
   * The model bounds texts in UTF-16 units, and a queue message escapes each half of an astral
   * character to six bytes, so the largest tour in emoji would be a 372 KB task: TOUR_LIMITS refuses
   * it when it is read, and whatever the bound lets through is one SQS message.
   */
  it('astral characters (emoji): the largest tour is refused at read time, the largest admitted is one SQS message', () => {
    const largest = taskOf('🦍');
    expect(Buffer.byteLength(taskMessageBody(largest))).toBeGreaterThan(SQS_MESSAGE_MAX_BYTES);
    expect(tourLimitProblem(largest.tour)).toMatch(/^The tour takes 36\d\.\d KB .* at most 224 KB fit/u);
    // Drop itinerary days until the bound admits it: the largest emoji tour that can be read.
    const admitted = { ...largest, tour: { ...largest.tour, itinerary: [...largest.tour.itinerary] } };
    while (tourLimitProblem(admitted.tour) !== null) admitted.tour.itinerary.pop();
    const body = Buffer.byteLength(taskMessageBody(admitted));
    expect(tourTaskBytes(admitted.tour)).toBeGreaterThan(TOUR_LIMITS.maxTourBytes - 20 * 1024);
    expect(body).toBeLessThanOrEqual(SQS_MESSAGE_MAX_BYTES);
    console.log(`largest admitted tour (emoji): task ${body} B of ${SQS_MESSAGE_MAX_BYTES}`);
  });

  it('the Chinese worst case passes the bound, and the bound measures the task exactly', () => {
    const chinese = taskOf('猩');
    expect(tourLimitProblem(chinese.tour)).toBeNull();
    for (const task of [chinese, taskOf('🦍'), taskOf('a')]) {
      const envelope = Buffer.byteLength(taskMessageBody({ ...task, tour: null as never }));
      expect(Buffer.byteLength(taskMessageBody(task))).toBe(
        envelope - 'null'.length + tourTaskBytes(task.tour),
      );
    }
  });
});
