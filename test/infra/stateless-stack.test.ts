import { readFileSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  resourceDefinitions,
  SYNC_WORKER_TIMEOUT_SECONDS,
} from '../../functions/adapters/resource-definitions.ts';
import { LAMBDA_RUNTIME } from '../../lib/constructs/feedbridge-function.ts';
import type { FunctionName } from '../../lib/stateless-stack.ts';
import { type SynthesizedFeedbridge, synthFeedbridge } from './synth-feedbridge.ts';

let synth: SynthesizedFeedbridge;
beforeAll(() => {
  synth = synthFeedbridge();
});
afterAll(() => synth.cleanup());

type Resource = { Type: string; Properties: Record<string, unknown> };

function resources(): Record<string, Resource> {
  return synth.statelessTemplate.toJSON().Resources as Record<string, Resource>;
}

function functionProperties(name: FunctionName): Record<string, unknown> {
  const resource = resources()[synth.logicalId(synth.stateless.functions[name].function)];
  if (!resource) throw new Error(`no function ${name}`);
  return resource.Properties;
}

function environmentOf(name: FunctionName): Record<string, unknown> {
  return (functionProperties(name).Environment as { Variables: Record<string, unknown> }).Variables;
}

const FUNCTION_NAMES: FunctionName[] = [
  'ingestCatalogue',
  'syncWorker',
  'scheduledSync',
  'syncStatus',
  'createUpload',
  'ingestUpload',
  'producerProfile',
  'producerFeeds',
  'sourcePull',
  'scheduledPull',
];

/** CDK's own copy function behind the portal's BucketDeployment (its runtime is aws-cdk-lib's). */
function deploymentFunction(): string {
  const handler = synth.stateless.portal.deployment.handlerRole.node.scope;
  if (!handler) throw new Error('BucketDeployment role without its function');
  return synth.logicalId(handler);
}

describe('stateless stack: functions', () => {
  it("has exactly its handlers and one helper function, the portal's BucketDeployment", () => {
    const ids = Object.keys(synth.statelessTemplate.findResources('AWS::Lambda::Function')).sort();
    expect(ids).toEqual(
      [
        ...FUNCTION_NAMES.map((name) => synth.logicalId(synth.stateless.functions[name].function)),
        deploymentFunction(),
      ].sort(),
    );
    synth.statefulTemplate.resourceCountIs('AWS::Lambda::Function', 0);
  });

  it('runs every handler on arm64, the current Node.js runtime, with X-Ray tracing', () => {
    expect(LAMBDA_RUNTIME.name).toMatch(/^nodejs(2[2-9]|[3-9]\d)\.x$/);
    for (const [id, fn] of Object.entries(synth.statelessTemplate.findResources('AWS::Lambda::Function'))) {
      if (id === deploymentFunction()) continue;
      expect(fn.Properties).toMatchObject({
        Runtime: LAMBDA_RUNTIME.name,
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
      });
    }
  });

  it('gives every function its own log group with the configured retention', () => {
    for (const name of FUNCTION_NAMES) {
      const logGroupId = synth.logicalId(synth.stateless.functions[name].logGroup);
      expect(functionProperties(name).LoggingConfig).toEqual({ LogGroup: { Ref: logGroupId } });
      expect(resources()[logGroupId]?.Properties.RetentionInDays).toBe(synth.config.logRetentionDays);
    }
  });

  it('sizes memory and timeouts; the worker timeout is the one the queue was derived from', () => {
    expect(functionProperties('syncWorker').Timeout).toBe(SYNC_WORKER_TIMEOUT_SECONDS);
    // Under the HTTP API's 30 s integration limit.
    expect(functionProperties('ingestCatalogue').Timeout).toBeLessThan(30);
    expect(functionProperties('syncStatus').Timeout).toBeLessThan(30);
    // The numbers the local runtime counts its Lambda contexts down from (FUNCTION_TIMEOUT_SECONDS).
    expect(FUNCTION_NAMES.map((name) => functionProperties(name).Timeout)).toEqual([
      29, 30, 300, 10, 10, 900, 10, 10, 29, 900,
    ]);
    for (const name of FUNCTION_NAMES) {
      expect(functionProperties(name).MemorySize).toBeGreaterThanOrEqual(512);
    }
  });

  it('configures every function the way functions/config.ts and Powertools read it', () => {
    const { stateful } = synth;
    for (const name of FUNCTION_NAMES) {
      const environment = environmentOf(name);
      expect(synth.render(environment.TABLE_NAME)).toBe(`ref(${synth.logicalId(stateful.table)})`);
      expect(synth.render(environment.SYNC_QUEUE_URL)).toBe(`ref(${synth.logicalId(stateful.syncQueue)})`);
      expect(synth.render(environment.BUCKET_NAME)).toBe(`ref(${synth.logicalId(stateful.bucket)})`);
      expect(environment).toMatchObject({
        CHANNELS: 'tmall-global,freshippo',
        POWERTOOLS_SERVICE_NAME: 'feedbridge',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        POWERTOOLS_METRICS_NAMESPACE: 'Feedbridge',
        AWS_MAX_ATTEMPTS: '5',
        NODE_OPTIONS: '--enable-source-maps',
      });
    }
    expect(environmentOf('syncWorker').MAX_RECEIVE_COUNT).toBe(
      String(resourceDefinitions.queues.sync.deadLetterQueue?.maxReceiveCount),
    );
    expect(environmentOf('syncWorker').FX_RATES_PARAMETER).toEqual({
      Ref: synth.logicalId(synth.stateless.fxRatesParameter),
    });
    expect(environmentOf('scheduledSync').STALE_AFTER_SECONDS).toBe('900');
    expect(environmentOf('scheduledSync').MAX_REQUEUES).toBe('5');
  });
});

