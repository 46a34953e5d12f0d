import 'aws-sdk-client-mock-vitest/extend';
import {
  type BatchResultErrorEntry,
  SendMessageBatchCommand,
  type SendMessageBatchCommandInput,
  type SendMessageBatchRequestEntry,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  InvalidEntryIdError,
  MessagesRejectedError,
  MessageTooLargeError,
  messageSize,
  type OutgoingMessage,
  RetriesExhaustedError,
  SEND_BATCH_MAX_BYTES,
  sendMessagesAll,
} from '../../../functions/adapters/sqs-batch.ts';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/123456789012/feedbridge-sync';
const sqsMock = mockClient(SQSClient);
const sqs = new SQSClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});

afterEach(() => {
  sqsMock.reset();
});

const KIB = 1024;
const range = (count: number): number[] => Array.from({ length: count }, (_, index) => index);
const messages = (count: number, body = (index: number) => `task-${index}`): OutgoingMessage[] =>
  range(count).map((index) => ({ body: body(index) }));

function fastBackoff(extra: { maxAttempts?: number } = {}) {
  const sleep = vi.fn(async (_ms: number) => {});
  return { sleep, random: () => 0.5, baseDelayMs: 100, ...extra };
}

function sentBatches(): SendMessageBatchRequestEntry[][] {
  return sqsMock
    .commandCalls(SendMessageBatchCommand)
    .map((call) => (call.args[0].input as SendMessageBatchCommandInput).Entries ?? []);
}

interface Rejection {
  times: number;
  code: string;
  senderFault: boolean;
}

/**
 * A queue that fails the listed entry ids that many times with the given code, and records the bodies
 * it accepted so tests can check each message was queued exactly once.
 */
function flakyQueue(rejections: Record<string, Rejection> = {}, options: { forget?: string } = {}): string[] {
  const accepted: string[] = [];
  const remaining = new Map(Object.entries(rejections).map(([id, rejection]) => [id, { ...rejection }]));
  let forgotten = false;
  sqsMock.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchCommandInput) => {
    const Successful: { Id: string; MessageId: string; MD5OfMessageBody: string }[] = [];
    const Failed: BatchResultErrorEntry[] = [];
    for (const entry of input.Entries ?? []) {
      const id = entry.Id ?? '';
      const rejection = remaining.get(id);
      if (id === options.forget && !forgotten) {
        forgotten = true; // in neither list: not confirmed
      } else if (rejection && rejection.times > 0) {
        rejection.times -= 1;
        Failed.push({ Id: id, Code: rejection.code, SenderFault: rejection.senderFault, Message: 'nope' });
      } else {
        accepted.push(entry.MessageBody ?? '');
        Successful.push({ Id: id, MessageId: `msg-${id}`, MD5OfMessageBody: 'x' });
      }
    }
    return { Successful, Failed };
  });
  return accepted;
}

const transient = (times: number): Rejection => ({ times, code: 'InternalError', senderFault: false });

