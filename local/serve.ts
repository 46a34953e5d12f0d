import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadOrCreateSecret, verifyDevToken } from './dev-auth.ts';
import { startEmbeddedStack } from './embedded-stack.ts';
import { createLocalHttpApi } from './http-api.ts';
import { createLambdaContext } from './lambda-context.ts';
import { loadLocalFunctions, localApiRoutes } from './local-functions.ts';
import { createSyncQueuePoller } from './sync-queue-poller.ts';

export interface ServeOptions {
  port: number;
  dynamodbPort: number;
  sqsPort: number;
  dataDir: string;
  /** How often the scheduled sync runs locally (EventBridge on AWS). */
  scheduleSeconds: number;
  /** How long an item may stay PENDING or FAILED before the schedule queues it again. */
  staleAfterSeconds: number;
}

export const SERVE_DEFAULTS = {
  port: 8080,
  dynamodbPort: 8000,
  sqsPort: 9324,
  dataDir: '.data',
  scheduleSeconds: 30,
  staleAfterSeconds: 60,
};

/**
 * `feedbridge serve`: the embedded stack kept running with the HTTP API, the queue poller and a
 * scheduled-sync tick. DynamoDB state lives in --data-dir and survives a restart; the queue does
 * not, and the tick re-queues whatever a restart stranded.
 */
export async function runServe(options: ServeOptions): Promise<number> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  await loadOrCreateSecret(dataDir);
  const stack = await startEmbeddedStack({
    dataDir,
    dynamodbPort: options.dynamodbPort,
    sqsPort: options.sqsPort,
  });
  const functions = await loadLocalFunctions(stack, {
    staleAfterSeconds: options.staleAfterSeconds,
    logLevel: process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO',
  });
  const poller = createSyncQueuePoller(stack, functions.syncWorker, { retryDelaySeconds: 1 });
  const api = createLocalHttpApi({
    routes: localApiRoutes(functions),
    // Read the secret per request so a token minted by `dev-token` while serve runs is accepted.
    authenticate: async (token) => verifyDevToken(token, await loadOrCreateSecret(dataDir)),
  });
  await new Promise<void>((resolveListen, reject) => {
    api.once('error', reject);
    api.listen(options.port, '127.0.0.1', () => resolveListen());
  });
  const address = api.address();
  const port = typeof address === 'object' && address ? address.port : options.port;

  let ticking = false;
  const tick = async () => {
    if (ticking) return;
    ticking = true;
    try {
      const report = await functions.scheduledSync(createLambdaContext({ functionName: 'scheduled-sync' }));
      if (report.requeued > 0)
        process.stdout.write(`scheduled sync: ${report.requeued} stuck item(s) re-queued\n`);
    } catch (error) {
      process.stderr.write(
        `scheduled sync failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    } finally {
      ticking = false;
    }
  };
  const schedule = setInterval(() => void tick(), options.scheduleSeconds * 1000);
  poller.start();
  void tick();

  process.stdout.write(
    [
      `feedbridge serve: data in ${dataDir}`,
      `  HTTP API   http://127.0.0.1:${port}`,
      `  DynamoDB   ${stack.dynamodbEndpoint}   (aws --endpoint-url ${stack.dynamodbEndpoint} dynamodb scan --table-name ${stack.tableName})`,
      `  SQS        ${stack.sqsEndpoint}   (aws --endpoint-url ${stack.sqsEndpoint} sqs list-queues)`,
      `  feeds      ${stack.objectDir ?? dataDir}/feeds   (scheduled sync every ${options.scheduleSeconds}s)`,
      `  token      npx feedbridge dev-token <producerId> --data-dir ${options.dataDir}`,
      '',
    ].join('\n'),
  );

  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  clearInterval(schedule);
  await poller.stop();
  await new Promise<void>((resolveClose) => api.close(() => resolveClose()));
  await stack.stop();
  return 0;
}
