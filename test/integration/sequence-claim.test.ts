import type { FinalizeHandler, FinalizeHandlerArguments } from '@smithy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient, createDynamoDbClient } from '../../functions/adapters/aws-client-factory.ts';
import { DynamoDbSyncStore } from '../../functions/adapters/dynamodb-sync-store.ts';
import type { CatalogueReportRecord } from '../../functions/core/sync/ports.ts';
import { type EmbeddedStack, startEmbeddedStack } from '../../local/embedded-stack.ts';

/*
 * The producer's sequence claim when DynamoDB applies it but the answer is lost (seen in the
 * fault scenarios: a 500 after the write): the SDK repeats the request, and the claim must still
 * be the caller's, not a lease it waits for until UPLOAD_IN_PROGRESS.
 */

let stack: EmbeddedStack;

beforeAll(async () => {
  stack = await startEmbeddedStack();
});

afterAll(async () => {
  await stack?.stop();
});

class LostAnswer extends Error {
  readonly $fault = 'server';
  readonly $metadata = { httpStatusCode: 500 };
  constructor() {
    super('injected: the write was applied, its answer lost');
    this.name = 'InternalServerError';
  }
}

/** A store whose client loses the answers of the next `times` claims, after DynamoDB applied them. */
function storeLosingClaimAnswers(times: number, claim = 'SET seq = :next') {
  const client = createDynamoDbClient(stack.clientConfig);
  let left = times;
  let sent = 0;
  const loseAnswer =
    (next: FinalizeHandler<object, object>) => async (args: FinalizeHandlerArguments<object>) => {
      const body = String((args.request as { body?: unknown }).body ?? '');
      if (!body.includes(claim)) return next(args);
      sent += 1;
      const result = await next(args);
      if (left > 0) {
        left -= 1;
        throw new LostAnswer();
      }
      return result;
    };
  // Inside the retry middleware, as a lost answer is: each attempt is retried by the SDK.
  client.middlewareStack.add(loseAnswer as never, { step: 'finalizeRequest', priority: 'low', name: 'lose' });
  const store = new DynamoDbSyncStore(createDocumentClient(client), stack.tableName);
  return { store, attempts: () => sent, destroy: () => client.destroy() };
}

describe('claiming the next sequence', () => {
  it('is the caller’s when the SDK repeats a claim DynamoDB had applied', async () => {
    const { store, attempts, destroy } = storeLosingClaimAnswers(1);
    const now = Date.now();
    expect(await store.claimSequence('lost-answer-coop', 0, now + 60_000, now)).toBe(1);
    expect(attempts()).toBe(2);
    expect(await store.getProducerMeta('lost-answer-coop')).toEqual({ seq: 1, leaseUntil: now + 60_000 });
    await store.releaseLease('lost-answer-coop', 1);
    expect(await store.getProducerMeta('lost-answer-coop')).toEqual({ seq: 1, leaseUntil: null });
    // The next upload claims the next sequence at once: nothing was left holding the lease.
    const later = Date.now();
    expect(await store.claimSequence('lost-answer-coop', 1, later + 60_000, later)).toBe(2);
    destroy();
  });

  it('frees a claim it cannot confirm, so the producer is not locked out until the lease expires', async () => {
    // More lost answers than the SDK has attempts (3): the claim fails, though DynamoDB applied it.
    const { store, destroy } = storeLosingClaimAnswers(10);
    const now = Date.now();
    await expect(store.claimSequence('unconfirmed-coop', 0, now + 60_000, now)).rejects.toThrow(
      /answer lost/,
    );
    expect(await store.getProducerMeta('unconfirmed-coop')).toEqual({ seq: 1, leaseUntil: null });
    destroy();
  });

  it('still refuses a claim another upload holds, and one on a sequence that moved on', async () => {
    const store = new DynamoDbSyncStore(stack.clients.documentClient, stack.tableName);
    const now = Date.now();
    expect(await store.claimSequence('busy-coop', 0, now + 60_000, now)).toBe(1);
    // A second upload that read seq 1 while the first holds the lease; then one that read seq 0.
    expect(await store.claimSequence('busy-coop', 1, now + 60_000, now)).toBeNull();
    expect(await store.claimSequence('busy-coop', 0, now + 60_000, now)).toBeNull();
    await store.releaseLease('busy-coop', 1);
    expect(await store.claimSequence('busy-coop', 1, now + 60_000, now)).toBe(2);
  });

  it("reads an upload exactly once when the SDK repeats the reader's claim DynamoDB had applied", async () => {
    const { store, attempts, destroy } = storeLosingClaimAnswers(1, 'SET #status = :processing');
    const ticket = {
      producerId: 'lost-claim-coop',
      catalogueId: 'cat-lost-claim',
      status: 'AWAITING_UPLOAD',
      uploadKey: 'uploads/lost-claim-coop/cat-lost-claim',
      seq: null,
      baseSeq: 0,
      mode: 'full',
      format: 'csv',
      rows: null,
      changes: null,
      receivedAt: '2026-12-03T13:00:00.000Z',
    } as unknown as CatalogueReportRecord;
    await store.putReport(ticket);
    const now = Date.now();
    const claim = { etag: '"e1"', claimUntil: now + 900_000, now, at: new Date(now).toISOString() };
    // Claimed (not "already being read", which would leave it PROCESSING with no reader).
    expect(await store.claimProcessing('lost-claim-coop', 'cat-lost-claim', claim)).toBe(true);
    expect(attempts()).toBe(2);
    // A second delivery of the same object event is still refused while the claim holds.
    expect(await store.claimProcessing('lost-claim-coop', 'cat-lost-claim', claim)).toBe(false);
    const stored = await store.getReport('lost-claim-coop', 'cat-lost-claim');
    expect(stored).toMatchObject({ status: 'PROCESSING' });
    expect(Object.keys(stored ?? {})).not.toContain('claimToken');
    destroy();
  });
});
