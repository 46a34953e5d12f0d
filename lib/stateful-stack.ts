import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  type QueueDefinition,
  resourceDefinitions,
  withMaxReceiveCount,
} from '../functions/adapters/resource-definitions.ts';
import { UPLOADS_PREFIX } from '../functions/core/sync/upload-ticket.ts';

/** Where a pull from a producer's source keeps the raw file it ingested (functions/core/source/pull-source.ts). */
const PULLS_PREFIX = 'pulls/';

import type { DeploymentConfig } from './config.ts';
import { queueFromDefinition } from './constructs/queue-from-definition.ts';
import { tableFromDefinition } from './constructs/table-from-definition.ts';

export interface StatefulStackProps extends StackProps {
  readonly config: DeploymentConfig;
}

/** The JWT claim the handlers read (functions/middleware/producer-authorization.ts). */
export const PRODUCER_ID_ATTRIBUTE = 'producerId';

/**
 * Everything that holds data or identities: tables, queues, the object bucket, the producer user pool
 * and the alarm topic. Kept apart from the functions so redeploying code never touches data, and
 * retained on `cdk destroy` where losing it would lose producers' state.
 */
export class StatefulStack extends Stack {
  readonly table: dynamodb.TableV2;
  readonly idempotencyTable: dynamodb.TableV2;
  /** The sync queue's definition as deployed (maxReceiveCount from config). */
  readonly syncQueueDefinition: QueueDefinition;
  readonly syncQueue: sqs.Queue;
  readonly syncDeadLetterQueue: sqs.Queue;
  readonly bucket: s3.Bucket;
  /**
   * Export name of the bucket ARN as the stateless stack imports it. cdk-nag names findings on
   * imported ARNs after the export, so acknowledgements there need it; exporting explicitly here
   * yields the same export CDK would create for the reference, with a name we can read.
   */
  readonly bucketArnExportName: string;
  readonly accessLogsBucket: s3.Bucket;
  readonly userPool: cognito.UserPool;
  readonly userPoolClient: cognito.UserPoolClient;
  readonly alarmTopic: sns.Topic;
  readonly alarmTopicKey: kms.Key;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { tables, queues } = resourceDefinitions;

    this.table = tableFromDefinition(this, tables.main);
    // Idempotency records expire within hours and can always be rebuilt: not worth retaining.
    this.idempotencyTable = tableFromDefinition(this, tables.idempotency, {
      removalPolicy: RemovalPolicy.DESTROY,
      deletionProtection: false,
    });

    this.syncQueueDefinition = withMaxReceiveCount(queues.sync, config.maxReceiveCount);
    const sync = queueFromDefinition(this, this.syncQueueDefinition, {
      // DynamoDB sync state is the source of truth: the scheduled sync re-queues whatever a deleted
      // queue held. The DLQ is retained: it holds the only copy of tasks that failed every delivery.
      removalPolicy: RemovalPolicy.DESTROY,
      deadLetterRemovalPolicy: RemovalPolicy.RETAIN,
    });
    if (!sync.deadLetterQueue) throw new Error(`${this.syncQueueDefinition.queueName} must have a DLQ`);
    this.syncQueue = sync.queue;
    this.syncDeadLetterQueue = sync.deadLetterQueue;

    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // No access logging of its own: cdk-nag (S1) recognises a log-delivery target and does not ask.

