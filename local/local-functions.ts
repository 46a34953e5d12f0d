import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
  SQSBatchResponse,
  SQSEvent,
} from 'aws-lambda';
import { renderScheduledSyncInput } from '../functions/adapters/resource-definitions.ts';
import type { UploadIngestOutcome } from '../functions/core/sync/ingest-upload.ts';
import { DEFAULT_UPLOAD_MAX_BYTES } from '../functions/core/sync/upload-ticket.ts';
import type { S3ObjectCreatedEvent } from '../functions/ingest-upload.ts';
import type { ScheduledPullAnswer } from '../functions/scheduled-pull.ts';
import type { ScheduledSyncAnswer } from '../functions/scheduled-sync.ts';
import { DEV_AUTH_SECRET_FILE, loadOrCreateSecret } from './dev-auth.ts';
import type { EmbeddedStack } from './embedded-stack.ts';
import { type LocalObjectEndpoints, localObjectEndpoints } from './local-object-endpoints.ts';

export interface LocalFunctions {
  ingestCatalogue(
    event: APIGatewayProxyEventV2WithJWTAuthorizer,
    context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2>;
  syncStatus(
    event: APIGatewayProxyEventV2WithJWTAuthorizer,
    context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2>;
  syncWorker(event: SQSEvent, context: Context): Promise<SQSBatchResponse>;
  createUpload(
    event: APIGatewayProxyEventV2WithJWTAuthorizer,
    context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2>;
  producerProfile(
    event: APIGatewayProxyEventV2WithJWTAuthorizer,
    context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2>;
  producerFeeds(
    event: APIGatewayProxyEventV2WithJWTAuthorizer,
    context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2>;
  sourcePull(
    event: APIGatewayProxyEventV2WithJWTAuthorizer,
    context: Context,
  ): Promise<APIGatewayProxyStructuredResultV2>;
  /** The scheduled pull of due sources, as EventBridge Scheduler invokes it. */
  scheduledPull(context: Context): Promise<ScheduledPullAnswer>;
  /** The async ingest, as EventBridge invokes it with S3's "Object Created" event. */
  ingestUpload(event: S3ObjectCreatedEvent, context: Context): Promise<UploadIngestOutcome>;
  /**
   * Runs with exactly the input EventBridge Scheduler would send for `scheduledTime`. Without one,
   * each call is the next tick of a local schedule: a scheduled time (whole seconds) of its own,
   * never one an earlier call used; passing an earlier call's time replays that tick.
   */
  scheduledSync(context: Context, scheduledTime?: Date): Promise<ScheduledSyncAnswer>;
}

/** The deployed HTTP API's routes and the handler behind each, as the local HTTP API serves them. */
export function localApiRoutes(functions: LocalFunctions) {
  return [
    {
      routeKey: 'POST /producers/{producerId}/catalogues',
      handler: functions.ingestCatalogue,
      functionName: 'ingest-catalogue',
    },
    {
      routeKey: 'POST /producers/{producerId}/catalogues/{catalogueId}/reads',
      handler: functions.ingestCatalogue,
      functionName: 'ingest-catalogue',
    },
    {
      routeKey: 'GET /producers/{producerId}/catalogues/{catalogueId}',
      handler: functions.syncStatus,
      functionName: 'sync-status',
    },
    {
      routeKey: 'GET /producers/{producerId}/catalogues',
      handler: functions.syncStatus,
      functionName: 'sync-status',
    },
    {
      routeKey: 'GET /producers/{producerId}/catalogues/{catalogueId}/findings',
      handler: functions.syncStatus,
      functionName: 'sync-status',
    },
    {
      routeKey: 'POST /producers/{producerId}/uploads',
      handler: functions.createUpload,
      functionName: 'create-upload',
    },
    {
      routeKey: 'GET /producers/{producerId}/sync-status',
      handler: functions.syncStatus,
      functionName: 'sync-status',
    },
    {
      routeKey: 'GET /producers/{producerId}/profile',
      handler: functions.producerProfile,
      functionName: 'producer-profile',
    },
    {
      routeKey: 'PUT /producers/{producerId}/profile',
      handler: functions.producerProfile,
      functionName: 'producer-profile',
    },
    {
      routeKey: 'POST /producers/{producerId}/pulls',
      handler: functions.sourcePull,
      functionName: 'source-pull',
    },
    {
      routeKey: 'GET /producers/{producerId}/feeds',
      handler: functions.producerFeeds,
      functionName: 'producer-feeds',
    },
    {
      routeKey: 'GET /producers/{producerId}/feeds/{channel}',
      handler: functions.producerFeeds,
      functionName: 'producer-feeds',
    },
    {
      routeKey: 'GET /producers/{producerId}/channels/{channel}/items/{sku}',
      handler: functions.producerFeeds,
      functionName: 'producer-feeds',
    },
    {
      routeKey: 'GET /producers/{producerId}/channels/{channel}/items',
      handler: functions.producerFeeds,
      functionName: 'producer-feeds',
    },
  ];
}

/**
 * The channels `npm start` and `serve` publish to unless CHANNELS says otherwise: the two Alibaba
 * product channels and fliggy, so a tour operator's catalogue in samples/ syncs like any other
 * (products never reach fliggy, tours never reach the product channels).
 */
export const LOCAL_DEFAULT_CHANNELS = ['tmall-global', 'freshippo', 'fliggy'] as const;

export function localChannels(environment: NodeJS.ProcessEnv = process.env): string[] {
  const named = (environment.CHANNELS ?? '')
    .split(',')
    .map((channel) => channel.trim())
    .filter(Boolean);
  return named.length > 0 ? named : [...LOCAL_DEFAULT_CHANNELS];
}

export interface LocalFunctionOptions {
  staleAfterSeconds?: number;
  logLevel?: string;
  extraEnv?: Record<string, string>;
  /**
   * Where the secret that signs local upload URLs is kept (serve: the data dir, whose dev-auth
   * secret signs its tokens too); default: a random secret for this process, in memory only.
   */
  secretDir?: string;
}

/**
 * The secret that signs this stack's local URLs, as the functions' environment names it: serve's
 * data dir file (its dev-auth secret), or else a random one for this process, kept in the
 * environment only, so nothing is written beside the objects. Null without an object folder.
 */
function urlSecretEnv(stack: EmbeddedStack, options: LocalFunctionOptions): Record<string, string> {
  if (options.secretDir) return { LOCAL_URL_SECRET_FILE: join(options.secretDir, DEV_AUTH_SECRET_FILE) };
  if (!stack.objectDir) return {};
  return { LOCAL_URL_SECRET: process.env.LOCAL_URL_SECRET ?? randomBytes(32).toString('base64url') };
}

/**
 * Loads the same handler modules Lambda runs. They read their configuration once, at import
 * (cold start), so the environment pointing them at the embedded stack is set first; one
 * process hosts one stack.
 */
export async function loadLocalFunctions(
  stack: EmbeddedStack,
  options: LocalFunctionOptions = {},
): Promise<LocalFunctions> {
  if (options.secretDir) await loadOrCreateSecret(options.secretDir);
  Object.assign(process.env, stack.env(), {
    // Without an object folder there is nothing to upload into: the upload route answers 503.
    ...urlSecretEnv(stack, options),
    POWERTOOLS_SERVICE_NAME: 'feedbridge',
    POWERTOOLS_METRICS_NAMESPACE: 'Feedbridge',
    // Locally there is no CloudWatch agent or X-Ray daemon to receive them.
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    // With tracing off, X-Ray's automatic mode still installs an async hook (cls-hooked) on every
    // promise at import: 25% of a 25,000-row upload's wall time here (29-30 s against 37-41 s,
    // docs/benchmarks.md). Manual mode skips the hook; nothing is traced locally either way.
    AWS_XRAY_MANUAL_MODE: 'true',
    POWERTOOLS_LOG_LEVEL: options.logLevel ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    STALE_AFTER_SECONDS: String(options.staleAfterSeconds ?? 60),
    // A producer's file served on this machine may be pulled; link-local and metadata never are.
    SOURCE_ALLOW_PRIVATE_ADDRESSES: 'true',
    // As the deployed pull route: a fetch ends inside the local API's 30 s integration timeout.
    SOURCE_FETCH_TIMEOUT_MS: '15000',
    ...options.extraEnv,
  });
  const [ingest, status, worker, scheduled, createUpload, ingestUpload, profile, feeds, pull, scheduledPull] =
    await Promise.all([
      import('../functions/ingest-catalogue.ts'),
      import('../functions/sync-status.ts'),
      import('../functions/sync-worker.ts'),
      import('../functions/scheduled-sync.ts'),
      import('../functions/create-upload.ts'),
      import('../functions/ingest-upload.ts'),
      import('../functions/producer-profile.ts'),
      import('../functions/producer-feeds.ts'),
      import('../functions/source-pull.ts'),
      import('../functions/scheduled-pull.ts'),
    ]);
  let lastTickSeconds = 0;
  const nextTick = (): Date => {
    lastTickSeconds = Math.max(Math.floor(Date.now() / 1000), lastTickSeconds + 1);
    return new Date(lastTickSeconds * 1000);
  };
  return {
    ingestCatalogue: (event, context) => ingest.handler(event, context),
    syncStatus: (event, context) => status.handler(event, context),
    syncWorker: (event, context) => worker.handler(event, context),
    createUpload: (event, context) => createUpload.handler(event, context),
    ingestUpload: (event, context) => ingestUpload.handler(event, context),
    producerProfile: (event, context) => profile.handler(event, context),
    producerFeeds: (event, context) => feeds.handler(event, context),
    sourcePull: (event, context) => pull.handler(event, context),
    scheduledPull: (context) => scheduledPull.handler({}, context),
    scheduledSync: (context, scheduledTime) =>
      scheduled.handler(renderScheduledSyncInput(scheduledTime ?? nextTick()), context),
  };
}

/**
 * The local object endpoints (signed upload and download URLs) of this stack: the same secret as
 * the functions sign with, the same size limit, and the async ingest handler behind them.
 */
export function localObjectEndpointsFor(
  stack: EmbeddedStack,
  functions: LocalFunctions,
  options: LocalFunctionOptions = {},
): LocalObjectEndpoints {
  const objectDir = stack.objectDir;
  if (!objectDir) throw new Error('the local object endpoints need an object folder (dataDir or objectDir)');
  const { secretDir } = options;
  const inMemory = process.env.LOCAL_URL_SECRET;
  if (!secretDir && !inMemory) throw new Error('load the local functions first: they choose the URL secret');
  return localObjectEndpoints({
    objectDir,
    secret: async () =>
      secretDir ? loadOrCreateSecret(secretDir) : Buffer.from(inMemory ?? '', 'base64url'),
    maxBytes: Number(process.env.UPLOAD_MAX_BYTES ?? DEFAULT_UPLOAD_MAX_BYTES),
    onObjectCreated: functions.ingestUpload,
  });
}