describe('stateless stack: sync queue event source', () => {
  it('maps the definition: partial batch failures, batch size, window, maximum concurrency', () => {
    const definition = resourceDefinitions.eventSources.sync;
    synth.statelessTemplate.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    synth.statelessTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: synth.logicalId(synth.stateless.functions.syncWorker.function) },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: definition.batchSize,
      MaximumBatchingWindowInSeconds: definition.maxBatchingWindowSeconds,
      ScalingConfig: { MaximumConcurrency: definition.maxConcurrency },
    });
    const mapping = Object.values(
      synth.statelessTemplate.findResources('AWS::Lambda::EventSourceMapping'),
    )[0];
    expect(synth.render(mapping?.Properties.EventSourceArn)).toBe(
      `${synth.logicalId(synth.stateful.syncQueue)}.Arn`,
    );
  });
});

describe('stateless stack: HTTP API', () => {
  it('has the twelve producer routes, each behind the Cognito JWT authorizer', () => {
    const routes = Object.values(synth.statelessTemplate.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes.map((route) => route.Properties.RouteKey).sort()).toEqual([
      'GET /producers/{producerId}/catalogues',
      'GET /producers/{producerId}/catalogues/{catalogueId}',
      'GET /producers/{producerId}/catalogues/{catalogueId}/findings',
      'GET /producers/{producerId}/channels/{channel}/items',
      'GET /producers/{producerId}/channels/{channel}/items/{sku}',
      'GET /producers/{producerId}/feeds',
      'GET /producers/{producerId}/feeds/{channel}',
      'GET /producers/{producerId}/profile',
      'GET /producers/{producerId}/sync-status',
      'POST /producers/{producerId}/catalogues',
      'POST /producers/{producerId}/catalogues/{catalogueId}/reads',
      'POST /producers/{producerId}/pulls',
      'POST /producers/{producerId}/uploads',
      'PUT /producers/{producerId}/profile',
    ]);
    const authorizers = synth.statelessTemplate.findResources('AWS::ApiGatewayV2::Authorizer');
    const authorizerIds = Object.keys(authorizers);
    expect(authorizerIds).toHaveLength(1);
    for (const route of routes) {
      expect(route.Properties).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizerIds[0] },
      });
    }
  });

  it("trusts only tokens from the producer user pool, for the API client and the portal's", () => {
    const authorizer = Object.values(
      synth.statelessTemplate.findResources('AWS::ApiGatewayV2::Authorizer'),
    )[0];
    const properties = authorizer?.Properties;
    expect(properties.AuthorizerType).toBe('JWT');
    expect(properties.IdentitySource).toEqual(['$request.header.Authorization']);
    expect(synth.render(properties.JwtConfiguration.Issuer)).toBe(
      `https://${synth.logicalId(synth.stateful.userPool)}.ProviderName`,
    );
    expect(properties.JwtConfiguration.Audience.map(synth.render)).toEqual([
      `ref(${synth.logicalId(synth.stateful.userPoolClient)})`,
      `ref(${synth.logicalId(synth.stateless.portal.userPoolClient)})`,
    ]);
  });

  it('sends uploads to ingest-catalogue and both reads to sync-status (payload format 2.0)', () => {
    const integrations = synth.statelessTemplate.findResources('AWS::ApiGatewayV2::Integration');
    const targetOf = (routeKey: string): string => {
      const route = Object.values(synth.statelessTemplate.findResources('AWS::ApiGatewayV2::Route')).find(
        (candidate) => candidate.Properties.RouteKey === routeKey,
      );
      const integrationId = synth
        .render(route?.Properties.Target)
        .replace('integrations/', '')
        .replace(/^ref\((.*)\)$/, '$1');
      const integration = integrations[integrationId];
      expect(integration?.Properties.PayloadFormatVersion).toBe('2.0');
      return synth.render(integration?.Properties.IntegrationUri);
    };
    const ingestArn = `${synth.logicalId(synth.stateless.functions.ingestCatalogue.function)}.Arn`;
    const statusArn = `${synth.logicalId(synth.stateless.functions.syncStatus.function)}.Arn`;
    expect(targetOf('POST /producers/{producerId}/catalogues')).toBe(ingestArn);
    expect(targetOf('POST /producers/{producerId}/catalogues/{catalogueId}/reads')).toBe(ingestArn);
    expect(targetOf('GET /producers/{producerId}/catalogues/{catalogueId}')).toBe(statusArn);
    expect(targetOf('GET /producers/{producerId}/sync-status')).toBe(statusArn);
    expect(targetOf('GET /producers/{producerId}/catalogues')).toBe(statusArn);
    expect(targetOf('GET /producers/{producerId}/catalogues/{catalogueId}/findings')).toBe(statusArn);
    expect(targetOf('POST /producers/{producerId}/uploads')).toBe(
      `${synth.logicalId(synth.stateless.functions.createUpload.function)}.Arn`,
    );
    const profileArn = `${synth.logicalId(synth.stateless.functions.producerProfile.function)}.Arn`;
    expect(targetOf('GET /producers/{producerId}/profile')).toBe(profileArn);
    expect(targetOf('PUT /producers/{producerId}/profile')).toBe(profileArn);
    const feedsArn = `${synth.logicalId(synth.stateless.functions.producerFeeds.function)}.Arn`;
    expect(targetOf('GET /producers/{producerId}/feeds')).toBe(feedsArn);
    expect(targetOf('GET /producers/{producerId}/feeds/{channel}')).toBe(feedsArn);
    expect(targetOf('GET /producers/{producerId}/channels/{channel}/items/{sku}')).toBe(feedsArn);
    expect(targetOf('GET /producers/{producerId}/channels/{channel}/items')).toBe(feedsArn);
    expect(targetOf('POST /producers/{producerId}/pulls')).toBe(
      `${synth.logicalId(synth.stateless.functions.sourcePull.function)}.Arn`,
    );
  });

  it("keeps the HTTP API's default integration timeout (30 s, the one the local API applies)", () => {
    synth.statelessTemplate.resourcePropertiesCountIs(
      'AWS::ApiGatewayV2::Integration',
      { TimeoutInMillis: Match.absent() },
      6,
    );
  });

  it('throttles the default stage and writes JSON access logs to a retained-for-N-days log group', () => {
    const logGroupId = Object.entries(resources()).find(
      ([id, resource]) => resource.Type === 'AWS::Logs::LogGroup' && id.startsWith('ApiAccessLogs'),
    )?.[0];
    expect(logGroupId).toBeDefined();
    synth.statelessTemplate.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
    synth.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: synth.config.apiThrottleRateLimit,
        ThrottlingBurstLimit: synth.config.apiThrottleBurstLimit,
      },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    });
  });
});

