import type { TableDescription } from '@aws-sdk/client-dynamodb';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  resourceDefinitions,
  SYNC_WORKER_TIMEOUT_SECONDS,
  type TableDefinition,
  tableShapeOfDefinition,
  tableShapeOfDescription,
  toUpdateTimeToLiveInput,
} from '../../functions/adapters/resource-definitions.ts';
import { type SynthesizedFeedbridge, synthFeedbridge } from './synth-feedbridge.ts';

const { tables, queues } = resourceDefinitions;

let synth: SynthesizedFeedbridge;
beforeAll(() => {
  synth = synthFeedbridge();
});
afterAll(() => synth.cleanup());

type Resource = {
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
};

function tableResource(definition: TableDefinition): Resource {
  const found = synth.statefulTemplate.findResources('AWS::DynamoDB::GlobalTable', {
    Properties: { TableName: definition.tableName },
  });
  const resources = Object.values(found) as Resource[];
  expect(resources).toHaveLength(1);
  const [resource] = resources;
  if (!resource) throw new Error(`no table ${definition.tableName}`);
  return resource;
}

describe('stateful stack: tables from the single-sourced definitions', () => {
  it('creates exactly the defined tables', () => {
    synth.statefulTemplate.resourceCountIs('AWS::DynamoDB::GlobalTable', Object.keys(tables).length);
    synth.statefulTemplate.resourceCountIs('AWS::DynamoDB::Table', 0);
  });

  for (const [name, definition] of Object.entries(tables)) {
    it(`${name} table: keys, attributes, billing and indexes equal the definition`, () => {
      const properties = tableResource(definition).Properties;
      // Same comparison the local stack's test makes against DescribeTable.
      const asDescription = {
        KeySchema: properties.KeySchema,
        AttributeDefinitions: properties.AttributeDefinitions,
        BillingModeSummary: { BillingMode: properties.BillingMode },
        GlobalSecondaryIndexes: properties.GlobalSecondaryIndexes,
      } as TableDescription;
      expect(tableShapeOfDescription(asDescription)).toEqual(tableShapeOfDefinition(definition));
    });

    it(`${name} table: TTL, encryption and point-in-time recovery`, () => {
      const properties = tableResource(definition).Properties;
      expect(properties.TimeToLiveSpecification).toEqual(
        toUpdateTimeToLiveInput(definition)?.TimeToLiveSpecification,
      );
      expect(properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      expect(properties.Replicas).toEqual([
        expect.objectContaining({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ]);
    });
  }

  it('retains the main table and protects it from deletion; the idempotency table is disposable', () => {
    const main = tableResource(tables.main);
    expect(main.DeletionPolicy).toBe('Retain');
    expect(main.UpdateReplacePolicy).toBe('Retain');
    expect(main.Properties.Replicas).toEqual([expect.objectContaining({ DeletionProtectionEnabled: true })]);
    expect(tableResource(tables.idempotency).DeletionPolicy).toBe('Delete');
  });
});

describe('stateful stack: queues', () => {
  const deadLetter = queues.sync.deadLetterQueue;

  it('creates the sync queue and its DLQ from the definitions, encrypted', () => {
    synth.statefulTemplate.resourceCountIs('AWS::SQS::Queue', 2);
    for (const definition of [queues.sync, queues.syncDeadLetter]) {
      synth.statefulTemplate.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: definition.queueName,
        VisibilityTimeout: definition.visibilityTimeoutSeconds,
        MessageRetentionPeriod: definition.retentionPeriodSeconds,
        ReceiveMessageWaitTimeSeconds: definition.receiveMessageWaitTimeSeconds,
        SqsManagedSseEnabled: true,
      });
    }
  });

  it('caps both queues at 256 KiB per message, the size products are bounded by at parse time', () => {
    for (const definition of [queues.sync, queues.syncDeadLetter]) {
      synth.statefulTemplate.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: definition.queueName,
        MaximumMessageSize: 262_144,
      });
    }
  });

  it('redrives to the DLQ after the defined number of receives', () => {
    const dlqId = synth.logicalId(synth.stateful.syncDeadLetterQueue);
    synth.statefulTemplate.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: queues.sync.queueName,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] },
        maxReceiveCount: deadLetter?.maxReceiveCount,
      },
    });
  });

  it('keeps the visibility timeout at least six times the worker timeout (as deployed)', () => {
    const worker =
      synth.statelessTemplate.toJSON().Resources[
        synth.logicalId(synth.stateless.functions.syncWorker.function)
      ];
    expect(worker.Properties.Timeout).toBe(SYNC_WORKER_TIMEOUT_SECONDS);
    const queue = Object.values(
      synth.statefulTemplate.findResources('AWS::SQS::Queue', {
        Properties: { QueueName: queues.sync.queueName },
      }),
    )[0] as Resource | undefined;
    expect(Number(queue?.Properties.VisibilityTimeout)).toBeGreaterThanOrEqual(6 * worker.Properties.Timeout);
  });

  it('refuses plain-HTTP access to both queues', () => {
    for (const queue of [synth.stateful.syncQueue, synth.stateful.syncDeadLetterQueue]) {
      synth.statefulTemplate.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: synth.logicalId(queue) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('retains the DLQ (the only copy of poison tasks) but not the rebuildable sync queue', () => {
    const template = synth.statefulTemplate.toJSON().Resources;
    expect(template[synth.logicalId(synth.stateful.syncDeadLetterQueue)].DeletionPolicy).toBe('Retain');
    expect(template[synth.logicalId(synth.stateful.syncQueue)].DeletionPolicy).toBe('Delete');
  });
});

describe('stateful stack: object bucket', () => {
  it('is encrypted, private, TLS-only, versioned, logged and retained', () => {
    const bucketId = synth.logicalId(synth.stateful.bucket);
    synth.statefulTemplate.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        LoggingConfiguration: {
          DestinationBucketName: { Ref: synth.logicalId(synth.stateful.accessLogsBucket) },
        },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
              Status: 'Enabled',
            }),
          ]),
        },
      }),
    });
    synth.statefulTemplate.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });

  it('lets S3 server access logging write to the log bucket, which is retained too', () => {
    const logBucketId = synth.logicalId(synth.stateful.accessLogsBucket);
    expect(synth.statefulTemplate.toJSON().Resources[logBucketId].DeletionPolicy).toBe('Retain');
    synth.statefulTemplate.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logBucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:PutObject',
            Principal: { Service: 'logging.s3.amazonaws.com' },
          }),
        ]),
      },
    });
  });
});

