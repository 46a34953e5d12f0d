import * as z from 'zod';
import { syncQueue } from './adapters/resource-definitions.ts';
import {
  DEFAULT_GOOGLE_MERCHANT_TARGETS_TEXT,
  parseGoogleMerchantTargets,
} from './core/channels/google-merchant/targets.ts';

/** "DE:EUR:en,FR:EUR:fr,US:USD:en": google-merchant's countries of sale, their currency and language. */
const googleMerchantTargets = z
  .string()
  .default(DEFAULT_GOOGLE_MERCHANT_TARGETS_TEXT)
  .transform((value, ctx) => {
    const parsed = parseGoogleMerchantTargets(value);
    if (parsed.ok) return parsed.targets;
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  });

const channelList = z
  .string()
  .default('tmall-global,freshippo')
  .transform((value) =>
    value
      .split(',')
      .map((channel) => channel.trim())
      .filter(Boolean),
  );

const environmentSchema = z
  .object({
    TABLE_NAME: z.string().min(1),
    SYNC_QUEUE_URL: z.string().url(),
    /** S3 bucket on AWS; a folder in the embedded default. Exactly one is set. */
    BUCKET_NAME: z.string().min(1).optional(),
    LOCAL_OBJECT_DIR: z.string().min(1).optional(),
    CHANNELS: channelList,
    GOOGLE_MERCHANT_TARGETS: googleMerchantTargets,
    STALE_AFTER_SECONDS: z.coerce.number().int().positive().default(900),
    /** Times the scheduled sync queues one item again before it parks it (FAILED, out of the index). */
    MAX_REQUEUES: z.coerce.number().int().positive().default(5),
    MAX_RECEIVE_COUNT: z.coerce
      .number()
      .int()
      .positive()
      .default(syncQueue.deadLetterQueue?.maxReceiveCount ?? 5),
    /** How long an upload waits for another upload of the same producer before answering 409. */
    INGEST_MAX_WAIT_MS: z.coerce.number().int().nonnegative().default(10_000),
    FX_RATES_PARAMETER: z.string().min(1).optional(),
    /** The largest object the upload route takes and the async ingest reads (200 MB by default). */
    UPLOAD_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(200 * 1024 * 1024),
    /** Embedded stack only: the serve's address, for the signed local upload and report URLs. */
    LOCAL_URL_BASE: z.string().url().optional(),
    /** Embedded stack only: the data dir's secret file that signs those URLs... */
    LOCAL_URL_SECRET_FILE: z.string().min(1).optional(),
    /** ...or the secret itself (base64url), for a stack without a data dir. */
    LOCAL_URL_SECRET: z.string().min(1).optional(),
    /**
     * Embedded stack only ("true"): a source may be fetched from loopback and private addresses,
     * and over http from loopback (a producer's file served on the laptop). Never set on AWS.
     */
    SOURCE_ALLOW_PRIVATE_ADDRESSES: z
      .enum(['true', 'false'])
      .default('false')
      .transform((value) => value === 'true'),
    /** The longest one source fetch may take, connection to last byte. */
    SOURCE_FETCH_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
    /** Powertools idempotency store: a schedule event delivered twice runs the sync once. */
    IDEMPOTENCY_TABLE_NAME: z.string().min(1).optional(),
  })
  .refine((env) => Boolean(env.BUCKET_NAME) !== Boolean(env.LOCAL_OBJECT_DIR), {
    message: 'set exactly one of BUCKET_NAME and LOCAL_OBJECT_DIR',
  });

export type FunctionConfig = z.infer<typeof environmentSchema>;

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