    this.bucket = new s3.Bucket(this, 'ObjectsBucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'objects-bucket/',
      lifecycleRules: [
        {
          abortIncompleteMultipartUploadAfter: Duration.days(1),
          // Feeds are rewritten on every schedule run: keep old versions long enough to roll back.
          noncurrentVersionExpiration: Duration.days(30),
        },
        {
          id: 'ExpireRawUploads',
          // Raw files are kept only as long as a producer may want to read one again; what was read
          // from them (products, reports) lives elsewhere. Incomplete multipart uploads go after a day.
          prefix: UPLOADS_PREFIX,
          expiration: Duration.days(config.uploadRetentionDays),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        {
          id: 'ExpireRawPulls',
          // The raw file of each changed pull from a producer's source: kept as uploads are.
          prefix: PULLS_PREFIX,
          expiration: Duration.days(config.uploadRetentionDays),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
      // The portal PUTs uploads straight to the bucket through presigned URLs.
      cors: [
        {
          allowedMethods: [s3.HttpMethods.PUT],
          allowedOrigins: [...config.uploadCorsOrigins],
          allowedHeaders: ['content-type', 'content-length'],
          exposedHeaders: ['ETag'],
          maxAge: 3600,
        },
        {
          // A feed download answers with a redirect to a presigned GET: the page follows it with fetch.
          allowedMethods: [s3.HttpMethods.GET],
          allowedOrigins: [...config.uploadCorsOrigins],
          maxAge: 3600,
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // S3 "Object Created" events go to EventBridge, where a rule sends uploads/ to the async ingest.
    // Set on the bucket itself (CloudFormation's EventBridgeConfiguration), not through the
    // `eventBridgeEnabled` prop, which CDK implements with a custom-resource Lambda of its own.
    (this.bucket.node.defaultChild as s3.CfnBucket).addPropertyOverride(
      'NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled',
      true,
    );

    this.bucketArnExportName = importedName(this, this.exportValue(this.bucket.bucketArn));

    this.userPool = new cognito.UserPool(this, 'ProducerUserPool', {
      userPoolName: 'feedbridge-producers',
      // Producers are onboarded by an operator (docs/deploy.md), never by signing themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      customAttributes: {
        // Immutable: the id in a token must always name the same producer, so no one can change it.
        [PRODUCER_ID_ATTRIBUTE]: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: false }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'Producers call the API from scripts and integrations with USER_PASSWORD_AUTH; TOTP MFA is available (optional) for interactive users, required MFA would break those integrations.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection needs the paid Cognito Plus feature plan; producer accounts are operator-created (no self sign-up) with a 12-character, all-classes password policy, and the API is throttled.',
      },
    );

    this.userPoolClient = this.userPool.addClient('ProducerApiClient', {
      userPoolClientName: 'feedbridge-api',
      // A public client: tokens are obtained with the AWS CLI or an SDK, no secret to distribute.
      generateSecret: false,
      authFlows: { userPassword: true, userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes(PRODUCER_ID_ATTRIBUTE),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
    });

    // CloudWatch can publish to an encrypted topic only through a customer-managed key that lets it.
    const alarmKey = new kms.Key(this, 'AlarmTopicKey', {
      description: 'feedbridge alarm topic encryption',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // The statement AWS documents for alarms on an encrypted topic ('*' in a key policy is this key).
    alarmKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.alarmTopicKey = alarmKey;
    this.alarmTopic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'feedbridge alarms',
      masterKey: alarmKey,
      enforceSSL: true,
    });
    // enforceSSL attaches a topic policy, which replaces the default one: let this account's alarms in.
    this.alarmTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowThisAccountsAlarms',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    if (config.alarmEmail) {
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));
    }

    const output = (name: string, value: string, description: string) =>
      new CfnOutput(this, name, { value, description });
    output('TableName', this.table.tableName, 'Main DynamoDB table (TABLE_NAME)');
    output('BucketName', this.bucket.bucketName, 'Uploads, reports, outbox and feeds (BUCKET_NAME)');
    output('SyncQueueUrl', this.syncQueue.queueUrl, 'Sync task queue (SYNC_QUEUE_URL)');
    output('SyncQueueArn', this.syncQueue.queueArn, 'Destination when replaying the DLQ');
    output('DeadLetterQueueUrl', this.syncDeadLetterQueue.queueUrl, 'Sync tasks that failed every delivery');
    output(
      'DeadLetterQueueArn',
      this.syncDeadLetterQueue.queueArn,
      'Source for aws sqs start-message-move-task',
    );
    output('UserPoolId', this.userPool.userPoolId, 'Producer user pool');
    output('UserPoolClientId', this.userPoolClient.userPoolClientId, 'App client for initiate-auth');
    output('AlarmTopicArn', this.alarmTopic.topicArn, 'Subscribe on-call here');
  }
}

/** The export name inside the `Fn::ImportValue` token that `Stack.exportValue` returns. */
function importedName(stack: Stack, importToken: string): string {
  const resolved: unknown = stack.resolve(importToken);
  if (typeof resolved === 'object' && resolved !== null && 'Fn::ImportValue' in resolved) {
    const name = resolved['Fn::ImportValue'];
    if (typeof name === 'string') return name;
  }
  throw new Error(`expected an Fn::ImportValue with a literal name, got ${JSON.stringify(resolved)}`);
}