describe('stateful stack: producer identities', () => {
  it('has an immutable producerId attribute, so ID tokens carry custom:producerId', () => {
    synth.statefulTemplate.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        Schema: Match.arrayWith([
          Match.objectLike({ Name: 'producerId', AttributeDataType: 'String', Mutable: false }),
        ]),
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        DeletionProtection: 'ACTIVE',
        Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
      }),
    });
  });

  it('has a public client that can read but never write producerId', () => {
    const client = Object.values(synth.statefulTemplate.findResources('AWS::Cognito::UserPoolClient'));
    expect(client).toHaveLength(1);
    const properties = client[0]?.Properties;
    expect(properties.GenerateSecret).toBe(false);
    expect(properties.ExplicitAuthFlows).toEqual(expect.arrayContaining(['ALLOW_USER_PASSWORD_AUTH']));
    expect(properties.ReadAttributes).toContain('custom:producerId');
    expect(properties.WriteAttributes).not.toContain('custom:producerId');
  });
});

describe('stateful stack: alarm topic', () => {
  it('is encrypted with a rotating key CloudWatch may use, and TLS-only', () => {
    const keyId = synth.logicalId(synth.stateful.alarmTopicKey);
    synth.statefulTemplate.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    synth.statefulTemplate.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
    synth.statefulTemplate.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
  });

  it('has no subscription unless alarmEmail is set', () => {
    synth.statefulTemplate.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});
