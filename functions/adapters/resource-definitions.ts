import type {
  AttributeDefinition,
  CreateTableCommandInput,
  KeySchemaElement,
  TableDescription,
  UpdateTimeToLiveCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { QueueAttributeName } from '@aws-sdk/client-sqs';
import { SQS_MESSAGE_MAX_BYTES } from '../core/service-limits.ts';

/**
 * The tables and queues, as plain data. The CDK stack maps these objects to dynamodb.TableV2 and
 * sqs.Queue and the embedded local stack turns them into CreateTable/CreateQueue calls, so neither side
 * keeps a hand-written copy that could drift. No aws-cdk-lib import here: the local stack must start
 * without loading CDK. Enum-like values use the strings CDK's enums carry ('S', 'ALL', ...), so the CDK
 * mapping is a lookup, not a translation.
 */

export type KeyAttributeType = 'S' | 'N' | 'B';

export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyAttributeType;
}

export type ProjectionType = 'ALL' | 'KEYS_ONLY' | 'INCLUDE';

export interface GlobalSecondaryIndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly projectionType: ProjectionType;
  /** Only with projectionType 'INCLUDE'. */
  readonly nonKeyAttributes?: readonly string[];
}

export interface TableDefinition {
  /** CDK construct id; stable, because renaming it replaces the table. */
  readonly logicalId: string;
  /** Default physical name; a deployment may override it and passes the result in TABLE_NAME. */
  readonly tableName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly billingMode: 'PAY_PER_REQUEST';
  readonly globalSecondaryIndexes: readonly GlobalSecondaryIndexDefinition[];
  readonly timeToLiveAttribute?: string;
}

export interface DeadLetterDefinition {
  readonly queue: QueueDefinition;
  readonly maxReceiveCount: number;
}

export interface QueueDefinition {
  readonly logicalId: string;
  readonly queueName: string;
  readonly visibilityTimeoutSeconds: number;
  readonly retentionPeriodSeconds: number;
  readonly receiveMessageWaitTimeSeconds: number;
  /** MaximumMessageSize: SQS refuses a larger message, on AWS and on the local queue alike. */
  readonly maximumMessageSizeBytes: number;
  readonly deadLetterQueue?: DeadLetterDefinition;
}

/** Lambda's SQS event-source mapping; the local poller reads the same numbers. */
export interface SqsEventSourceDefinition {
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly reportBatchItemFailures: boolean;
  readonly maxConcurrency: number;
}

const DAY_SECONDS = 24 * 60 * 60;

/** The sync worker's Lambda timeout; the queue's visibility timeout is derived from it. */
export const SYNC_WORKER_TIMEOUT_SECONDS = 30;

/** API Gateway HTTP API's integration timeout (its maximum): the gateway answers 503 past it. */
export const HTTP_API_INTEGRATION_TIMEOUT_SECONDS = 30;

/**
 * Each function's deployed timeout, by handler name (functions/<name>.ts). The CDK stack sets them
 * from here and the local runtime counts a Lambda context down from them, so a handler that
 * watches its remaining time stops at the same point on a laptop as on AWS. The two HTTP functions
 * stay under the integration timeout, so the function, not the gateway, answers.
 */
export const FUNCTION_TIMEOUT_SECONDS = {
  'ingest-catalogue': HTTP_API_INTEGRATION_TIMEOUT_SECONDS - 1,
  'sync-worker': SYNC_WORKER_TIMEOUT_SECONDS,
  'scheduled-sync': 300,
  'sync-status': 10,
  'create-upload': 10,
  // Lambda's maximum: the async ingest of an upload at UPLOAD_MAX_BYTES (200 MB). Measured by
  // npm run bench (docs/benchmarks.md): a 250,000-row, 50 MB CSV reads twice and writes in well
  // under a third of it on this kind of machine, so 200 MB stays inside it.
  'ingest-upload': 900,
  'producer-profile': 10,
  'producer-feeds': 10,
  // A pull fetches (bounded by SOURCE_LIMITS' total timeout) and then ingests like the direct route.
  'source-pull': HTTP_API_INTEGRATION_TIMEOUT_SECONDS - 1,
  'scheduled-pull': 900,
} as const;
export type HandlerName = keyof typeof FUNCTION_TIMEOUT_SECONDS;

/**
 * The schedule target's input. EventBridge Scheduler sends a target exactly its configured input,
 * with context attributes such as <aws.scheduler.scheduled-time> replaced, and nothing else: the
 * scheduled time is what makes a retried or duplicated run of one tick recognisable.
 */
export const SCHEDULED_SYNC_INPUT = { scheduledTime: '<aws.scheduler.scheduled-time>' } as const;
/** The JMESPath scheduled-sync's idempotency keys on: the same on every delivery of one scheduled run. */
export const SCHEDULED_SYNC_IDEMPOTENCY_KEY = 'scheduledTime';
export type ScheduledSyncInput = { [K in keyof typeof SCHEDULED_SYNC_INPUT]: string };

