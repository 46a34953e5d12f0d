import {
  type MessageAttributeValue,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { SQS_MESSAGE_MAX_BYTES } from '../core/service-limits.ts';
import { type BackoffOptions, DEFAULT_MAX_SENDS_PER_ITEM, drainInBatches } from './retry.ts';

/**
 * SendMessageBatch limits: 10 entries, and our message size summed over the batch's messages
 * (SQS allows a 1 MiB batch now; a 256 KiB one is valid under the old rule and the new alike).
 */
export const SEND_BATCH_MAX_ENTRIES = 10;
export const SEND_BATCH_MAX_BYTES = SQS_MESSAGE_MAX_BYTES;

const ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;

export interface OutgoingMessage {
  /** Becomes the batch entry id (and names the message in errors); generated when omitted. */
  id?: string;
  body: string;
  attributes?: Record<string, MessageAttributeValue>;
}

export type SendMessagesOptions = BackoffOptions;

export interface EntryFailure {
  id: string;
  code: string;
  message?: string;
  senderFault: boolean;
}

/** Thrown before anything is sent: one message alone exceeds what SQS accepts. */
export class MessageTooLargeError extends Error {
  override readonly name = 'MessageTooLargeError';
  constructor(
    /** Position in the input. */
    readonly index: number,
    readonly id: string,
    readonly bytes: number,
    readonly limit: number,
  ) {
    super(`message ${id} (#${index}) is ${bytes} bytes (body and attributes), over the ${limit}-byte limit`);
  }
}

/** Thrown before anything is sent: ids that SQS would refuse, or that would make failures ambiguous. */
export class InvalidEntryIdError extends Error {
  override readonly name = 'InvalidEntryIdError';
  constructor(readonly ids: string[]) {
    super(`message ids must be unique and match ${ENTRY_ID.source}: ${ids.join(', ')}`);
  }
}

/** Base of the errors thrown after sending started: `unsent` is every message not known to be queued. */
export class SendMessagesError extends Error {
  constructor(
    message: string,
    readonly unsent: OutgoingMessage[],
    readonly failures: EntryFailure[],
  ) {
    super(message);
  }
}

/** SQS refused some messages for a reason resending cannot fix (the sender's fault). */
export class MessagesRejectedError extends SendMessagesError {
  override readonly name = 'MessagesRejectedError';
}

/** Some messages still failed transiently after the last attempt. */
export class RetriesExhaustedError extends SendMessagesError {
  override readonly name = 'RetriesExhaustedError';
}

/**
 * Sender-fault codes that are about load, not about the message: worth resending. Everything else with
 * SenderFault set (bad attribute, invalid characters, too long) fails the same way every time.
 */
const RETRYABLE_SENDER_CODES = new Set([
  'RequestThrottled',
  'ThrottlingException',
  'Throttling',
  'KmsThrottled',
  'KMS.ThrottlingException',
]);

function isRetryable(failure: EntryFailure): boolean {
  return !failure.senderFault || RETRYABLE_SENDER_CODES.has(failure.code);
}

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The size SQS counts against its limits: body plus each attribute's name, type and value. */
export function messageSize(message: OutgoingMessage): number {
  let bytes = utf8Bytes(message.body);
  for (const [name, attribute] of Object.entries(message.attributes ?? {})) {
    bytes += utf8Bytes(name) + utf8Bytes(attribute.DataType ?? '');
    if (attribute.StringValue !== undefined) bytes += utf8Bytes(attribute.StringValue);
    if (attribute.BinaryValue !== undefined) bytes += attribute.BinaryValue.byteLength;
  }
  return bytes;
}

interface Pending {
  readonly entryId: string;
  readonly bytes: number;
  readonly message: OutgoingMessage;
}

function assignEntryIds(messages: readonly OutgoingMessage[]): Pending[] {
  const given = new Set<string>();
  const invalid: string[] = [];
  for (const message of messages) {
    if (message.id === undefined) continue;
    if (!ENTRY_ID.test(message.id) || given.has(message.id)) invalid.push(message.id);
    given.add(message.id);
  }
  if (invalid.length > 0) throw new InvalidEntryIdError(invalid);

  return messages.map((message, index) => {
    let entryId = message.id;
    if (entryId === undefined) {
      // The input position is unique; the prefix only moves it clear of ids the caller chose.
      entryId = `m${index}`;
      while (given.has(entryId)) entryId = `_${entryId}`;
      given.add(entryId);
    }
    const bytes = messageSize(message);
    if (bytes > SEND_BATCH_MAX_BYTES)
      throw new MessageTooLargeError(index, entryId, bytes, SEND_BATCH_MAX_BYTES);
    return { entryId, bytes, message };
  });
}

function toEntry({ entryId, message }: Pending): SendMessageBatchRequestEntry {
  return {
    Id: entryId,
    MessageBody: message.body,
    ...(message.attributes ? { MessageAttributes: message.attributes } : {}),
  };
}

/**
 * Queues every message with SendMessageBatch: at most 10 entries and 256 KiB per call, Failed entries
 * (and only those) resent with backoff. Everything is checked before the first call (sizes, ids), so a
 * bad input sends nothing. A permanent per-entry failure does not stop the rest from being sent; it
 * is reported at the end as MessagesRejectedError. Nothing is dropped silently: what could not be
 * queued is in the thrown error's `unsent`.
 */
export async function sendMessagesAll(
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly OutgoingMessage[],
  options: SendMessagesOptions = {},
): Promise<void> {
  const pending = assignEntryIds(messages);
  if (pending.length === 0) return;

  const rejected: Pending[] = [];
  const failures = new Map<string, EntryFailure>();

  const leftovers = await drainInBatches<Pending>(
    pending,
    {
      maxBatchSize: SEND_BATCH_MAX_ENTRIES,
      fits: (batch, candidate) =>
        batch.reduce((sum, entry) => sum + entry.bytes, candidate.bytes) <= SEND_BATCH_MAX_BYTES,
      send: async (batch) => {
        const result = await sqs.send(
          new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch.map(toEntry) }),
        );
        const succeeded = new Set((result.Successful ?? []).map((entry) => entry.Id));
        const failedById = new Map((result.Failed ?? []).map((entry) => [entry.Id, entry]));
        const retry: Pending[] = [];
        for (const entry of batch) {
          if (succeeded.has(entry.entryId)) {
            failures.delete(entry.entryId);
            continue;
          }
          const reported = failedById.get(entry.entryId);
          // An entry in neither list was not confirmed queued: resend rather than assume.
          const failure: EntryFailure = {
            id: entry.entryId,
            code: reported?.Code ?? 'NotConfirmed',
            senderFault: reported?.SenderFault ?? false,
            ...(reported?.Message ? { message: reported.Message } : {}),
          };
          failures.set(entry.entryId, failure);
          if (isRetryable(failure)) retry.push(entry);
          else rejected.push(entry);
        }
        return retry;
      },
    },
    options,
  );

  const failuresOf = (entries: readonly Pending[]): EntryFailure[] =>
    entries.flatMap((entry) => failures.get(entry.entryId) ?? []);
  if (leftovers.length > 0) {
    const unsent = [...rejected, ...leftovers];
    throw new RetriesExhaustedError(
      `${unsent.length} message(s) not queued to ${queueUrl}: retries exhausted after ${options.maxAttempts ?? DEFAULT_MAX_SENDS_PER_ITEM} attempt(s)`,
      unsent.map((entry) => entry.message),
      failuresOf(unsent),
    );
  }
  if (rejected.length > 0) {
    const rejectedFailures = failuresOf(rejected);
    throw new MessagesRejectedError(
      `${rejected.length} message(s) rejected by ${queueUrl}: ${rejectedFailures.map((f) => `${f.id} ${f.code}`).join(', ')}`,
      rejected.map((entry) => entry.message),
      rejectedFailures,
    );
  }
}
