import { setTimeout as delay } from 'node:timers/promises';

/**
 * Backoff for the items a batch API call did not process (DynamoDB UnprocessedItems/UnprocessedKeys,
 * SQS SendMessageBatch Failed entries). The SDK's own retry strategy only covers calls that failed as a
 * whole; a 200 response that leaves items behind is ours to retry, here, once for both batch adapters.
 */
export interface BackoffOptions {
  /** Sends per item, the first one included, before giving up on it. Default 8. */
  maxAttempts?: number;
  /** Ceiling of the first retry's delay, doubled on each further retry. Default 50 ms. */
  baseDelayMs?: number;
  /** Cap on the delay ceiling, so a long run of retries does not sleep for minutes. Default 5 s. */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
  /**
   * Stops the drain before its next call once aborted (the function is out of time: on AWS it is
   * about to be killed, and locally nothing may go on after the answer). What was sent stays sent.
   */
  signal?: AbortSignal;
}

/**
 * Sends per item handed back in a successful batch response (UnprocessedItems, Failed entries),
 * the first send included. Not the SDK's DEFAULT_SDK_MAX_ATTEMPTS: that bounds one request that
 * failed as a whole and is retried inside the SDK; this bounds an item across our own calls.
 * Eight sends back off for up to about 6 s in all (50 ms doubling, full jitter), enough to ride out
 * a throttled partition, where a request-level retry has already waited its own backoff.
 */
export const DEFAULT_MAX_SENDS_PER_ITEM = 8;
export const DEFAULT_BASE_DELAY_MS = 50;
export const DEFAULT_MAX_DELAY_MS = 5_000;

const defaultSleep = (ms: number): Promise<void> => delay(ms);

/**
 * Full jitter (random between 0 and the exponential ceiling): callers throttled together spread out
 * instead of retrying in lockstep, which is what keeps a hot partition hot.
 */
export function fullJitterDelay(
  retry: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

export interface BatchDrainSpec<T> {
  /** The API's per-call entry limit (25 for BatchWriteItem, 100 for BatchGetItem, 10 for SQS). */
  maxBatchSize: number;
  /** A further packing rule, such as a byte budget. Must accept any single item into an empty batch. */
  fits?: (batch: readonly T[], candidate: T) => boolean;
  /** Sends one batch; resolves to the items (from `batch`, by identity) that must be sent again. */
  send: (batch: T[]) => Promise<T[]>;
}

/**
 * Sends every item in batches and resends what each call hands back until nothing is left.
 *
 * Items handed back ride in the next call ahead of fresh ones (topping it up to the limit), after a
 * backoff sleep: retries cost no extra calls while there is fresh work to fill them, and the backoff
 * still slows us down while the service is shedding load. An item is given up on after `maxAttempts`
 * sends; the drain then stops and returns everything not confirmed done (that item, the other pending
 * retries and all items never sent) so the caller can fail loudly. An empty result means all done.
 */
export async function drainInBatches<T>(
  items: readonly T[],
  spec: BatchDrainSpec<T>,
  options: BackoffOptions = {},
): Promise<T[]> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_MAX_SENDS_PER_ITEM);
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const fits = spec.fits ?? (() => true);

  const attempts = new Map<T, number>();
  let pendingRetries: T[] = [];
  let next = 0;
  // Calls in a row that handed items back: the exponent of the next backoff.
  let strikes = 0;

  while (pendingRetries.length > 0 || next < items.length) {
    options.signal?.throwIfAborted();
    if (strikes > 0) await sleep(fullJitterDelay(strikes - 1, baseDelayMs, maxDelayMs, random));
    options.signal?.throwIfAborted();

    const batch: T[] = [];
    const canTake = (candidate: T): boolean =>
      batch.length === 0 || (batch.length < spec.maxBatchSize && fits(batch, candidate));
    const waiting: T[] = [];
    for (const item of pendingRetries) {
      if (canTake(item)) batch.push(item);
      else waiting.push(item);
    }
    while (next < items.length) {
      const candidate = items[next] as T;
      if (!canTake(candidate)) break;
      batch.push(candidate);
      next += 1;
    }

    for (const item of batch) attempts.set(item, (attempts.get(item) ?? 0) + 1);
    const handedBack = await spec.send(batch);

    pendingRetries = [...handedBack, ...waiting];
    if (handedBack.some((item) => (attempts.get(item) ?? 0) >= maxAttempts)) {
      return [...pendingRetries, ...items.slice(next)];
    }
    strikes = handedBack.length > 0 ? strikes + 1 : 0;
  }
  return [];
}