describe('sendMessagesAll', () => {
  it('sends in batches of at most 10 entries with unique, valid entry ids', async () => {
    const accepted = flakyQueue();
    await sendMessagesAll(sqs, QUEUE_URL, messages(25));

    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 3);
    const batches = sentBatches();
    expect(batches.map((batch) => batch.length)).toEqual([10, 10, 5]);
    for (const batch of batches) {
      const ids = batch.map((entry) => entry.Id ?? '');
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    }
    expect(accepted.sort()).toEqual(
      range(25)
        .map((index) => `task-${index}`)
        .sort(),
    );
    expect(sqsMock).toHaveReceivedNthCommandWith(SendMessageBatchCommand, 1, { QueueUrl: QUEUE_URL });
  });

  it('makes no call for no messages', async () => {
    await sendMessagesAll(sqs, QUEUE_URL, []);
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 0);
  });

  it('splits by size: three 100 KiB messages need two batches', async () => {
    flakyQueue();
    await sendMessagesAll(
      sqs,
      QUEUE_URL,
      messages(3, (index) => `${index}`.padEnd(100 * KIB, 'x')),
    );

    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 2);
    expect(sentBatches().map((batch) => batch.length)).toEqual([2, 1]);
  });

  it('counts body bytes in UTF-8 and message attributes against the batch budget', async () => {
    flakyQueue();
    // 65,536 two-byte characters: 128 KiB on the wire though only 64 Ki characters long.
    const wide = 'é'.repeat(64 * KIB);
    const withAttribute: OutgoingMessage = {
      body: wide,
      attributes: { producer: { DataType: 'String', StringValue: 'coop-1' } },
    };
    expect(messageSize(withAttribute)).toBe(
      128 * KIB + 'producer'.length + 'String'.length + 'coop-1'.length,
    );

    // Two bare ones fit exactly in 256 KiB; with an attribute on one, they no longer do.
    await sendMessagesAll(sqs, QUEUE_URL, [{ body: wide }, { body: wide }]);
    await sendMessagesAll(sqs, QUEUE_URL, [{ body: wide }, withAttribute]);
    expect(sentBatches().map((batch) => batch.length)).toEqual([2, 1, 1]);
  });

  it('refuses a single message over 256 KiB before sending anything', async () => {
    flakyQueue();
    const oversize = [...messages(3), { id: 'big', body: 'x'.repeat(SEND_BATCH_MAX_BYTES + 1) }];
    const failure = await sendMessagesAll(sqs, QUEUE_URL, oversize).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MessageTooLargeError);
    if (!(failure instanceof MessageTooLargeError)) return;
    expect(failure).toMatchObject({ id: 'big', index: 3, bytes: SEND_BATCH_MAX_BYTES + 1 });
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 0);

    await sendMessagesAll(sqs, QUEUE_URL, [{ body: 'x'.repeat(SEND_BATCH_MAX_BYTES) }]);
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
  });

  it('resends only the Failed entries, with backoff, ahead of fresh ones', async () => {
    const accepted = flakyQueue({ m3: transient(1), m7: transient(1) });
    const backoff = fastBackoff();
    await sendMessagesAll(sqs, QUEUE_URL, messages(12), backoff);

    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 2);
    expect(sentBatches()[1]?.map((entry) => entry.Id)).toEqual(['m3', 'm7', 'm10', 'm11']);
    expect(backoff.sleep.mock.calls).toEqual([[50]]);
    expect(accepted.sort()).toEqual(
      range(12)
        .map((index) => `task-${index}`)
        .sort(),
    );
  });

  it('resends throttled entries even though SQS marks them as the sender fault', async () => {
    const accepted = flakyQueue({ m0: { times: 2, code: 'RequestThrottled', senderFault: true } });
    await sendMessagesAll(sqs, QUEUE_URL, messages(2), fastBackoff());

    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 3);
    expect(accepted.sort()).toEqual(['task-0', 'task-1']);
  });

  it('resends an entry reported neither successful nor failed', async () => {
    const accepted = flakyQueue({}, { forget: 'm1' });
    await sendMessagesAll(sqs, QUEUE_URL, messages(3), fastBackoff());

    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 2);
    expect(sentBatches()[1]?.map((entry) => entry.Id)).toEqual(['m1']);
    expect(accepted.sort()).toEqual(['task-0', 'task-1', 'task-2']);
  });

  it('sends the rest, then throws MessagesRejectedError for permanent sender faults', async () => {
    const accepted = flakyQueue({ m2: { times: 1, code: 'InvalidParameterValue', senderFault: true } });
    const failure = await sendMessagesAll(sqs, QUEUE_URL, messages(15), fastBackoff()).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(MessagesRejectedError);
    if (!(failure instanceof MessagesRejectedError)) return;
    expect(failure.failures).toEqual([
      { id: 'm2', code: 'InvalidParameterValue', senderFault: true, message: 'nope' },
    ]);
    expect(failure.unsent).toEqual([{ body: 'task-2' }]);
    // Not retried: two calls for fifteen messages, m2 in the first only.
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 2);
    expect(sentBatches()[1]?.map((entry) => entry.Id)).not.toContain('m2');
    expect(accepted).toHaveLength(14);
  });

  it('throws RetriesExhaustedError with every message not queued when attempts run out', async () => {
    flakyQueue({ m0: transient(Number.POSITIVE_INFINITY) });
    const failure = await sendMessagesAll(
      sqs,
      QUEUE_URL,
      messages(25),
      fastBackoff({ maxAttempts: 1 }),
    ).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RetriesExhaustedError);
    if (!(failure instanceof RetriesExhaustedError)) return;
    expect(failure.unsent.map((message) => message.body)).toEqual([
      'task-0',
      ...range(15).map((index) => `task-${index + 10}`),
    ]);
    expect(failure.failures).toEqual([
      { id: 'm0', code: 'InternalError', senderFault: false, message: 'nope' },
    ]);
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 1);
  });

  it("uses the caller's ids as entry ids, and generates ones that cannot collide with them", async () => {
    flakyQueue();
    await sendMessagesAll(sqs, QUEUE_URL, [
      { id: 'm1', body: 'a' },
      { body: 'b' },
      { id: 'sku_42-tmall', body: 'c' },
    ]);
    expect(sentBatches()[0]?.map((entry) => entry.Id)).toEqual(['m1', '_m1', 'sku_42-tmall']);
  });

  it('refuses invalid or duplicate ids before sending anything', async () => {
    flakyQueue();
    await expect(sendMessagesAll(sqs, QUEUE_URL, [{ id: 'has space', body: 'a' }])).rejects.toThrow(
      InvalidEntryIdError,
    );
    await expect(sendMessagesAll(sqs, QUEUE_URL, [{ id: 'x'.repeat(81), body: 'a' }])).rejects.toThrow(
      InvalidEntryIdError,
    );
    const duplicate = await sendMessagesAll(sqs, QUEUE_URL, [
      { id: 'same', body: 'a' },
      { id: 'same', body: 'b' },
    ]).catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(InvalidEntryIdError);
    expect(duplicate).toMatchObject({ ids: ['same'] });
    expect(sqsMock).toHaveReceivedCommandTimes(SendMessageBatchCommand, 0);
  });

  it('passes message attributes through', async () => {
    flakyQueue();
    const attributes = { channel: { DataType: 'String', StringValue: 'freshippo' } };
    await sendMessagesAll(sqs, QUEUE_URL, [{ body: 'a', attributes }]);
    expect(sqsMock).toHaveReceivedCommandWith(SendMessageBatchCommand, {
      Entries: [{ Id: 'm0', MessageBody: 'a', MessageAttributes: attributes }],
    });
  });
});
