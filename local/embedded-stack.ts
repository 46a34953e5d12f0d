import { createHash, randomUUID } from 'node:crypto';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  type TableDescription,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { buildApp } from 'fauxqs';
import {
  type AwsClientConfig,
  type AwsClients,
  type AwsCredentials,
  createAwsClients,
  DEFAULT_REGION,
} from '../functions/adapters/aws-client-factory.ts';
import {
  idempotencyTable,
  mainTable,
  type QueueDefinition,
  type SqsEventSourceDefinition,
  syncDeadLetterQueue,
  syncEventSource,
  syncQueue,
  type TableDefinition,
  tableShapeOfDefinition,
  tableShapeOfDescription,
  toCreateTableInput,
  toQueueAttributes,
  toUpdateTimeToLiveInput,
  withMaxReceiveCount,
} from '../functions/adapters/resource-definitions.ts';
import { type IndexRepairReport, repairIndexes } from './dynalite-index-repair.ts';
import { enforceItemSizeLimit } from './dynamodb-item-limit.ts';
import { DataDirInUseError, type LocalService, portError } from './startup-errors.ts';

/**
 * The embedded default: an in-process DynamoDB (dynalite, optionally persisted with LevelDB) and an
 * in-process SQS (fauxqs, in memory) on loopback, with the tables and queues created from the same
 * definitions the CDK stack deploys. The real SDK clients talk to both over HTTP.
 */

export interface EmbeddedStackOptions {
  /** Persist DynamoDB under <dataDir>/dynamodb; in memory when omitted. SQS is always in memory. */
  dataDir?: string;
  /** The local stand-in for the S3 bucket (LOCAL_OBJECT_DIR); default <dataDir>/objects when dataDir is set. */
  objectDir?: string;
  /** 0 (the default) picks a free port. */
  dynamodbPort?: number;
  sqsPort?: number;
  /** Loopback only: the emulators have no authentication. */
  host?: '127.0.0.1';
  region?: string;
  /** Override of the sync queue's maxReceiveCount, so poison-message tests need few receives. */
  maxReceiveCount?: number;
  /**
   * Use a DynamoDB already running there (e.g. the official DynamoDB Local) instead of starting
   * dynalite. Default: FEEDBRIDGE_DYNAMODB_ENDPOINT when FEEDBRIDGE_DYNAMODB=dynamodb-local.
   */
  dynamodbEndpoint?: string;
}

/** The external DynamoDB the environment selects, if any (the conformance run sets both variables). */
export function externalDynamoDbFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const backend = env.FEEDBRIDGE_DYNAMODB?.trim();
  if (!backend || backend === 'dynalite') return undefined;
  if (backend !== 'dynamodb-local') {
    throw new Error(`FEEDBRIDGE_DYNAMODB must be dynalite or dynamodb-local, got ${JSON.stringify(backend)}`);
  }
  const endpoint = env.FEEDBRIDGE_DYNAMODB_ENDPOINT?.trim();
  if (!endpoint) throw new Error('FEEDBRIDGE_DYNAMODB=dynamodb-local needs FEEDBRIDGE_DYNAMODB_ENDPOINT');
  return endpoint;
}

/**
 * DynamoDB Local keeps one database per access key (and region) unless run with -sharedDb, so a
 * key of its own gives each stack its own tables on a shared server; derived from dataDir so a
 * restarted `serve` finds its tables again.
 */
function credentialsFor(external: boolean, dataDir: string | undefined): AwsCredentials {
  if (!external) return LOCAL_CREDENTIALS;
  const seed = dataDir ?? randomUUID();
  return {
    accessKeyId: `local${createHash('sha256').update(seed).digest('hex').slice(0, 16)}`,
    secretAccessKey: 'local',
  };
}

export type TimeToLiveStatus = 'ENABLED' | 'UNSUPPORTED';