/** The input as Scheduler renders it for one scheduled time (whole seconds: 2022-03-22T18:59:43Z). */
export function renderScheduledSyncInput(scheduledTime: Date): ScheduledSyncInput {
  const seconds = `${scheduledTime.toISOString().slice(0, 19)}Z`;
  return JSON.parse(
    JSON.stringify(SCHEDULED_SYNC_INPUT).replaceAll('<aws.scheduler.scheduled-time>', seconds),
  ) as ScheduledSyncInput;
}

export const mainTable: TableDefinition = {
  logicalId: 'FeedbridgeTable',
  tableName: 'feedbridge',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  billingMode: 'PAY_PER_REQUEST',
  globalSecondaryIndexes: [
    {
      // Sparse: only items needing attention carry gsi1pk (STATE#<channel>#<state>, PRODUCERS) and
      // gsi1sk (updatedAt first, so "stuck for longer than" is a range condition).
      indexName: 'gsi1',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
      projectionType: 'ALL',
    },
  ],
  timeToLiveAttribute: 'expiresAt',
};

/** Powertools idempotency's default schema: key 'id', TTL 'expiration'. */
export const idempotencyTable: TableDefinition = {
  logicalId: 'FeedbridgeIdempotencyTable',
  tableName: 'feedbridge-idempotency',
  partitionKey: { name: 'id', type: 'S' },
  billingMode: 'PAY_PER_REQUEST',
  globalSecondaryIndexes: [],
  timeToLiveAttribute: 'expiration',
};

export const syncDeadLetterQueue: QueueDefinition = {
  logicalId: 'SyncDeadLetterQueue',
  queueName: 'feedbridge-sync-dlq',
  visibilityTimeoutSeconds: 30,
  // The maximum: the DLQ is where an engineer looks after a holiday, and replays from.
  retentionPeriodSeconds: 14 * DAY_SECONDS,
  receiveMessageWaitTimeSeconds: 20,
  // As large as the sync queue's: every message it receives comes from there.
  maximumMessageSizeBytes: SQS_MESSAGE_MAX_BYTES,
};

export const syncQueue: QueueDefinition = {
  logicalId: 'SyncQueue',
  queueName: 'feedbridge-sync',
  // AWS's guidance for Lambda event sources: at least six times the function timeout, so a batch that
  // is retried inside one invocation's lifetime is not handed to a second invocation meanwhile.
  visibilityTimeoutSeconds: 6 * SYNC_WORKER_TIMEOUT_SECONDS,
  retentionPeriodSeconds: 4 * DAY_SECONDS,
  receiveMessageWaitTimeSeconds: 20,
  maximumMessageSizeBytes: SQS_MESSAGE_MAX_BYTES,
  deadLetterQueue: { queue: syncDeadLetterQueue, maxReceiveCount: 5 },
};

export const syncEventSource: SqsEventSourceDefinition = {
  batchSize: 10,
  maxBatchingWindowSeconds: 1,
  reportBatchItemFailures: true,
  maxConcurrency: 5,
};

export const resourceDefinitions = {
  tables: { main: mainTable, idempotency: idempotencyTable },
  queues: { sync: syncQueue, syncDeadLetter: syncDeadLetterQueue },
  eventSources: { sync: syncEventSource },
} as const;

/** A copy of a queue definition with a different maxReceiveCount (tests use a small one to stay fast). */
export function withMaxReceiveCount(queue: QueueDefinition, maxReceiveCount: number): QueueDefinition {
  if (!queue.deadLetterQueue) throw new Error(`queue ${queue.queueName} has no dead-letter queue`);
  if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) {
    throw new Error(`maxReceiveCount must be an integer from 1 to 1000, got ${maxReceiveCount}`);
  }
  return { ...queue, deadLetterQueue: { ...queue.deadLetterQueue, maxReceiveCount } };
}

function keySchema(partitionKey: KeyAttribute, sortKey: KeyAttribute | undefined): KeySchemaElement[] {
  const schema: KeySchemaElement[] = [{ AttributeName: partitionKey.name, KeyType: 'HASH' }];
  if (sortKey) schema.push({ AttributeName: sortKey.name, KeyType: 'RANGE' });
  return schema;
}

function attributeDefinitions(table: TableDefinition): AttributeDefinition[] {
  const byName = new Map<string, KeyAttribute>();
  const add = (attribute: KeyAttribute | undefined): void => {
    if (!attribute) return;
    const seen = byName.get(attribute.name);
    if (seen && seen.type !== attribute.type) {
      throw new Error(`attribute ${attribute.name} is declared as both ${seen.type} and ${attribute.type}`);
    }
    byName.set(attribute.name, attribute);
  };
  add(table.partitionKey);
  add(table.sortKey);
  for (const index of table.globalSecondaryIndexes) {
    add(index.partitionKey);
    add(index.sortKey);
  }
  return [...byName.values()].map((attribute) => ({
    AttributeName: attribute.name,
    AttributeType: attribute.type,
  }));
}