describe('stateless stack: schedule', () => {
  it('invokes scheduled-sync at the configured rate through a role that can invoke only it', () => {
    const scheduledArn = `${synth.logicalId(synth.stateless.functions.scheduledSync.function)}.Arn`;
    synth.statelessTemplate.resourceCountIs('AWS::Scheduler::Schedule', 2);
    const schedule = synth.statelessTemplate.toJSON().Resources[synth.logicalId(synth.stateless.schedule)];
    expect(schedule?.Properties).toMatchObject({ ScheduleExpression: 'rate(15 minutes)', State: 'ENABLED' });
    expect(synth.render(schedule?.Properties.Target.Arn)).toBe(scheduledArn);
    expect(schedule?.Properties.Target.RetryPolicy).toEqual({
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 600,
    });

    const roleId = synth.render(schedule?.Properties.Target.RoleArn).replace(/\.Arn$/, '');
    const policies = Object.values(synth.statelessTemplate.findResources('AWS::IAM::Policy')).filter(
      (policy) =>
        (policy.Properties.Roles as unknown[]).some((role) => synth.render(role) === `ref(${roleId})`),
    );
    const statements = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: { 'Fn::GetAtt': [scheduledArn.replace(/\.Arn$/, ''), 'Arn'] },
      },
    ]);
  });

  it('invokes scheduled-pull every 5 minutes (the shortest `every`), once, through a role that can invoke only it', () => {
    const pullArn = `${synth.logicalId(synth.stateless.functions.scheduledPull.function)}.Arn`;
    const schedule =
      synth.statelessTemplate.toJSON().Resources[synth.logicalId(synth.stateless.pulls.schedule)];
    expect(schedule?.Properties).toMatchObject({ ScheduleExpression: 'rate(5 minutes)', State: 'ENABLED' });
    expect(synth.render(schedule?.Properties.Target.Arn)).toBe(pullArn);
    // A failed run is not retried: every source it did not pull is still due at the next one.
    expect(schedule?.Properties.Target.RetryPolicy).toEqual({
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 600,
    });
    const roleId = synth.render(schedule?.Properties.Target.RoleArn).replace(/\.Arn$/, '');
    const statements = Object.values(synth.statelessTemplate.findResources('AWS::IAM::Policy'))
      .filter((policy) =>
        (policy.Properties.Roles as unknown[]).some((role) => synth.render(role) === `ref(${roleId})`),
      )
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: { 'Fn::GetAtt': [pullArn.replace(/\.Arn$/, ''), 'Arn'] },
      },
    ]);
  });

  it('sends a failed scheduled-pull run to its own failure queue, with alarms on it and on errors', () => {
    const pull = synth.stateless.functions.scheduledPull.function;
    const config = Object.values(
      synth.statelessTemplate.findResources('AWS::Lambda::EventInvokeConfig'),
    ).find(
      (candidate) => synth.render(candidate.Properties.FunctionName) === `ref(${synth.logicalId(pull)})`,
    );
    expect(config?.Properties).toMatchObject({ MaximumRetryAttempts: 0 });
    expect(synth.render(config?.Properties.DestinationConfig.OnFailure.Destination)).toBe(
      `${synth.logicalId(synth.stateless.pulls.failureQueue)}.Arn`,
    );
    const failureAlarm = resources()[synth.logicalId(synth.stateless.pulls.failureAlarm)];
    expect(failureAlarm?.Properties).toMatchObject({
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(((failureAlarm?.Properties.AlarmActions ?? []) as unknown[]).map(synth.render)).toEqual([
      `ref(${synth.logicalId(synth.stateful.alarmTopic)})`,
    ]);
    const errorsAlarm = resources()[synth.logicalId(synth.stateless.pulls.errorsAlarm)];
    expect(errorsAlarm?.Properties).toMatchObject({ MetricName: 'Errors', Namespace: 'AWS/Lambda' });
  });

  it('gives a pull through the API a fetch timeout inside the gateway timeout', () => {
    const environment = environmentOf;
    expect(Number(environment('sourcePull').SOURCE_FETCH_TIMEOUT_MS)).toBeLessThan(29_000);
    expect(environment('scheduledPull').SOURCE_FETCH_TIMEOUT_MS).toBeUndefined();
    expect(environment('sourcePull').SOURCE_ALLOW_PRIVATE_ADDRESSES).toBeUndefined();
    expect(environment('scheduledPull').SOURCE_ALLOW_PRIVATE_ADDRESSES).toBeUndefined();
  });

  it('sends the scheduled time as the only input, the key scheduled-sync makes a retried run idempotent on', () => {
    // Scheduler sends nothing but this input, with the context attribute replaced.
    synth.statelessTemplate.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: Match.objectLike({ Input: '{"scheduledTime":"<aws.scheduler.scheduled-time>"}' }),
    });
  });
});

