import { join } from 'node:path';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
  SQSBatchResponse,
  SQSEvent,
} from 'aws-lambda';
import { TEMP_SEGMENT_PREFIX } from '../functions/adapters/object-store.ts';
import { renderScheduledSyncInput } from '../functions/adapters/resource-definitions.ts';
import type { UploadIngestOutcome } from '../functions/core/sync/ingest-upload.ts';
import { DEFAULT_UPLOAD_MAX_BYTES } from '../functions/core/sync/upload-ticket.ts';
import type { S3ObjectCreatedEvent } from '../functions/ingest-upload.ts';
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
  ];
}

export interface LocalFunctionOptions {
  staleAfterSeconds?: number;
  logLevel?: string;
  extraEnv?: Record<string, string>;
  /**
   * Where the secret that signs local upload URLs is kept (serve: the data dir's dev-auth secret,
   * as its tokens); default: a reserved folder inside the object folder.
   */
  secretDir?: string;
}

/** The folder whose dev-auth secret signs this stack's local URLs. */
export function urlSecretDir(stack: EmbeddedStack, options: LocalFunctionOptions): string | undefined {
  // Inside the object folder under the reserved temp prefix: no key can name it, no listing shows it.
  return (
    options.secretDir ??
    (stack.objectDir ? join(stack.objectDir, `${TEMP_SEGMENT_PREFIX}url-secret`) : undefined)
  );
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
  const secretDir = urlSecretDir(stack, options);
  if (secretDir) await loadOrCreateSecret(secretDir);
  Object.assign(process.env, stack.env(), {
    // Without an object folder there is nothing to upload into: the upload route answers 503.
    ...(secretDir ? { LOCAL_URL_SECRET_FILE: join(secretDir, DEV_AUTH_SECRET_FILE) } : {}),
    POWERTOOLS_SERVICE_NAME: 'feedbridge',
    POWERTOOLS_METRICS_NAMESPACE: 'Feedbridge',
    // Locally there is no CloudWatch agent or X-Ray daemon to receive them.
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: options.logLevel ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    STALE_AFTER_SECONDS: String(options.staleAfterSeconds ?? 60),
    ...options.extraEnv,
  });
  const [ingest, status, worker, scheduled, createUpload, ingestUpload] = await Promise.all([
    import('../functions/ingest-catalogue.ts'),
    import('../functions/sync-status.ts'),
    import('../functions/sync-worker.ts'),
    import('../functions/scheduled-sync.ts'),
    import('../functions/create-upload.ts'),
    import('../functions/ingest-upload.ts'),
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
  const secretDir = urlSecretDir(stack, options) ?? objectDir;
  return localObjectEndpoints({
    objectDir,
    secret: () => loadOrCreateSecret(secretDir),
    maxBytes: Number(process.env.UPLOAD_MAX_BYTES ?? DEFAULT_UPLOAD_MAX_BYTES),
    onObjectCreated: functions.ingestUpload,
  });
}
