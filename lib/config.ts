import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as z from 'zod';
import { syncEventSource, syncQueue } from '../functions/adapters/resource-definitions.ts';
import { CHANNEL_TAKES } from '../functions/core/channels/channel-kinds.ts';
import {
  DEFAULT_GOOGLE_MERCHANT_TARGETS,
  type GoogleMerchantTarget,
  parseGoogleMerchantTargets,
} from '../functions/core/channels/google-merchant/targets.ts';

/**
 * Deployment settings, read from CDK context (`cdk.json` "context", or `-c key=value` on the command
 * line). Values given with `-c` arrive as strings, so numbers are coerced; everything is checked at
 * synth time so a typo fails `cdk synth`, not the first cold start. docs/deploy.md lists every key.
 */

const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

// CloudWatch Logs accepts only these retention periods; RetentionDays is a numeric enum of exactly them.
const RETENTION_DAYS = new Set<number>(
  Object.values(RetentionDays).filter((value): value is number => typeof value === 'number'),
);

const defaultMaxReceiveCount = syncQueue.deadLetterQueue?.maxReceiveCount ?? 5;

const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const channelList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((id) => id.trim()))
  .pipe(
    z
      .array(
        z
          .string()
          .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'channel ids are kebab-case, e.g. tmall-global')
          // Checked here, not first at a cold start: a channel every function would refuse fails synth.
          .refine((id) => id in CHANNEL_TAKES, {
            message: `a channel feedbridge has: ${Object.keys(CHANNEL_TAKES).join(', ')}`,
          }),
      )
      .min(1, 'at least one channel'),
  );

/**
 * google-merchant's countries of sale: "DE:EUR:en,US:USD:en" (as `-c`), or a list of such strings,
 * or of { country, currency, language } objects (in cdk.json). Checked by the same parser the
 * functions use, so synth fails where a cold start would.
 */
const googleMerchantTargets = z
  .union([
    z.string(),
    z.array(
      z.union([z.string(), z.object({ country: z.string(), currency: z.string(), language: z.string() })]),
    ),
  ])
  .transform((value, context): readonly GoogleMerchantTarget[] => {
    const text = Array.isArray(value)
      ? value
          .map((entry) =>
            typeof entry === 'string' ? entry : `${entry.country}:${entry.currency}:${entry.language}`,
          )
          .join(',')
      : value;
    const parsed = parseGoogleMerchantTargets(text);
    if (parsed.ok) return parsed.targets;
    context.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  });

const optionalEmail = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .pipe(z.email().optional())
  .optional();

