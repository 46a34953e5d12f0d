import { CfnOutput, Duration, Lazy, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import fxRates from '../config/fx-rates.json' with { type: 'json' };
import {
  FUNCTION_TIMEOUT_SECONDS,
  HTTP_API_INTEGRATION_TIMEOUT_SECONDS,
  type QueueDefinition,
  resourceDefinitions,
  SCHEDULED_SYNC_INPUT,
  type SqsEventSourceDefinition,
  SYNC_WORKER_TIMEOUT_SECONDS,
} from '../functions/adapters/resource-definitions.ts';
import { kindTakenBy } from '../functions/core/channels/channel-kinds.ts';
import { googleMerchantTargetsText } from '../functions/core/channels/google-merchant/targets.ts';
import type { DeploymentConfig } from './config.ts';
import { sqsEventSourceFromDefinition } from './constructs/event-source-from-definition.ts';
import { FeedbridgeFunction } from './constructs/feedbridge-function.ts';
import { InvokeFunctionTarget } from './constructs/invoke-function-target.ts';
import { PortalDistribution } from './constructs/portal-distribution.ts';
import { SyncMonitoring } from './constructs/sync-monitoring.ts';

export interface StatelessStackProps extends StackProps {
  readonly config: DeploymentConfig;
  readonly table: dynamodb.ITableV2;
  /** Powertools idempotency records: a schedule event delivered twice runs the sync once. */
  readonly idempotencyTable: dynamodb.ITableV2;
  readonly syncQueue: sqs.IQueue;
  /** The sync queue's definition as deployed: its visibility timeout is checked against the worker. */
  readonly syncQueueDefinition: QueueDefinition;
  readonly syncDeadLetterQueue: sqs.IQueue;
  readonly bucket: s3.IBucket;
  /** How cdk-nag names the imported bucket ARN in findings (see StatefulStack.bucketArnExportName). */
  readonly bucketArnExportName: string;
  readonly userPool: cognito.IUserPool;
  readonly userPoolClient: cognito.IUserPoolClient;
  readonly alarmTopic: sns.ITopic;
}

/**
 * Object-key prefixes each function reads or writes (docs/data-model.md, "Object storage"). Grants
 * are per prefix, so e.g. the status reader cannot read raw uploads and the worker cannot touch feeds.
 */
export const OBJECT_PREFIXES = {
  uploads: 'uploads/',
  reports: 'reports/',
  outbox: 'outbox/',
  feeds: 'feeds/',
  /** The raw file of each changed pull from a producer's source, as uploads/ keeps uploads. */
  pulls: 'pulls/',
} as const;

export type FunctionName =
  | 'ingestCatalogue'
  | 'syncWorker'
  | 'scheduledSync'
  | 'syncStatus'
  | 'createUpload'
  | 'ingestUpload'
  | 'producerProfile'
  | 'producerFeeds'
  | 'sourcePull'
  | 'scheduledPull';

/** How often the scheduled pull looks for due sources: the shortest `every` a profile may give. */
const SOURCE_PULL_RATE = 'rate(5 minutes)';
/** A pull through the HTTP API fetches for at most this long, inside the gateway's 30 s. */
const SOURCE_PULL_FETCH_TIMEOUT_MS = 15_000;

/** SSM standard parameters hold at most 4 KB; advanced ones cost money and are not needed here. */
const SSM_STANDARD_MAX_BYTES = 4096;

/**
 * The code: the handlers, the HTTP API in front of the producer routes, the portal's CloudFront
 * distribution (with the API on its origin), the schedule, the FX-rate parameter, alarms and the
 * dashboard. Holds no data (the portal bucket is build output; only its access logs are retained),
 * so it can be redeployed or replaced freely.
 */
export class StatelessStack extends Stack {
  readonly functions: Readonly<Record<FunctionName, FeedbridgeFunction>>;
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly schedule: scheduler.Schedule;
  readonly fxRatesParameter: ssm.StringParameter;
  readonly monitoring: SyncMonitoring;
  /** The producer portal: its bucket, distribution, managed-login domain and app client. */
  readonly portal: PortalDistribution;
  /** The upload path's rule, failure queue and alarms. */
  readonly uploads: UploadEvents;
  /** The source pulls' schedule, failure queue and alarms. */
  readonly pulls: PullSchedule;
  /** The event-source settings as deployed (definition defaults, overridden by context). */
  readonly syncEventSource: SqsEventSourceDefinition;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config, table, syncQueue, bucket } = props;
    const maxReceiveCount = props.syncQueueDefinition.deadLetterQueue?.maxReceiveCount;
    if (maxReceiveCount === undefined) throw new Error('the sync queue must have a dead-letter queue');
    // Lambda's guidance: a batch still being retried inside one invocation must not become visible.
    if (props.syncQueueDefinition.visibilityTimeoutSeconds < 6 * SYNC_WORKER_TIMEOUT_SECONDS) {
      throw new Error(
        `sync queue visibility timeout ${props.syncQueueDefinition.visibilityTimeoutSeconds} s is under 6 x the worker timeout (${SYNC_WORKER_TIMEOUT_SECONDS} s)`,
      );
    }

    for (const name of [
      'ingest-catalogue',
      'sync-status',
      'producer-profile',
      'producer-feeds',
      'source-pull',
    ] as const) {
      if (FUNCTION_TIMEOUT_SECONDS[name] >= HTTP_API_INTEGRATION_TIMEOUT_SECONDS) {
        throw new Error(
          `${name} must time out before the HTTP API's ${HTTP_API_INTEGRATION_TIMEOUT_SECONDS} s integration timeout`,
        );
      }
    }

    const fxRatesValue = JSON.stringify(fxRates);
    if (Buffer.byteLength(fxRatesValue) > SSM_STANDARD_MAX_BYTES) {
      throw new Error(
        `config/fx-rates.json is over ${SSM_STANDARD_MAX_BYTES} bytes: too big for a standard parameter`,
      );
    }
    this.fxRatesParameter = new ssm.StringParameter(this, 'FxRatesParameter', {
      parameterName: config.fxRatesParameterName,
      stringValue: fxRatesValue,
      description: 'feedbridge FX rates to CNY (config/fx-rates.json at deploy time)',
      tier: ssm.ParameterTier.STANDARD,
    });

    const logRetention = config.logRetentionDays;
    const common: Record<string, string> = {
      TABLE_NAME: table.tableName,
      // Every handler's configuration requires the queue URL, even those that never send.
      SYNC_QUEUE_URL: syncQueue.queueUrl,
      BUCKET_NAME: bucket.bucketName,
      CHANNELS: config.channels.join(','),
      POWERTOOLS_SERVICE_NAME: config.serviceName,
      POWERTOOLS_LOG_LEVEL: config.logLevel,
      POWERTOOLS_METRICS_NAMESPACE: config.metricsNamespace,
      AWS_MAX_ATTEMPTS: String(config.awsMaxAttempts),
      // Stack traces point into the TypeScript sources through the bundled source maps.
      NODE_OPTIONS: '--enable-source-maps',
    };
    const takesTours = config.channels.some((channel) => kindTakenBy(channel) === 'tour');
    if (config.channels.includes('google-merchant')) {
      common.GOOGLE_MERCHANT_TARGETS = googleMerchantTargetsText(config.googleMerchantTargets);
    }

    const ingestCatalogue = new FeedbridgeFunction(this, 'IngestCatalogue', {
      entry: 'functions/ingest-catalogue.ts',
      description: 'POST /producers/{producerId}/catalogues: parse, validate, diff, queue sync tasks',
      // Parsing XLSX and hashing a whole catalogue is CPU-bound: more memory is more CPU.
      memorySize: 1024,
      // Just under the HTTP API's 30 s integration limit, so the function, not the gateway, times out.
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS['ingest-catalogue']),
      environment: common,
      logRetention,
    });
    const syncWorker = new FeedbridgeFunction(this, 'SyncWorker', {
      entry: 'functions/sync-worker.ts',
      description: 'Sync queue consumer: transform, validate and publish one item per channel',
      memorySize: 512,
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS['sync-worker']),
      environment: {
        ...common,
        MAX_RECEIVE_COUNT: String(maxReceiveCount),
        // Only the worker converts prices; the others keep the bundled rates file if they read any.
        FX_RATES_PARAMETER: this.fxRatesParameter.parameterName,
      },
      logRetention,
    });
    const scheduledSync = new FeedbridgeFunction(this, 'ScheduledSync', {
      entry: 'functions/scheduled-sync.ts',
      description: 'Schedule: rebuild full channel feeds, re-queue stale or failed items',
      memorySize: 1024,
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS['scheduled-sync']),
      environment: {
        ...common,
        STALE_AFTER_SECONDS: String(config.staleAfterSeconds),
        MAX_REQUEUES: String(config.maxRequeues),
        IDEMPOTENCY_TABLE_NAME: props.idempotencyTable.tableName,
        // With a tour channel it makes every tour's calendar again each run, in CNY at current rates.
        ...(takesTours ? { FX_RATES_PARAMETER: this.fxRatesParameter.parameterName } : {}),
      },
      logRetention,
    });
    const syncStatus = new FeedbridgeFunction(this, 'SyncStatus', {
      entry: 'functions/sync-status.ts',
      description: 'GET catalogue report and sync status for one producer',
      memorySize: 512,
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS['sync-status']),
      environment: common,
      logRetention,
    });
    const createUpload = new FeedbridgeFunction(this, 'CreateUpload', {
      entry: 'functions/create-upload.ts',
      description: 'POST /producers/{producerId}/uploads: a presigned S3 PUT and an AWAITING_UPLOAD record',
      memorySize: 512,
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS['create-upload']),
      environment: { ...common, UPLOAD_MAX_BYTES: String(config.uploadMaxBytes) },
      logRetention,
    });
    const ingestUpload = new FeedbridgeFunction(this, 'IngestUpload', {
      entry: 'functions/ingest-upload.ts',
      description: 'S3 Object Created under uploads/ (EventBridge): stream, parse, diff, write in batches',
      // CPU-bound like the direct ingest, on files up to UPLOAD_MAX_BYTES: more memory is more CPU,
      // and the findings of a file refused row by row are held until its report is stored.
      memorySize: 3008,
      // Lambda's maximum, for a file at UPLOAD_MAX_BYTES (docs/benchmarks.md has the measured rate).
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS['ingest-upload']),
      environment: { ...common, UPLOAD_MAX_BYTES: String(config.uploadMaxBytes) },
      logRetention,
    });
    const producerProfile = new FeedbridgeFunction(this, 'ProducerProfile', {
      entry: 'functions/producer-profile.ts',
      description: 'GET and PUT /producers/{producerId}/profile: the versioned producer profile',
      memorySize: 512,
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS['producer-profile']),
      environment: common,
      logRetention,
    });
    const producerFeeds = new FeedbridgeFunction(this, 'ProducerFeeds', {
      entry: 'functions/producer-feeds.ts',
      description: 'GET /producers/{producerId}/feeds[/{channel}] and .../channels/{channel}/items[/{sku}]',
      memorySize: 512,
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS['producer-feeds']),
      environment: common,
      logRetention,
    });
    const sourcePull = new FeedbridgeFunction(this, 'SourcePull', {
      entry: 'functions/source-pull.ts',
      description:
        "POST /producers/{producerId}/pulls: fetch the profile's source now, ingest it if it changed",
      memorySize: 1024,
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS['source-pull']),
      environment: {
        ...common,
        UPLOAD_MAX_BYTES: String(config.uploadMaxBytes),
        // Inside the HTTP API's 30 s: a source too slow for it is left to the scheduled pull.
        SOURCE_FETCH_TIMEOUT_MS: String(SOURCE_PULL_FETCH_TIMEOUT_MS),
      },
      logRetention,
    });
    const scheduledPull = new FeedbridgeFunction(this, 'ScheduledPull', {
      entry: 'functions/scheduled-pull.ts',
      description: "Schedule: fetch every producer's due source (If-None-Match), ingest the changed ones",
      memorySize: 3008,
      timeout: Duration.seconds(FUNCTION_TIMEOUT_SECONDS['scheduled-pull']),
      environment: { ...common, UPLOAD_MAX_BYTES: String(config.uploadMaxBytes) },
      logRetention,
    });
    this.functions = {
      ingestCatalogue,
      syncWorker,
      scheduledSync,
      syncStatus,
      createUpload,
      ingestUpload,
      producerProfile,
      producerFeeds,
      sourcePull,
      scheduledPull,
    };

    // Least privilege, action by action (docs/data-model.md "Access patterns" lists each call).
    const tableArn = table.tableArn;
    const indexArns = resourceDefinitions.tables.main.globalSecondaryIndexes.map(
      (index) => `${tableArn}/index/${index.indexName}`,
    );
    const objects = (prefix: string) => bucket.arnForObjects(`${prefix}*`);

    ingestCatalogue.allow(
      [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'dynamodb:PutItem',
        'dynamodb:BatchWriteItem',
      ],
      [tableArn],
    );
    ingestCatalogue.allow(['sqs:SendMessage'], [syncQueue.queueArn]);
    ingestCatalogue.allow(
      ['s3:PutObject'],
      [objects(OBJECT_PREFIXES.uploads), objects(OBJECT_PREFIXES.reports)],
    );
    // A repeated upload answers with the stored report; a re-read streams the stored raw upload.
    ingestCatalogue.allow(
      ['s3:GetObject'],
      [objects(OBJECT_PREFIXES.uploads), objects(OBJECT_PREFIXES.reports)],
    );

    // The conditional PutItem of a sync state is the worker's only table access.
    // GetItem: the producer's profile, whose feed rules shape the channel output.
    syncWorker.allow(['dynamodb:PutItem', 'dynamodb:GetItem'], [tableArn]);
    syncWorker.allow(['s3:PutObject'], [objects(OBJECT_PREFIXES.outbox)]);
    syncWorker.allow(['ssm:GetParameter'], [this.fxRatesParameter.parameterArn]);

    // PutItem: the conditional record of a re-queue (count and backoff), or of a parked item.
    scheduledSync.allow(['dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:PutItem'], [tableArn]);
    // What Powertools idempotency does with its records: conditional put, read, complete, release.
    scheduledSync.allow(
      ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      [props.idempotencyTable.tableArn],
    );
    scheduledSync.allow(['dynamodb:Query'], indexArns);
    scheduledSync.allow(['sqs:SendMessage'], [syncQueue.queueArn]);
    // The FX rates a tour's calendar is priced with when each run makes it again (fliggy only).
    if (takesTours) scheduledSync.allow(['ssm:GetParameter'], [this.fxRatesParameter.parameterArn]);
    // Feeds are streamed as multipart uploads; an aborted feed must not leave parts behind.
    scheduledSync.allow(['s3:PutObject', 's3:AbortMultipartUpload'], [objects(OBJECT_PREFIXES.feeds)]);

    syncStatus.allow(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'], [tableArn]);
    // Also what its presigned report URLs are signed with: a GET of reports/ only.
    syncStatus.allow(['s3:GetObject'], [objects(OBJECT_PREFIXES.reports)]);

    // The conditional PutItem of an AWAITING_UPLOAD record; the presigned PUT is signed with this
    // role, so it can only ever put under uploads/.
    createUpload.allow(['dynamodb:PutItem'], [tableArn]);
    createUpload.allow(['s3:PutObject'], [objects(OBJECT_PREFIXES.uploads)]);

    ingestUpload.allow(
      [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'dynamodb:PutItem',
        'dynamodb:BatchWriteItem',
      ],
      [tableArn],
    );
    ingestUpload.allow(['sqs:SendMessage'], [syncQueue.queueArn]);
    // A pull is an ingest (the same table calls, the queue, reports/) plus its raw file under pulls/
    // and its source record; the scheduled one also reads the SOURCES index.
    for (const pull of [sourcePull, scheduledPull]) {
      pull.allow(
        [
          'dynamodb:GetItem',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
          'dynamodb:PutItem',
          'dynamodb:BatchWriteItem',
        ],
        [tableArn],
      );
      pull.allow(['sqs:SendMessage'], [syncQueue.queueArn]);
      pull.allow(['s3:PutObject'], [objects(OBJECT_PREFIXES.pulls), objects(OBJECT_PREFIXES.reports)]);
      pull.allow(['s3:GetObject'], [objects(OBJECT_PREFIXES.reports)]);
    }
    scheduledPull.allow(['dynamodb:Query'], indexArns);
    this.pulls = this.pullSchedule(props, scheduledPull);

    // The profile is one item read and one conditional put (plus its version's item): nothing else.
    producerProfile.allow(['dynamodb:GetItem', 'dynamodb:PutItem'], [tableArn]);
    // Query: the FEED# records of one producer; BatchGetItem: one item's sync state.
    producerFeeds.allow(['dynamodb:Query', 'dynamodb:BatchGetItem'], [tableArn]);
    // Also what its presigned feed URLs are signed with: a GET of feeds/ only.
    producerFeeds.allow(['s3:GetObject'], [objects(OBJECT_PREFIXES.feeds)]);
    ingestUpload.allow(['s3:GetObject'], [objects(OBJECT_PREFIXES.uploads)]);
    ingestUpload.allow(['s3:PutObject', 's3:GetObject'], [objects(OBJECT_PREFIXES.reports)]);
    this.uploads = this.uploadEvents(props, ingestUpload);

    // Adds exactly the consume actions (receive, delete, change visibility) on the sync queue.
    const deployedEventSource: SqsEventSourceDefinition = {
      ...resourceDefinitions.eventSources.sync,
      batchSize: config.workerBatchSize,
      maxBatchingWindowSeconds: config.workerMaxBatchingWindowSeconds,
      maxConcurrency: config.workerMaxConcurrency,
    };
    this.syncEventSource = deployedEventSource;
    syncWorker.function.addEventSource(sqsEventSourceFromDefinition(syncQueue, deployedEventSource));

    for (const fn of Object.values(this.functions)) {
      Validations.of(fn.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Only xray:PutTraceSegments and xray:PutTelemetryRecords (added by tracing: ACTIVE) use "*": X-Ray has no resource-level permissions. Tests assert no other action has a "*" resource.',
      });
    }
    // Object keys cannot be granted one by one: each prefix grant ends in '*'. Acknowledged per
    // function and per prefix it was actually granted, never for the whole bucket.
    const prefixGrants: Record<FunctionName, readonly string[]> = {
      ingestCatalogue: [OBJECT_PREFIXES.uploads, OBJECT_PREFIXES.reports],
      syncWorker: [OBJECT_PREFIXES.outbox],
      scheduledSync: [OBJECT_PREFIXES.feeds],
      syncStatus: [OBJECT_PREFIXES.reports],
      createUpload: [OBJECT_PREFIXES.uploads],
      ingestUpload: [OBJECT_PREFIXES.uploads, OBJECT_PREFIXES.reports],
      producerProfile: [],
      producerFeeds: [OBJECT_PREFIXES.feeds],
      sourcePull: [OBJECT_PREFIXES.pulls, OBJECT_PREFIXES.reports],
      scheduledPull: [OBJECT_PREFIXES.pulls, OBJECT_PREFIXES.reports],
    };
    for (const [name, prefixes] of Object.entries(prefixGrants) as [FunctionName, readonly string[]][]) {
      for (const prefix of prefixes) {
        Validations.of(this.functions[name].role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${props.bucketArnExportName}/${prefix}*]`,
          reason: `Objects under ${prefix} are keyed by producer and id (docs/data-model.md): access is granted to that one prefix, not to the bucket.`,
        });
      }
    }

    // The issuer is the pool's provider URL; its provider name is that URL without the scheme.
    const issuer = `https://${props.userPool.userPoolProviderName}`;
    // The portal's client is made with the distribution, which needs the API: its id joins at synth.
    const audiences = [props.userPoolClient.userPoolClientId];
    const authorizer = new HttpJwtAuthorizer('ProducerJwtAuthorizer', issuer, {
      authorizerName: 'producer-jwt',
      // ID tokens carry the custom:producerId claim (access tokens do not) and have aud = the client id.
      jwtAudience: Lazy.list({ produce: () => audiences }),
      identitySource: ['$request.header.Authorization'],
    });
    this.api = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: 'feedbridge',
      description: 'feedbridge producer API',
      // The stage is created below with throttling and access logs, which the default one lacks.
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
    });
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.apiThrottleRateLimit, burstLimit: config.apiThrottleBurstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigwAccessLogFormat(),
      },
    });

    this.portal = new PortalDistribution(this, 'Portal', {
      api: this.api,
      userPool: props.userPool,
      cognitoDomainPrefix: config.cognitoDomainPrefix ?? `feedbridge-${this.account}`,
      uploadBucket: bucket,
    });
    audiences.push(this.portal.userPoolClient.userPoolClientId);

    // The integrations keep the HTTP API's default (and maximum) timeout, HTTP_API_INTEGRATION_TIMEOUT_SECONDS:
    // CDK refuses to state it (its check stops at WebSocket APIs' 29 s), and the functions stay under it.
    const ingestIntegration = new HttpLambdaIntegration(
      'IngestCatalogueIntegration',
      ingestCatalogue.function,
    );
    const statusIntegration = new HttpLambdaIntegration('SyncStatusIntegration', syncStatus.function);
    const uploadIntegration = new HttpLambdaIntegration('CreateUploadIntegration', createUpload.function);
    const profileIntegration = new HttpLambdaIntegration(
      'ProducerProfileIntegration',
      producerProfile.function,
    );
    const feedsIntegration = new HttpLambdaIntegration('ProducerFeedsIntegration', producerFeeds.function);
    const pullIntegration = new HttpLambdaIntegration('SourcePullIntegration', sourcePull.function);
    // Every producer route, each behind the JWT authorizer (docs/api.md).
    const routes: [string, apigwv2.HttpMethod, HttpLambdaIntegration][] = [
      ['/producers/{producerId}/catalogues', apigwv2.HttpMethod.POST, ingestIntegration],
      ['/producers/{producerId}/catalogues/{catalogueId}/reads', apigwv2.HttpMethod.POST, ingestIntegration],
      ['/producers/{producerId}/catalogues/{catalogueId}', apigwv2.HttpMethod.GET, statusIntegration],
      ['/producers/{producerId}/catalogues', apigwv2.HttpMethod.GET, statusIntegration],
      [
        '/producers/{producerId}/catalogues/{catalogueId}/findings',
        apigwv2.HttpMethod.GET,
        statusIntegration,
      ],
      ['/producers/{producerId}/uploads', apigwv2.HttpMethod.POST, uploadIntegration],
      ['/producers/{producerId}/sync-status', apigwv2.HttpMethod.GET, statusIntegration],
      ['/producers/{producerId}/profile', apigwv2.HttpMethod.GET, profileIntegration],
      ['/producers/{producerId}/profile', apigwv2.HttpMethod.PUT, profileIntegration],
      ['/producers/{producerId}/feeds', apigwv2.HttpMethod.GET, feedsIntegration],
      ['/producers/{producerId}/feeds/{channel}', apigwv2.HttpMethod.GET, feedsIntegration],
      ['/producers/{producerId}/channels/{channel}/items/{sku}', apigwv2.HttpMethod.GET, feedsIntegration],
      // The same item by ?sku=: a SKU with "/" cannot travel in a path HTTP APIs decode before routing.
      ['/producers/{producerId}/channels/{channel}/items', apigwv2.HttpMethod.GET, feedsIntegration],
      ['/producers/{producerId}/pulls', apigwv2.HttpMethod.POST, pullIntegration],
    ];
    for (const [path, method, integration] of routes) {
      this.api.addRoutes({ path, methods: [method], integration, authorizer });
    }

    const schedulerRole = new iam.Role(this, 'ScheduledSyncInvokeRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'EventBridge Scheduler: invoke scheduled-sync, nothing else',
    });
    schedulerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [scheduledSync.function.functionArn],
      }),
    );
    this.schedule = new scheduler.Schedule(this, 'ScheduledSyncSchedule', {
      description: 'feedbridge: rebuild feeds and re-queue stale items',
      schedule: scheduler.ScheduleExpression.expression(config.scheduleRate),
      target: new InvokeFunctionTarget(scheduledSync.function, {
        role: schedulerRole,
        // A missed run is made good by the next one; retrying a late run would only overlap it.
        retryAttempts: 2,
        maxEventAge: Duration.minutes(10),
        input: scheduler.ScheduleTargetInput.fromObject(SCHEDULED_SYNC_INPUT),
      }),
    });

    this.monitoring = new SyncMonitoring(this, 'Monitoring', {
      alarmTopic: props.alarmTopic,
      api: this.api,
      syncQueue,
      deadLetterQueue: props.syncDeadLetterQueue,
      ingest: ingestCatalogue.function,
      worker: syncWorker.function,
      scheduledSync: scheduledSync.function,
      syncStatus: syncStatus.function,
      queueAgeAlarmSeconds: config.queueAgeAlarmSeconds,
      metricsNamespace: config.metricsNamespace,
      serviceName: config.serviceName,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.stage.url, description: 'Base URL of the producer API' });
    new CfnOutput(this, 'PortalUrl', { value: this.portal.url, description: 'The producer portal' });
    new CfnOutput(this, 'PortalClientId', {
      value: this.portal.userPoolClient.userPoolClientId,
      description: "The portal's app client (managed login, code grant with PKCE)",
    });
    new CfnOutput(this, 'DashboardName', {
      value: this.monitoring.dashboard.dashboardName,
      description: 'CloudWatch dashboard of the sync flow',
    });
    const outputNames: Record<FunctionName, string> = {
      ingestCatalogue: 'IngestCatalogue',
      syncWorker: 'SyncWorker',
      scheduledSync: 'ScheduledSync',
      syncStatus: 'SyncStatus',
      createUpload: 'CreateUpload',
      ingestUpload: 'IngestUpload',
      producerProfile: 'ProducerProfile',
      producerFeeds: 'ProducerFeeds',
      sourcePull: 'SourcePull',
      scheduledPull: 'ScheduledPull',
    };
    for (const [name, fn] of Object.entries(this.functions) as [FunctionName, FeedbridgeFunction][]) {
      new CfnOutput(this, `${outputNames[name]}FunctionName`, { value: fn.function.functionName });
      new CfnOutput(this, `${outputNames[name]}LogGroupName`, {
        value: fn.logGroup.logGroupName,
        description: 'aws logs tail --follow <this>',
      });
    }
    new CfnOutput(this, 'FxRatesParameterName', {
      value: this.fxRatesParameter.parameterName,
      description: 'Update with aws ssm put-parameter; the worker picks it up after its cache expires',
    });
  }

  /**
   * S3 "Object Created" under uploads/<producer>/<catalogue>/<file> (EventBridge) -> ingest-upload,
   * invoked asynchronously: two retries by Lambda, then the event goes to the failure queue (also
   * the rule's dead-letter queue, for invocations EventBridge could not make), with an alarm on it
   * and on the function's errors. The key pattern leaves out the direct route's raw archives.
   */
  /**
   * Every few minutes, the scheduled pull fetches the sources that are due. Scheduler invokes it
   * asynchronously: a run that fails after its retries lands in its own failure queue, with alarms
   * like ingest-upload's. A missed run costs nothing: every source still due is pulled by the next.
   */
  private pullSchedule(props: StatelessStackProps, scheduledPull: FeedbridgeFunction): PullSchedule {
    const failureQueue = new sqs.Queue(this, 'ScheduledPullFailures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(failureQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue (on-failure destination) of scheduled-pull; it has an alarm.',
    });
    scheduledPull.function.configureAsyncInvoke({
      retryAttempts: 0,
      maxEventAge: Duration.minutes(10),
      onFailure: new destinations.SqsDestination(failureQueue),
    });
    const role = new iam.Role(this, 'ScheduledPullInvokeRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
      description: 'EventBridge Scheduler: invoke scheduled-pull, nothing else',
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [scheduledPull.function.functionArn],
      }),
    );
    const schedule = new scheduler.Schedule(this, 'ScheduledPullSchedule', {
      description: "feedbridge: pull producers' due sources",
      schedule: scheduler.ScheduleExpression.expression(SOURCE_PULL_RATE),
      target: new InvokeFunctionTarget(scheduledPull.function, {
        role,
        retryAttempts: 0,
        maxEventAge: Duration.minutes(10),
        input: scheduler.ScheduleTargetInput.fromObject({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
      }),
    });
    const action = new SnsAction(props.alarmTopic);
    const failureAlarm = new cloudwatch.Alarm(this, 'ScheduledPullFailuresNotEmpty', {
      metric: failureQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: 'A scheduled pull run failed: its event is in the failure queue.',
    });
    const errorsAlarm = new cloudwatch.Alarm(this, 'ScheduledPullErrors', {
      metric: scheduledPull.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription:
        'scheduled-pull failed (a source failure is recorded on the source and is not an error).',
    });
    failureAlarm.addAlarmAction(action);
    errorsAlarm.addAlarmAction(action);
    return { schedule, failureQueue, failureAlarm, errorsAlarm };
  }

  private uploadEvents(props: StatelessStackProps, ingestUpload: FeedbridgeFunction): UploadEvents {
    const failureQueue = new sqs.Queue(this, 'IngestUploadFailures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(failureQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue (on-failure destination and rule DLQ) of ingest-upload; it has an alarm and is replayed by an engineer (docs/reliability.md).',
    });
    ingestUpload.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(failureQueue),
    });
    const rule = new events.Rule(this, 'UploadObjectCreated', {
      description: 'feedbridge: an upload arrived under uploads/; ingest it',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [props.bucket.bucketName] },
          object: { key: events.Match.wildcard(`${OBJECT_PREFIXES.uploads}*/*/*`) },
        },
      },
    });
    rule.addTarget(
      new targets.LambdaFunction(ingestUpload.function, {
        deadLetterQueue: failureQueue,
        retryAttempts: 8,
        maxEventAge: Duration.hours(6),
      }),
    );
    const action = new SnsAction(props.alarmTopic);
    const failureAlarm = new cloudwatch.Alarm(this, 'IngestUploadFailuresNotEmpty', {
      metric: failureQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription:
        'An upload could not be ingested after every retry: its event is in the failure queue.',
    });
    const errorsAlarm = new cloudwatch.Alarm(this, 'IngestUploadErrors', {
      metric: ingestUpload.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 0,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: 'ingest-upload failed (it is retried; the failure queue alarm says when it gave up).',
    });
    failureAlarm.addAlarmAction(action);
    errorsAlarm.addAlarmAction(action);
    return { rule, failureQueue, failureAlarm, errorsAlarm };
  }
}

export interface PullSchedule {
  readonly schedule: scheduler.Schedule;
  readonly failureQueue: sqs.Queue;
  readonly failureAlarm: cloudwatch.Alarm;
  readonly errorsAlarm: cloudwatch.Alarm;
}

export interface UploadEvents {
  readonly rule: events.Rule;
  readonly failureQueue: sqs.Queue;
  readonly failureAlarm: cloudwatch.Alarm;
  readonly errorsAlarm: cloudwatch.Alarm;
}

/** One JSON line per request, with what an engineer needs to trace an upload. */
function apigwAccessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: '$context.requestId',
      requestTime: '$context.requestTime',
      ip: '$context.identity.sourceIp',
      method: '$context.httpMethod',
      routeKey: '$context.routeKey',
      path: '$context.path',
      status: '$context.status',
      responseLength: '$context.responseLength',
      latencyMs: '$context.responseLatency',
      integrationLatencyMs: '$context.integrationLatency',
      integrationError: '$context.integrationErrorMessage',
      authorizerError: '$context.authorizer.error',
      subject: '$context.authorizer.claims.sub',
    }),
  );
}