describe('stateless stack: FX rates parameter', () => {
  it('holds config/fx-rates.json under the configured name', () => {
    const file = JSON.parse(readFileSync(new URL('../../config/fx-rates.json', import.meta.url), 'utf8'));
    const parameter = Object.values(synth.statelessTemplate.findResources('AWS::SSM::Parameter'));
    expect(parameter).toHaveLength(1);
    expect(parameter[0]?.Properties).toMatchObject({ Name: '/feedbridge/fx-rates', Type: 'String' });
    expect(JSON.parse(parameter[0]?.Properties.Value)).toEqual(file);
  });
});

describe('stateless stack: alarms and dashboard', () => {
  const topicArn = (): string => `ref(${synth.logicalId(synth.stateful.alarmTopic)})`;

  function alarm(
    name: keyof SynthesizedFeedbridge['stateless']['monitoring']['alarms'],
  ): Record<string, unknown> {
    const resource = resources()[synth.logicalId(synth.stateless.monitoring.alarms[name])];
    if (!resource) throw new Error(`no alarm ${name}`);
    expect(resource.Properties.AlarmActions).toBeDefined();
    expect((resource.Properties.AlarmActions as unknown[]).map(synth.render)).toEqual([topicArn()]);
    expect((resource.Properties.OKActions as unknown[]).map(synth.render)).toEqual([topicArn()]);
    expect(resource.Properties.ComparisonOperator).toBe('GreaterThanThreshold');
    expect(resource.Properties.TreatMissingData).toBe('notBreaching');
    return resource.Properties;
  }
  const dimension = (properties: Record<string, unknown>, name: string): string => {
    const found = (properties.Dimensions as { Name: string; Value: unknown }[]).find((d) => d.Name === name);
    return synth.render(found?.Value);
  };

  it('has one alarm per failure mode, each notifying the alarm topic', () => {
    // The sync flow's, and two each for the upload path and the scheduled pull (failure queue, function errors).
    synth.statelessTemplate.resourceCountIs(
      'AWS::CloudWatch::Alarm',
      Object.keys(synth.stateless.monitoring.alarms).length + 4,
    );
  });

  it('alarms as soon as one message is in the DLQ', () => {
    const properties = alarm('deadLetterQueueNotEmpty');
    expect(properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
    });
    expect(dimension(properties, 'QueueName')).toBe(
      `${synth.logicalId(synth.stateful.syncDeadLetterQueue)}.QueueName`,
    );
  });

  it('alarms when the oldest sync task is older than the threshold', () => {
    const properties = alarm('syncQueueOldestMessageAge');
    expect(properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: synth.config.queueAgeAlarmSeconds,
    });
    expect(dimension(properties, 'QueueName')).toBe(`${synth.logicalId(synth.stateful.syncQueue)}.QueueName`);
  });

  it('alarms on worker errors and throttles, ingest and scheduled-sync errors', () => {
    const cases = [
      ['workerErrors', 'Errors', 'syncWorker'],
      ['workerThrottles', 'Throttles', 'syncWorker'],
      ['ingestErrors', 'Errors', 'ingestCatalogue'],
      ['scheduledSyncErrors', 'Errors', 'scheduledSync'],
    ] as const;
    for (const [name, metricName, fn] of cases) {
      const properties = alarm(name);
      expect(properties).toMatchObject({ Namespace: 'AWS/Lambda', MetricName: metricName, Threshold: 0 });
      expect(dimension(properties, 'FunctionName')).toBe(
        `ref(${synth.logicalId(synth.stateless.functions[fn].function)})`,
      );
    }
  });

  it("alarms when a scheduled run fails one producer's step, and when items are parked", () => {
    for (const [name, metricName] of [
      ['scheduledSyncStepFailures', 'ScheduledSyncFailures'],
      ['itemsParked', 'ItemsParked'],
    ] as const) {
      expect(alarm(name)).toMatchObject({
        Threshold: 0,
        Metrics: [
          {
            MetricStat: {
              Metric: {
                Namespace: 'Feedbridge',
                MetricName: metricName,
                Dimensions: [{ Name: 'service', Value: 'feedbridge' }],
              },
              Period: 300,
              Stat: 'Sum',
            },
          },
        ],
      });
    }
    synth.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('parked FAILED: sync-status\\?state=FAILED lists them'),
    });
  });

  it('alarms on any 5xx from the API', () => {
    const properties = alarm('api5xx');
    expect(properties).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '5xx', Threshold: 0 });
    expect(dimension(properties, 'ApiId')).toBe(`ref(${synth.logicalId(synth.stateless.api)})`);
  });

  it('has a dashboard following the sync flow', () => {
    synth.statelessTemplate.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const dashboard = Object.values(synth.statelessTemplate.findResources('AWS::CloudWatch::Dashboard'))[0];
    const body = synth.render(dashboard?.Properties.DashboardBody);
    for (const metric of [
      'ApproximateAgeOfOldestMessage',
      'ItemsSYNCED',
      'ItemsFAILED',
      'RowsAccepted',
      'FeedsWritten',
    ]) {
      expect(body).toContain(metric);
    }
  });
});

