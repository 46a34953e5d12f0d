import { readFile, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { loadOrCreateSecret, signDevToken, verifyDevToken } from './dev-auth.ts';
import { type EmbeddedStack, startEmbeddedStack } from './embedded-stack.ts';
import { createLocalHttpApi } from './http-api.ts';
import { createLambdaContext } from './lambda-context.ts';
import {
  type LocalFunctions,
  loadLocalFunctions,
  localApiRoutes,
  localChannels,
  localObjectEndpointsFor,
} from './local-functions.ts';
import type { LocalObjectEndpoints } from './local-object-endpoints.ts';
import { createPortalAssets } from './portal-assets.ts';
import { DataDirInUseError, portError } from './startup-errors.ts';
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

/** Written by a running serve into its data dir, so a second one can say which process holds it. */
export const SERVE_PID_FILE = 'serve.pid';

/** The process the pid file names, if it is still alive; a crashed serve leaves a stale one. */
async function liveHolder(dataDir: string): Promise<number | null> {
  let pid: number;
  try {
    pid = Number((await readFile(join(dataDir, SERVE_PID_FILE), 'utf8')).trim());
  } catch {
    return null;
  }
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: alive, but another user's process.
    return error instanceof Error && 'code' in error && error.code === 'EPERM' ? pid : null;
  }
}

/** Starts the embedded stack on the data dir, naming the holder when another process has it. */
async function startStack(dataDir: string, options: ServeOptions): Promise<EmbeddedStack> {
  try {
    return await startEmbeddedStack({
      dataDir,
      dynamodbPort: options.dynamodbPort,
      sqsPort: options.sqsPort,
    });
  } catch (error) {
    if (error instanceof DataDirInUseError) throw new DataDirInUseError(dataDir, await liveHolder(dataDir));
    throw error;
  }
}

function listenApi(api: Server, port: number): Promise<number> {
  return new Promise((resolveListen, reject) => {
    api.once('error', (error) => reject(portError('http', port, error)));
    api.listen(port, '127.0.0.1', () => {
      const address = api.address();
      resolveListen(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/**
 * `feedbridge serve`: the embedded stack kept running with the HTTP API, the queue poller and a
 * scheduled-sync tick. DynamoDB state lives in --data-dir and survives a restart; the queue does
 * not, and the tick re-queues whatever a restart stranded. A start that fails part-way (a port
 * in use, the data dir held by another serve) stops whatever it had started, so the process ends.
 */
export async function runServe(options: ServeOptions): Promise<number> {
  const dataDir = resolve(options.dataDir);
  await loadOrCreateSecret(dataDir);
  const stack = await startStack(dataDir, options);
  let api: Server | undefined;
  let port: number;
  let functions: LocalFunctions;
  let objectEndpoints: LocalObjectEndpoints;
  try {
    const functionOptions = {
      staleAfterSeconds: options.staleAfterSeconds,
      logLevel: process.env.POWERTOOLS_LOG_LEVEL ?? 'INFO',
      // Upload URLs are signed with the data dir's secret, as the dev tokens are.
      secretDir: dataDir,
      extraEnv: { CHANNELS: localChannels().join(',') },
    };
    functions = await loadLocalFunctions(stack, functionOptions);
    objectEndpoints = localObjectEndpointsFor(stack, functions, functionOptions);
    api = createLocalHttpApi({
      routes: localApiRoutes(functions),
      objectEndpoints,
      // Read the secret per request so a token minted by `dev-token` while serve runs is accepted.
      authenticate: async (token) => verifyDevToken(token, await loadOrCreateSecret(dataDir)),
      portal: createPortalAssets({ config: { auth: 'local' } }),
      devSignIn: async (producerId) => signDevToken(producerId, await loadOrCreateSecret(dataDir)),
    });
    port = await listenApi(api, options.port);
    await writeFile(join(dataDir, SERVE_PID_FILE), `${process.pid}\n`);
  } catch (error) {
    if (api?.listening) await new Promise<void>((resolveClose) => api?.close(() => resolveClose()));
    await stack.stop().catch(() => undefined);
    throw error;
  }
  const poller = createSyncQueuePoller(stack, functions.syncWorker, { retryDelaySeconds: 1 });

  let ticking = false;
  const tick = async () => {
    if (ticking) return;
    ticking = true;
    try {
      const report = await functions.scheduledSync(createLambdaContext({ functionName: 'scheduled-sync' }));
      if (report.requeued > 0)
        process.stdout.write(`scheduled sync: ${report.requeued} stuck item(s) re-queued\n`);
      const pulls = await functions.scheduledPull(createLambdaContext({ functionName: 'scheduled-pull' }));
      if (pulls.checked > 0)
        process.stdout.write(
          `scheduled pull: ${pulls.ingested} ingested, ${pulls.unchanged} unchanged, ${pulls.failed} failed\n`,
        );
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

  if (stack.indexRepair !== null) {
    const { reindexed, staleEntries } = stack.indexRepair;
    process.stdout.write(
      `feedbridge serve: the last run did not stop cleanly; store indexes checked (${reindexed} item(s) re-indexed, ${staleEntries} stale entr${staleEntries === 1 ? 'y' : 'ies'} removed)\n`,
    );
  }
  process.stdout.write(
    [
      `feedbridge serve: data in ${dataDir}`,
      `  portal     http://127.0.0.1:${port}/   (sign in with any producer id)`,
      `  HTTP API   http://127.0.0.1:${port}/producers/…`,
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
  // An upload being read finishes (its claim would otherwise hold it PROCESSING until it expires).
  await objectEndpoints.idle();
  // Before the stack lets go of the data dir, so it is never another serve's pid file we remove.
  await rm(join(dataDir, SERVE_PID_FILE), { force: true });
  await stack.stop();
  return 0;
}