export interface EmbeddedStack {
  readonly region: string;
  readonly credentials: AwsCredentials;
  readonly dynamodbEndpoint: string;
  readonly sqsEndpoint: string;
  readonly tableName: string;
  readonly idempotencyTableName: string;
  /** Undefined without dataDir or objectDir: the caller then sets LOCAL_OBJECT_DIR or BUCKET_NAME itself. */
  readonly objectDir: string | undefined;
  readonly queueUrls: { readonly sync: string; readonly syncDlq: string };
  readonly queueArns: { readonly sync: string; readonly syncDlq: string };
  /** The definitions this stack was built from (the shared ones, plus any override). */
  readonly definitions: {
    readonly table: TableDefinition;
    readonly idempotencyTable: TableDefinition;
    readonly syncQueue: QueueDefinition;
    readonly syncDeadLetterQueue: QueueDefinition;
    readonly syncEventSource: SqsEventSourceDefinition;
  };
  /** dynalite has no UpdateTimeToLive: locally, items with expiresAt/expiration simply never expire. */
  readonly timeToLive: { readonly table: TimeToLiveStatus; readonly idempotencyTable: TimeToLiveStatus };
  /** Configuration for building further clients (e.g. with a call counter) against this stack. */
  readonly clientConfig: AwsClientConfig;
  readonly clients: AwsClients;
  /** The environment a handler module needs to run against this stack. */
  env(): Record<string, string>;
  /**
   * Set when the data dir's store was last left without a clean stop (a killed process): its
   * indexes were checked against the table and repaired before the stack was handed out.
   */
  readonly indexRepair: IndexRepairReport | null;
  /** Stops both servers; DynamoDB data under dataDir is flushed and kept. Safe to call twice. */
  stop(): Promise<void>;
}

/** In the data dir while a stack has its dynalite store open; left behind, the last stop was not clean. */
export const STORE_OPEN_MARKER = 'dynamodb.open';

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

export class TableDefinitionDriftError extends Error {
  override readonly name = 'TableDefinitionDriftError';
}

const LOCAL_CREDENTIALS: AwsCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const TABLE_ACTIVE_TIMEOUT_MS = 10_000;

function listen(server: Server, port: number, host: string, service: LocalService): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(portError(service, port, error));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      if (address === null || typeof address === 'string') {
        reject(new Error('dynalite did not report a TCP address'));
        return;
      }
      resolve(address.port);
    });
  });
}

interface LevelDatabase {
  open(): Promise<void>;
  close(): Promise<void>;
}

/**
 * dynalite opens its LevelDB lazily and, when another process holds the store's lock, throws
 * from inside a request callback: an uncaught exception with a raw stack trace. Opening the store
 * once here, with the very `level` module dynalite loads, turns that into DataDirInUseError before
 * dynalite starts. LevelDB's lock also covers a second stack in the same process.
 */
async function assertStoreFree(dynamodbDir: string, dataDir: string): Promise<void> {
  const store = await lockStore(dynamodbDir, dataDir);
  await store.close();
}

/** Opens the data dir's LevelDB store, which takes its lock, or says who holds it. */
async function lockStore(dynamodbDir: string, dataDir: string): Promise<LevelDatabase> {
  const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const { Level } = fromDynalite('level') as { Level: new (path: string) => LevelDatabase };
  const store = new Level(dynamodbDir);
  try {
    await store.open();
  } catch (error) {
    const cause = error instanceof Error ? error.cause : undefined;
    if (cause instanceof Error && 'code' in cause && cause.code === 'LEVEL_LOCKED') {
      throw new DataDirInUseError(dataDir);
    }
    throw error;
  }
  return store;
}

/**
 * Fails as listen() would if `port` is taken, before dynalite exists: dynalite opens its store
 * when it is created and closes it only from a server that did listen, so a dynalite that
 * failed to listen would keep the data dir locked for the rest of the process.
 */
async function assertPortFree(port: number, host: string, service: LocalService): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await listen(probe, port, host, service);
  await close(probe);
}

function close(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
  });
}

async function waitUntilActive(dynamodb: DynamoDBClient, tableName: string): Promise<TableDescription> {
  const deadline = Date.now() + TABLE_ACTIVE_TIMEOUT_MS;
  for (;;) {
    const { Table: table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === 'ACTIVE',
    );
    if (table && table.TableStatus === 'ACTIVE' && indexesActive) return table;
    if (Date.now() > deadline) throw new Error(`table ${tableName} did not become ACTIVE`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function isUnknownOperation(error: unknown): boolean {
  return error instanceof Error && error.name === 'UnknownOperationException';
}

async function ensureTimeToLive(
  dynamodb: DynamoDBClient,
  table: TableDefinition,
  tableName: string,
): Promise<TimeToLiveStatus> {
  const input = toUpdateTimeToLiveInput(table, tableName);
  if (!input) return 'ENABLED';
  const { TimeToLiveDescription: current } = await dynamodb.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }),
  );
  if (current?.TimeToLiveStatus === 'ENABLED' && current.AttributeName === table.timeToLiveAttribute) {
    return 'ENABLED';
  }
  try {
    await dynamodb.send(new UpdateTimeToLiveCommand(input));
    return 'ENABLED';
  } catch (error) {
    // Tried rather than skipped, so an emulator that gains the operation gets the real setting.
    if (isUnknownOperation(error)) return 'UNSUPPORTED';
    throw error;
  }
}

