import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type {
  GlobalSecondaryIndexDefinition,
  KeyAttribute,
  KeyAttributeType,
  ProjectionType,
  TableDefinition,
} from '../../functions/adapters/resource-definitions.ts';

// The definitions use the strings CDK's enums carry, so these are lookups; a Record keyed by the
// definition's union fails to compile if a new value is added there and not here.
const ATTRIBUTE_TYPES: Record<KeyAttributeType, dynamodb.AttributeType> = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY,
};

const PROJECTION_TYPES: Record<ProjectionType, dynamodb.ProjectionType> = {
  ALL: dynamodb.ProjectionType.ALL,
  KEYS_ONLY: dynamodb.ProjectionType.KEYS_ONLY,
  INCLUDE: dynamodb.ProjectionType.INCLUDE,
};

const BILLING: Record<TableDefinition['billingMode'], () => dynamodb.Billing> = {
  PAY_PER_REQUEST: () => dynamodb.Billing.onDemand(),
};

function attribute(key: KeyAttribute): dynamodb.Attribute {
  return { name: key.name, type: ATTRIBUTE_TYPES[key.type] };
}

function globalSecondaryIndex(index: GlobalSecondaryIndexDefinition): dynamodb.GlobalSecondaryIndexPropsV2 {
  return {
    indexName: index.indexName,
    partitionKey: attribute(index.partitionKey),
    ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
    projectionType: PROJECTION_TYPES[index.projectionType],
    ...(index.projectionType === 'INCLUDE' ? { nonKeyAttributes: [...(index.nonKeyAttributes ?? [])] } : {}),
  };
}

export interface TableFromDefinitionOptions {
  /** Default RETAIN: the table is the source of truth and must survive `cdk destroy`. */
  readonly removalPolicy?: RemovalPolicy;
  /** Default true, for the same reason; turn off only for tables whose content is disposable. */
  readonly deletionProtection?: boolean;
  /** Default: the definition's tableName, so the local stack and AWS use the same name. */
  readonly tableName?: string;
}

/**
 * A DynamoDB table built from its single-sourced definition: keys, indexes and TTL come only from the
 * definition; this adds what only a deployment has (encryption, point-in-time recovery, retention).
 */
export function tableFromDefinition(
  scope: Construct,
  definition: TableDefinition,
  options: TableFromDefinitionOptions = {},
): dynamodb.TableV2 {
  return new dynamodb.TableV2(scope, definition.logicalId, {
    tableName: options.tableName ?? definition.tableName,
    partitionKey: attribute(definition.partitionKey),
    ...(definition.sortKey ? { sortKey: attribute(definition.sortKey) } : {}),
    billing: BILLING[definition.billingMode](),
    globalSecondaryIndexes: definition.globalSecondaryIndexes.map(globalSecondaryIndex),
    ...(definition.timeToLiveAttribute ? { timeToLiveAttribute: definition.timeToLiveAttribute } : {}),
    // AWS-managed key rather than the DynamoDB-owned default: key use shows in CloudTrail.
    encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: options.deletionProtection ?? true,
    removalPolicy: options.removalPolicy ?? RemovalPolicy.RETAIN,
  });
}