export const deploymentConfigSchema = z
  .object({
    /** EventBridge Scheduler rate for scheduled-sync. */
    scheduleRate: z
      .string()
      .regex(
        /^rate\(\d+ (minute|minutes|hour|hours|day|days)\)$/,
        'a Scheduler rate expression, e.g. rate(15 minutes)',
      )
      .default('rate(15 minutes)'),
    /** The channels every function publishes to (CHANNELS). */
    channels: channelList.default(['tmall-global', 'freshippo']),
    /** google-merchant's targets (GOOGLE_MERCHANT_TARGETS), used when channels include google-merchant. */
    googleMerchantTargets: googleMerchantTargets.default(DEFAULT_GOOGLE_MERCHANT_TARGETS),
    /** SSM parameter holding config/fx-rates.json (FX_RATES_PARAMETER). */
    fxRatesParameterName: z
      .string()
      .regex(/^\/[A-Za-z0-9_.\-/]+$/, 'an absolute SSM parameter path, e.g. /feedbridge/fx-rates')
      .default('/feedbridge/fx-rates'),
    /** Subscribed to the alarm topic when set. */
    alarmEmail: optionalEmail,
    workerBatchSize: integer(1, 10_000).default(syncEventSource.batchSize),
    workerMaxBatchingWindowSeconds: integer(0, 300).default(syncEventSource.maxBatchingWindowSeconds),
    workerMaxConcurrency: integer(2, 1_000).default(syncEventSource.maxConcurrency),
    /** Receives before a sync task goes to the DLQ; also the worker's MAX_RECEIVE_COUNT. */
    maxReceiveCount: integer(1, 1_000).default(defaultMaxReceiveCount),
    /** Scheduled sync re-queues PENDING/FAILED items older than this (STALE_AFTER_SECONDS). */
    staleAfterSeconds: integer(60, 7 * 24 * 3600).default(900),
    /** Re-queues of one stuck item before the scheduled sync parks it (MAX_REQUEUES). */
    maxRequeues: integer(1, 100).default(5),
    /** Alarm when the oldest sync message is older than this. */
    queueAgeAlarmSeconds: integer(60, 14 * 24 * 3600).default(600),
    logLevel: z.enum(LOG_LEVELS).default('INFO'),
    logRetentionDays: z.coerce
      .number()
      .int()
      .refine(
        (days) => RETENTION_DAYS.has(days),
        'one of the CloudWatch Logs retention periods (1, 3, 5, 7, 14, 30, ...)',
      )
      // Checked against the enum's own values just above.
      .transform((days) => days as RetentionDays)
      .default(RetentionDays.ONE_MONTH),
    apiThrottleRateLimit: integer(1, 10_000).default(50),
    apiThrottleBurstLimit: integer(1, 5_000).default(100),
    /** SDK attempts per call (AWS_MAX_ATTEMPTS); functions/adapters/aws-clients.ts defaults to 5 too. */
    awsMaxAttempts: integer(1, 10).default(5),
    /**
     * Origins a browser may PUT an upload from (the portal's, e.g. https://d1234.cloudfront.net):
     * the bucket's CORS rule. The presigned URL is what authorises a PUT; CORS only lets the
     * portal's page see the answer. '*' until the portal's origin is set.
     */
    uploadCorsOrigins: z
      .union([
        z.array(z.string().min(1)),
        z
          .string()
          .min(1)
          .transform((value) =>
            value
              .split(',')
              .map((origin) => origin.trim())
              .filter(Boolean),
          ),
      ])
      .default(['*']),
    /** Raw uploads (uploads/) expire after this many days; the products and reports read from them stay. */
    uploadRetentionDays: integer(1, 3650).default(30),
    /** The largest upload the upload route signs and the async ingest reads (UPLOAD_MAX_BYTES). */
    uploadMaxBytes: integer(1, 5 * 1024 * 1024 * 1024).default(200 * 1024 * 1024),
    /**
     * Prefix of the portal's Cognito managed-login domain (`<prefix>.auth.<region>.amazoncognito.com`),
     * unique in the region across every AWS account. Unset: `feedbridge-<account id>` (the stateless
     * stack derives it), so a second deployment in the same account and region must set its own.
     */
    cognitoDomainPrefix: z
      .string()
      .regex(
        /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
        'lowercase letters, digits and hyphens, 1 to 63 characters, not starting or ending with a hyphen',
      )
      // Cognito refuses prefixes naming AWS or itself.
      .refine((prefix) => !/aws|amazon|cognito/.test(prefix), 'must not contain aws, amazon or cognito')
      .optional(),
    serviceName: z.string().min(1).default('feedbridge'),
    metricsNamespace: z.string().min(1).default('Feedbridge'),
  })
  .superRefine((config, context) => {
    // Lambda rejects SQS batches above 10 without a batching window.
    if (config.workerBatchSize > 10 && config.workerMaxBatchingWindowSeconds < 1) {
      context.addIssue({
        code: 'custom',
        path: ['workerMaxBatchingWindowSeconds'],
        message: 'must be at least 1 when workerBatchSize is above 10',
      });
    }
  });

export type DeploymentConfig = z.output<typeof deploymentConfigSchema>;

/**
 * The keys looked up. Context is a lookup, not an object to parse: it also holds the feature flags
 * and the CLI's own keys, so only these are read.
 */
export const DEPLOYMENT_CONTEXT_KEYS = Object.keys(deploymentConfigSchema.shape) as readonly string[];

export class DeploymentConfigError extends Error {
  override readonly name = 'DeploymentConfigError';
}

/** `tryGetContext` of the app's node, or any lookup (tests pass a plain object's getter). */
export type ContextLookup = (key: string) => unknown;

export function readDeploymentConfig(lookup: ContextLookup): DeploymentConfig {
  const raw: Record<string, unknown> = {};
  for (const key of DEPLOYMENT_CONTEXT_KEYS) {
    const value = lookup(key);
    if (value !== undefined && value !== null) raw[key] = value;
  }
  const parsed = deploymentConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'context'}: ${issue.message}`,
    );
    throw new DeploymentConfigError(`invalid CDK context: ${details.join('; ')}`);
  }
  return parsed.data;
}
