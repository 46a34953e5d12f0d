import { setTimeout as delay } from 'node:timers/promises';
import type { BlobReader } from '../core/sync/ports.ts';
import { DEFAULT_SDK_MAX_ATTEMPTS } from './aws-client-factory.ts';
import { fullJitterDelay } from './retry.ts';

/** What the reader needs of S3UrlSigner: a presigned GET of one key. */
export interface DownloadUrlSigner {
  downloadUrl(key: string, options: { expiresInSeconds: number }): Promise<string>;
}

export interface S3SignedReaderOptions {
  /** Attempts per object, the first included (the SDK clients' default). */
  maxAttempts?: number;
  /** Per attempt, the body included: as long as the S3 client's, a report is up to tens of MB. */
  requestTimeoutMs?: number;
  /** Ceiling of the first retry's delay, doubled on each further one (full jitter). */
  baseDelayMs?: number;
  /** Tests: a fetch of their own, a sleep that does not wait, a fixed jitter. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** An S3 answer other than the object or "no such key": its HTTP status and S3's error code. */
export class S3ReadError extends Error {
  constructor(
    readonly key: string,
    readonly status: number,
    readonly s3Code: string | null,
  ) {
    super(`S3 GetObject of ${key} answered ${status}${s3Code ? ` ${s3Code}` : ''}`);
    this.name = 'S3ReadError';
  }
}

/** Statuses the SDK's standard retry mode retries: throttling and the server's transient failures. */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
/** S3 error bodies are a few hundred bytes of XML; more is not an error document. */
const ERROR_BODY_MAX_CHARS = 4_096;
/** An API answer has 29 s in all (API Gateway): no single wait between attempts is longer than this. */
const RETRY_DELAY_MAX_MS = 2_000;
/** A URL signed per attempt lives just long enough for that attempt. */
const URL_LIFETIME_SECONDS = 300;

/**
 * Whole objects read with a presigned GET and fetch, for the status API, whose one S3 call is
 * reading a stored report: it then bundles no @aws-sdk/client-s3 (its URL signing is SigV4 over
 * the DynamoDB client's credentials, S3UrlSigner). It keeps what the SDK client gave that call:
 * retries of throttling, 5xx and network failures with jittered backoff, a timeout per attempt,
 * "no such key" as null (a 403 stays an error: it would hide a missing permission), and X-Ray
 * subsegments, which Powertools Tracer records for fetch as for the SDK.
 */
export class S3SignedReader implements BlobReader {
  private readonly fetch: typeof fetch;
  private readonly maxAttempts: number;
  private readonly requestTimeoutMs: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly signer: DownloadUrlSigner,
    options: S3SignedReaderOptions = {},
  ) {
    this.fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.maxAttempts = options.maxAttempts ?? DEFAULT_SDK_MAX_ATTEMPTS;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.baseDelayMs = options.baseDelayMs ?? 100;
    this.sleep = options.sleep ?? ((ms) => delay(ms));
    this.random = options.random ?? Math.random;
  }

  async get(key: string): Promise<Uint8Array | null> {
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.attempt(key);
      if (outcome.kind === 'done') return outcome.bytes;
      if (outcome.kind === 'final' || attempt >= this.maxAttempts) throw outcome.error;
      await this.sleep(fullJitterDelay(attempt - 1, this.baseDelayMs, RETRY_DELAY_MAX_MS, this.random));
    }
  }

  /** One signed GET: the bytes, null for no such key, or an error that may be retried. */
  private async attempt(
    key: string,
  ): Promise<{ kind: 'done'; bytes: Uint8Array | null } | { kind: 'retry' | 'final'; error: unknown }> {
    // Signed before the request: a bad key is refused here, never retried.
    const url = await this.signer.downloadUrl(key, { expiresInSeconds: URL_LIFETIME_SECONDS });
    try {
      const response = await this.fetch(url, { signal: AbortSignal.timeout(this.requestTimeoutMs) });
      if (response.ok) return { kind: 'done', bytes: new Uint8Array(await response.arrayBuffer()) };
      const body = (await response.text()).slice(0, ERROR_BODY_MAX_CHARS);
      if (response.status === 404) return { kind: 'done', bytes: null };
      const s3Code = /<Code>([^<]{1,100})<\/Code>/.exec(body)?.[1] ?? null;
      const error = new S3ReadError(key, response.status, s3Code);
      const retryable = RETRYABLE_STATUSES.has(response.status) || s3Code === 'RequestTimeout';
      return { kind: retryable ? 'retry' : 'final', error };
    } catch (error) {
      // A refused connection, a reset, a timed-out attempt (the body's reading included).
      return { kind: 'retry', error };
    }
  }
}