/** The low-level CreateTable request for a definition (TTL is a separate call: see toUpdateTimeToLiveInput). */
export function toCreateTableInput(
  table: TableDefinition,
  tableName = table.tableName,
): CreateTableCommandInput {
  const input: CreateTableCommandInput = {
    TableName: tableName,
    BillingMode: table.billingMode,
    KeySchema: keySchema(table.partitionKey, table.sortKey),
    AttributeDefinitions: attributeDefinitions(table),
  };
  if (table.globalSecondaryIndexes.length > 0) {
    input.GlobalSecondaryIndexes = table.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: keySchema(index.partitionKey, index.sortKey),
      Projection:
        index.projectionType === 'INCLUDE'
          ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...(index.nonKeyAttributes ?? [])] }
          : { ProjectionType: index.projectionType },
    }));
  }
  return input;
}

export function toUpdateTimeToLiveInput(
  table: TableDefinition,
  tableName = table.tableName,
): UpdateTimeToLiveCommandInput | undefined {
  if (!table.timeToLiveAttribute) return undefined;
  return {
    TableName: tableName,
    TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
  };
}

/** SQS stores the policy as JSON; maxReceiveCount as a number, as CloudFormation writes it. */
export function toRedrivePolicy(deadLetter: DeadLetterDefinition, deadLetterTargetArn: string): string {
  return JSON.stringify({ deadLetterTargetArn, maxReceiveCount: deadLetter.maxReceiveCount });
}

/**
 * CreateQueue attributes for a definition. A queue with a dead-letter queue needs that queue's ARN,
 * which only exists once the DLQ has been created.
 */
export function toQueueAttributes(
  queue: QueueDefinition,
  deadLetterTargetArn?: string,
): Partial<Record<QueueAttributeName, string>> {
  const attributes: Partial<Record<QueueAttributeName, string>> = {
    VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
    MessageRetentionPeriod: String(queue.retentionPeriodSeconds),
    ReceiveMessageWaitTimeSeconds: String(queue.receiveMessageWaitTimeSeconds),
    MaximumMessageSize: String(queue.maximumMessageSizeBytes),
  };
  if (queue.deadLetterQueue) {
    if (!deadLetterTargetArn) {
      throw new Error(`queue ${queue.queueName} needs the ARN of ${queue.deadLetterQueue.queue.queueName}`);
    }
    attributes.RedrivePolicy = toRedrivePolicy(queue.deadLetterQueue, deadLetterTargetArn);
  }
  return attributes;
}

/**
 * The parts of a table that must match its definition, in a form that compares with toEqual whichever
 * side it came from (definition, DescribeTable): order-insensitive where DynamoDB is.
 */
export interface TableShape {
  readonly keySchema: readonly string[];
  readonly attributes: readonly string[];
  readonly billingMode: string;
  readonly globalSecondaryIndexes: readonly {
    name: string;
    keySchema: readonly string[];
    projection: string;
  }[];
}

function keySchemaShape(schema: readonly KeySchemaElement[] | undefined): string[] {
  return (schema ?? []).map((element) => `${element.AttributeName ?? '?'}:${element.KeyType ?? '?'}`);
}

function shapeOf(input: {
  KeySchema?: KeySchemaElement[] | undefined;
  AttributeDefinitions?: AttributeDefinition[] | undefined;
  billingMode: string;
  GlobalSecondaryIndexes?:
    | {
        IndexName?: string | undefined;
        KeySchema?: KeySchemaElement[] | undefined;
        Projection?:
          | { ProjectionType?: string | undefined; NonKeyAttributes?: string[] | undefined }
          | undefined;
      }[]
    | undefined;
}): TableShape {
  return {
    keySchema: keySchemaShape(input.KeySchema),
    attributes: (input.AttributeDefinitions ?? [])
      .map((definition) => `${definition.AttributeName ?? '?'}:${definition.AttributeType ?? '?'}`)
      .sort(),
    billingMode: input.billingMode,
    globalSecondaryIndexes: (input.GlobalSecondaryIndexes ?? [])
      .map((index) => ({
        name: index.IndexName ?? '?',
        keySchema: keySchemaShape(index.KeySchema),
        projection: [
          index.Projection?.ProjectionType ?? '?',
          ...[...(index.Projection?.NonKeyAttributes ?? [])].sort(),
        ].join(':'),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export function tableShapeOfDefinition(table: TableDefinition): TableShape {
  const input = toCreateTableInput(table);
  return shapeOf({ ...input, billingMode: table.billingMode });
}

export function tableShapeOfDescription(description: TableDescription): TableShape {
  return shapeOf({
    ...description,
    // DescribeTable omits BillingModeSummary for tables created PROVISIONED before it existed.
    billingMode: description.BillingModeSummary?.BillingMode ?? 'PROVISIONED',
  });
}