/**
 * Creates the table, or accepts the one a previous run left in dataDir, provided it still has the
 * defined keys and indexes: silently using a stale layout would make queries fail in confusing ways.
 */
async function ensureTable(
  dynamodb: DynamoDBClient,
  table: TableDefinition,
  dataDir: string | undefined,
): Promise<TimeToLiveStatus> {
  try {
    await dynamodb.send(new CreateTableCommand(toCreateTableInput(table)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const description = await waitUntilActive(dynamodb, table.tableName);
  const expected = tableShapeOfDefinition(table);
  const actual = tableShapeOfDescription(description);
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new TableDefinitionDriftError(
      `table ${table.tableName} in ${dataDir ?? 'memory'} differs from its definition: ` +
        `found ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}. ` +
        'Delete the local data directory to recreate it.',
    );
  }
  return ensureTimeToLive(dynamodb, table, table.tableName);
}

async function createQueue(
  sqs: SQSClient,
  queue: QueueDefinition,
  deadLetterTargetArn?: string,
): Promise<{ url: string; arn: string }> {
  const { QueueUrl: url } = await sqs.send(
    new CreateQueueCommand({
      QueueName: queue.queueName,
      Attributes: toQueueAttributes(queue, deadLetterTargetArn),
    }),
  );
  if (!url) throw new Error(`CreateQueue ${queue.queueName} returned no QueueUrl`);
  const { Attributes: attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  const arn = attributes?.QueueArn;
  if (!arn) throw new Error(`queue ${queue.queueName} has no QueueArn`);
  return { url, arn };
}

export async function startEmbeddedStack(options: EmbeddedStackOptions = {}): Promise<EmbeddedStack> {
  const host = options.host ?? '127.0.0.1';
  const region = options.region ?? DEFAULT_REGION;
  const definitions = {
    table: mainTable,
    idempotencyTable,
    syncQueue:
      options.maxReceiveCount === undefined
        ? syncQueue
        : withMaxReceiveCount(syncQueue, options.maxReceiveCount),
    syncDeadLetterQueue,
    syncEventSource,
  };

  // Undo what has started if a later step fails, so a failed start leaves no port or LevelDB lock held.
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async (): Promise<void> => {
    for (const step of cleanups.splice(0).reverse()) {
      await step().catch(() => undefined);
    }
  };

  try {
    let dynamodbDir: string | undefined;
    if (options.dataDir) {
      dynamodbDir = join(options.dataDir, 'dynamodb');
      await mkdir(dynamodbDir, { recursive: true });
    }
    const objectDir = options.objectDir ?? (options.dataDir ? join(options.dataDir, 'objects') : undefined);
    if (objectDir) await mkdir(objectDir, { recursive: true });
    const external = options.dynamodbEndpoint ?? externalDynamoDbFromEnv();
    const credentials = credentialsFor(external !== undefined, options.dataDir);
    let dynamodbEndpoint = external;
    let storeMarker: { path: string; unclean: boolean; written: boolean } | undefined;
    if (external !== undefined && dynamodbDir !== undefined && options.dataDir !== undefined) {
      // The data dir still holds this stack's objects and its DynamoDB Local identity, so two
      // stacks on one data dir must exclude each other here too: the store's lock, held until stop.
      const lock = await lockStore(dynamodbDir, options.dataDir);
      cleanups.push(() => lock.close());
    }
    if (dynamodbEndpoint === undefined) {
      if (dynamodbDir !== undefined && options.dataDir !== undefined) {
        await assertStoreFree(dynamodbDir, options.dataDir);
      }
      await assertPortFree(options.dynamodbPort ?? 0, host, 'dynamodb');
      if (options.dataDir !== undefined) {
        const path = join(options.dataDir, STORE_OPEN_MARKER);
        storeMarker = { path, unclean: await exists(path), written: false };
      }
      // Tables are ACTIVE at once: the CREATING delay only slows local starts and tests.
      const dynamoServer = dynalite({
        ...(dynamodbDir ? { path: dynamodbDir } : {}),
        createTableMs: 0,
        deleteTableMs: 0,
        updateTableMs: 0,
      });
      enforceItemSizeLimit(dynamoServer);
      const dynamodbPort = await listen(dynamoServer, options.dynamodbPort ?? 0, host, 'dynamodb');
      if (storeMarker !== undefined) {
        const marker = storeMarker;
        // Pushed before the close, so it runs after it: only a store closed cleanly loses its marker.
        cleanups.push(async () => {
          if (marker.written) await rm(marker.path, { force: true });
        });
      }
      cleanups.push(() => close(dynamoServer));
      dynamodbEndpoint = `http://${host}:${dynamodbPort}`;
    }

    const sqsApp = buildApp({ logger: false, defaultRegion: region });
    // startFauxqs would listen on 0.0.0.0; building the app ourselves keeps it on loopback.
    // Closed on failure too: a fastify app that failed to listen may still hold timers.
    cleanups.push(() => sqsApp.close());
    const sqsPort = options.sqsPort ?? 0;
    await sqsApp.listen({ port: sqsPort, host }).catch((error: unknown) => {
      throw portError('sqs', sqsPort, error);
    });
    const sqsAddress = sqsApp.server.address();
    if (sqsAddress === null || typeof sqsAddress === 'string')
      throw new Error('fauxqs did not report a TCP address');

    const sqsEndpoint = `http://${host}:${sqsAddress.port}`;
    const clientConfig: AwsClientConfig = {
      region,
      credentials,
      endpoints: { dynamodb: dynamodbEndpoint, sqs: sqsEndpoint },
    };
    const clients = createAwsClients(clientConfig);
    cleanups.push(async () => clients.destroy());

    const [tableTtl, idempotencyTtl] = await Promise.all([
      ensureTable(clients.dynamodb, definitions.table, options.dataDir),
      ensureTable(clients.dynamodb, definitions.idempotencyTable, options.dataDir),
    ]);

    let indexRepair: IndexRepairReport | null = null;
    if (storeMarker !== undefined) {
      // Before anything can write: the repair rewrites items, and a crash during it leaves the marker.
      if (storeMarker.unclean) {
        indexRepair = await repairIndexes(clients.dynamodb, [
          definitions.table.tableName,
          definitions.idempotencyTable.tableName,
        ]);
      }
      await writeFile(storeMarker.path, `${process.pid}\n`);
      storeMarker.written = true;
    }

    const deadLetter = await createQueue(clients.sqs, definitions.syncDeadLetterQueue);
    const sync = await createQueue(clients.sqs, definitions.syncQueue, deadLetter.arn);

    const maxReceiveCount = definitions.syncQueue.deadLetterQueue?.maxReceiveCount;
    let stopping: Promise<void> | undefined;
    const stack: EmbeddedStack = {
      region,
      credentials,
      dynamodbEndpoint,
      sqsEndpoint,
      tableName: definitions.table.tableName,
      idempotencyTableName: definitions.idempotencyTable.tableName,
      objectDir,
      queueUrls: { sync: sync.url, syncDlq: deadLetter.url },
      queueArns: { sync: sync.arn, syncDlq: deadLetter.arn },
      definitions,
      timeToLive: { table: tableTtl, idempotencyTable: idempotencyTtl },
      clientConfig,
      clients,
      indexRepair,
      env: () => ({
        ...(maxReceiveCount === undefined ? {} : { MAX_RECEIVE_COUNT: String(maxReceiveCount) }),
        ...(objectDir ? { LOCAL_OBJECT_DIR: objectDir } : {}),
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        AWS_ACCESS_KEY_ID: credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
        AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
        AWS_ENDPOINT_URL_SQS: sqsEndpoint,
        TABLE_NAME: definitions.table.tableName,
        IDEMPOTENCY_TABLE_NAME: definitions.idempotencyTable.tableName,
        SYNC_QUEUE_URL: sync.url,
        SYNC_DLQ_URL: deadLetter.url,
      }),
      stop: () => {
        stopping ??= (async () => {
          const steps = cleanups.splice(0).reverse();
          const errors: unknown[] = [];
          for (const step of steps) {
            try {
              await step();
            } catch (error) {
              errors.push(error);
            }
          }
          if (errors.length > 0) throw new AggregateError(errors, 'embedded stack did not stop cleanly');
        })();
        return stopping;
      },
    };
    return stack;
  } catch (error) {
    await cleanup();
    throw error;
  }
}