describe('stacks', () => {
  it('deploys the stateless stack after, and only by reference to, the stateful one', () => {
    expect(synth.stateless.dependencies).toEqual([synth.stateful]);
    expect(synth.stateful.dependencies).toEqual([]);
  });
});

describe('stateless stack: the portal', () => {
  const distributionConfig = () => {
    const found = Object.values(synth.statelessTemplate.findResources('AWS::CloudFront::Distribution'));
    expect(found).toHaveLength(1);
    return found[0]?.Properties.DistributionConfig;
  };

  it('puts the HTTP API of this stack on the distribution under producers/*, HTTPS only, never cached', () => {
    const config = distributionConfig();
    const origins = new Map<string, { DomainName: unknown }>(
      config.Origins.map((origin: { Id: string; DomainName: unknown }) => [origin.Id, origin]),
    );
    const api = config.CacheBehaviors.find(
      (behavior: { PathPattern: string }) => behavior.PathPattern === 'producers/*',
    );
    expect(api).toMatchObject({
      ViewerProtocolPolicy: 'https-only',
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
    });
    expect(api.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT']));
    // The origin's host is taken from this stack's API endpoint.
    expect(JSON.stringify(origins.get(api.TargetOriginId)?.DomainName)).toContain(
      `"${synth.logicalId(synth.stateless.api)}"`,
    );
    expect(
      config.CacheBehaviors.map((behavior: { PathPattern: string }) => behavior.PathPattern).sort(),
    ).toEqual(['/assets/*', 'producers/*']);
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultCacheBehavior.TargetOriginId).not.toBe(api.TargetOriginId);
  });

  it('lets only CloudFront, through origin access control and for this distribution, read the portal bucket', () => {
    const bucket = synth.logicalId(synth.stateless.portal.bucket);
    const policies = Object.values(synth.statelessTemplate.findResources('AWS::S3::BucketPolicy')).filter(
      (policy) => policy.Properties.Bucket.Ref === bucket,
    );
    expect(policies).toHaveLength(1);
    const allows = policies[0]?.Properties.PolicyDocument.Statement.filter(
      (statement: { Effect: string }) => statement.Effect === 'Allow',
    );
    expect(allows).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: expect.anything(),
        Condition: {
          StringEquals: { 'AWS:SourceArn': expect.anything() },
        },
      },
    ]);
    expect(JSON.stringify(allows[0].Condition)).toContain(
      synth.logicalId(synth.stateless.portal.distribution),
    );
    synth.statelessTemplate.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it('sends a strict CSP whose connect-src adds only Cognito and the objects bucket', () => {
    const policies = Object.values(
      synth.statelessTemplate.findResources('AWS::CloudFront::ResponseHeadersPolicy'),
    );
    expect(policies).toHaveLength(3);
    for (const policy of policies) {
      const csp = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy;
      expect(csp.Override).toBe(true);
      const text = synth.render(csp.ContentSecurityPolicy);
      expect(text).toContain("default-src 'none'; script-src 'self'; style-src 'self';");
      expect(text).toContain("frame-ancestors 'none'");
      expect(text).toMatch(
        new RegExp(
          `connect-src 'self' https://\\S+ https://${synth.logicalId(synth.stateful.bucket)}\\.RegionalDomainName;`,
        ),
      );
    }
  });

  it('signs in through a managed-login domain derived from the account, with a public PKCE client', () => {
    const domain = Object.values(synth.statelessTemplate.findResources('AWS::Cognito::UserPoolDomain'));
    expect(domain).toHaveLength(1);
    expect(synth.render(domain[0]?.Properties.Domain)).toBe('feedbridge-ref(AWS::AccountId)');
    synth.statelessTemplate.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
    });
  });

  it('outputs the portal URL and its client id', () => {
    const outputs = synth.statelessTemplate.toJSON().Outputs;
    expect(synth.render(outputs.PortalUrl.Value)).toBe(
      `https://${synth.logicalId(synth.stateless.portal.distribution)}.DomainName`,
    );
    expect(synth.render(outputs.PortalClientId.Value)).toBe(
      `ref(${synth.logicalId(synth.stateless.portal.userPoolClient)})`,
    );
  });
});
