import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
  SQSBatchResponse,
  SQSEvent,
} from 'aws-lambda';
import { renderScheduledSyncInput } from '../functions/adapters/resource-definitions.ts';
import type { ScheduledSyncAnswer } from '../functions/scheduled-sync.ts';
import type { EmbeddedStack } from './embedded-stack.ts';

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
  Object.assign(process.env, stack.env(), {
    POWERTOOLS_SERVICE_NAME: 'feedbridge',
    POWERTOOLS_METRICS_NAMESPACE: 'Feedbridge',
    // Locally there is no CloudWatch agent or X-Ray daemon to receive them.
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: options.logLevel ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    STALE_AFTER_SECONDS: String(options.staleAfterSeconds ?? 60),
    ...options.extraEnv,
  });
  const [ingest, status, worker, scheduled] = await Promise.all([
    import('../functions/ingest-catalogue.ts'),
    import('../functions/sync-status.ts'),
    import('../functions/sync-worker.ts'),
    import('../functions/scheduled-sync.ts'),
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
    scheduledSync: (context, scheduledTime) =>
      scheduled.handler(renderScheduledSyncInput(scheduledTime ?? nextTick()), context),
  };
}
