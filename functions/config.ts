import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { syncQueue } from './adapters/resource-definitions.ts';
import {
  DEFAULT_GOOGLE_MERCHANT_TARGETS_TEXT,
  parseGoogleMerchantTargets,
} from './core/channels/google-merchant/targets.ts';

/** "DE:EUR:en,FR:EUR:fr,US:USD:en": google-merchant's countries of sale, their currency and language. */
const googleMerchantTargets = z.pipe(
  z._default(z.string(), DEFAULT_GOOGLE_MERCHANT_TARGETS_TEXT),
  z.transform((value: string, ctx) => {
    const parsed = parseGoogleMerchantTargets(value);
    if (parsed.ok) return parsed.targets;
    ctx.issues.push({ code: 'custom', message: parsed.message, input: value });
    return z.NEVER;
  }),
);

const channelList = z.pipe(
  z._default(z.string(), 'tmall-global,freshippo'),
  z.transform((value: string) =>
    value
      .split(',')
      .map((channel) => channel.trim())
      .filter(Boolean),
  ),
);

/** A whole number read from the environment's text, with the value it takes when unset. */
const wholeNumber = (fallback: number, minimum: 0 | 1 = 1) =>
  z._default(z.coerce.number().check(z.int(), minimum === 1 ? z.positive() : z.nonnegative()), fallback);
const text = () => z.string().check(z.minLength(1));

// zod/mini, not the classic API: it tree-shakes, and every handler's bundle carries this module
// (classic zod is about 100 kB of a bundle even as a namespace import; docs/benchmarks.md, "Bundles").
// The locale is what classic zod sets on import, so the messages are the same English ones.
z.config(en());

const environmentSchema = z
  .object({
    TABLE_NAME: text(),
    SYNC_QUEUE_URL: z.url(),
    /** S3 bucket on AWS; a folder in the embedded default. Exactly one is set. */
    BUCKET_NAME: z.optional(text()),
    LOCAL_OBJECT_DIR: z.optional(text()),
    CHANNELS: channelList,
    GOOGLE_MERCHANT_TARGETS: googleMerchantTargets,
    STALE_AFTER_SECONDS: wholeNumber(900),
    /** Times the scheduled sync queues one item again before it parks it (FAILED, out of the index). */
    MAX_REQUEUES: wholeNumber(5),
    MAX_RECEIVE_COUNT: wholeNumber(syncQueue.deadLetterQueue?.maxReceiveCount ?? 5),
    /** How long an upload waits for another upload of the same producer before answering 409. */
    INGEST_MAX_WAIT_MS: wholeNumber(10_000, 0),
    FX_RATES_PARAMETER: z.optional(text()),
    /** The largest object the upload route takes and the async ingest reads (200 MB by default). */
    UPLOAD_MAX_BYTES: wholeNumber(200 * 1024 * 1024),
    /** Embedded stack only: the serve's address, for the signed local upload and report URLs. */
    LOCAL_URL_BASE: z.optional(z.url()),
    /** Embedded stack only: the data dir's secret file that signs those URLs... */
    LOCAL_URL_SECRET_FILE: z.optional(text()),
    /** ...or the secret itself (base64url), for a stack without a data dir. */
    LOCAL_URL_SECRET: z.optional(text()),
    /**
     * Embedded stack only ("true"): a source may be fetched from loopback and private addresses,
     * and over http from loopback (a producer's file served on the laptop). Never set on AWS.
     */
    SOURCE_ALLOW_PRIVATE_ADDRESSES: z.pipe(
      z._default(z.enum(['true', 'false']), 'false'),
      z.transform((value: 'true' | 'false') => value === 'true'),
    ),
    /** The longest one source fetch may take, connection to last byte. */
    SOURCE_FETCH_TIMEOUT_MS: wholeNumber(120_000),
    /** Powertools idempotency store: a schedule event delivered twice runs the sync once. */
    IDEMPOTENCY_TABLE_NAME: z.optional(text()),
  })
  .check(
    z.refine((env) => Boolean(env.BUCKET_NAME) !== Boolean(env.LOCAL_OBJECT_DIR), {
      message: 'set exactly one of BUCKET_NAME and LOCAL_OBJECT_DIR',
    }),
  );

export type FunctionConfig = z.output<typeof environmentSchema>;

export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

/** Read and checked once, at cold start: a misconfigured function fails loudly before any event. */
export function readConfig(environment: NodeJS.ProcessEnv = process.env): FunctionConfig {
  const parsed = environmentSchema.safeParse(environment);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'env'}: ${issue.message}`);
    throw new ConfigurationError(`invalid function configuration: ${details.join('; ')}`);
  }
  return parsed.data;
}
