import { describe, expect, it } from 'vitest';
import { resourceDefinitions } from '../../functions/adapters/resource-definitions.ts';
import { DeploymentConfigError, readDeploymentConfig } from '../../lib/config.ts';
import { synthFeedbridge } from './synth-feedbridge.ts';

const fromObject = (context: Record<string, unknown>) => (key: string) => context[key];

describe('deployment config (CDK context)', () => {
  it('defaults to the single-sourced definitions and documented values', () => {
    const { sync } = resourceDefinitions.eventSources;
    expect(readDeploymentConfig(fromObject({}))).toEqual({
      scheduleRate: 'rate(15 minutes)',
      channels: ['tmall-global', 'freshippo'],
      googleMerchantTargets: [
        { country: 'DE', currency: 'EUR', language: 'en' },
        { country: 'FR', currency: 'EUR', language: 'fr' },
        { country: 'US', currency: 'USD', language: 'en' },
      ],
      fxRatesParameterName: '/feedbridge/fx-rates',
      alarmEmail: undefined,
      workerBatchSize: sync.batchSize,
      workerMaxBatchingWindowSeconds: sync.maxBatchingWindowSeconds,
      workerMaxConcurrency: sync.maxConcurrency,
      maxReceiveCount: resourceDefinitions.queues.sync.deadLetterQueue?.maxReceiveCount,
      staleAfterSeconds: 900,
      maxRequeues: 5,
      queueAgeAlarmSeconds: 600,
      logLevel: 'INFO',
      logRetentionDays: 30,
      apiThrottleRateLimit: 50,
      apiThrottleBurstLimit: 100,
      awsMaxAttempts: 5,
      uploadCorsOrigins: ['*'],
      uploadRetentionDays: 30,
      uploadMaxBytes: 200 * 1024 * 1024,
      serviceName: 'feedbridge',
      metricsNamespace: 'Feedbridge',
    });
  });

  it('accepts `-c key=value` strings: numbers coerced, channel lists split', () => {
    const config = readDeploymentConfig(
      fromObject({
        workerBatchSize: '25',
        workerMaxBatchingWindowSeconds: '5',
        channels: ' freshippo , tmall-global ',
      }),
    );
    expect(config.workerBatchSize).toBe(25);
    expect(config.workerMaxBatchingWindowSeconds).toBe(5);
    expect(config.channels).toEqual(['freshippo', 'tmall-global']);
    expect(readDeploymentConfig(fromObject({ channels: ['freshippo'] })).channels).toEqual(['freshippo']);
    expect(readDeploymentConfig(fromObject({ alarmEmail: '' })).alarmEmail).toBeUndefined();
  });

  it('accepts fliggy among the channels, and refuses a channel feedbridge does not have', () => {
    expect(readDeploymentConfig(fromObject({ channels: 'tmall-global,freshippo,fliggy' })).channels).toEqual([
      'tmall-global',
      'freshippo',
      'fliggy',
    ]);
    expect(readDeploymentConfig(fromObject({ channels: ['fliggy'] })).channels).toEqual(['fliggy']);
    expect(() => readDeploymentConfig(fromObject({ channels: 'tmall-global,feizhu' }))).toThrow(
      /channels.*a channel feedbridge has: .*fliggy/,
    );
  });

  it('rejects bad values at synth, naming every bad key', () => {
    const read = () =>
      readDeploymentConfig(
        fromObject({
          scheduleRate: 'every 5 minutes',
          logRetentionDays: 42,
          alarmEmail: 'ops',
          channels: 'Tmall',
        }),
      );
    expect(read).toThrow(DeploymentConfigError);
    expect(read).toThrow(/scheduleRate.*logRetentionDays|logRetentionDays.*scheduleRate/);
    expect(read).toThrow(/alarmEmail/);
    expect(read).toThrow(/channels/);
  });

  it('reads google-merchant targets as text or a list, and refuses what the functions would', () => {
    const de = { country: 'DE', currency: 'EUR', language: 'en' };
    const us = { country: 'US', currency: 'USD', language: 'en' };
    expect(
      readDeploymentConfig(fromObject({ googleMerchantTargets: 'DE:EUR:en, US:USD:en' }))
        .googleMerchantTargets,
    ).toEqual([de, us]);
    expect(
      readDeploymentConfig(fromObject({ googleMerchantTargets: [de, 'US:USD:en'] })).googleMerchantTargets,
    ).toEqual([de, us]);
    expect(() => readDeploymentConfig(fromObject({ googleMerchantTargets: 'GB:GBP:en' }))).toThrow(
      /googleMerchantTargets.*currency/,
    );
    expect(() => readDeploymentConfig(fromObject({ googleMerchantTargets: 'DE:EUR:en,DE:EUR:fr' }))).toThrow(
      /given twice/,
    );
    expect(() => readDeploymentConfig(fromObject({ googleMerchantTargets: 'DE:EUR:rw' }))).toThrow(
      /language/,
    );
    expect(() => readDeploymentConfig(fromObject({ googleMerchantTargets: 'germany' }))).toThrow(
      /COUNTRY:CURRENCY/,
    );
  });

  it('takes a Cognito domain prefix only in the form Cognito accepts', () => {
    expect(readDeploymentConfig(fromObject({})).cognitoDomainPrefix).toBeUndefined();
    expect(readDeploymentConfig(fromObject({ cognitoDomainPrefix: 'rw-coffee-2' })).cognitoDomainPrefix).toBe(
      'rw-coffee-2',
    );
    for (const bad of [
      'Feedbridge',
      '-feedbridge',
      'feedbridge-',
      'feed_bridge',
      'my-aws-portal',
      'cognito-rw',
      'x'.repeat(64),
      '',
    ]) {
      expect(() => readDeploymentConfig(fromObject({ cognitoDomainPrefix: bad })), bad).toThrow(
        /cognitoDomainPrefix: /,
      );
    }
  });

  it('requires a batching window for batches above 10, as Lambda does', () => {
    expect(() =>
      readDeploymentConfig(fromObject({ workerBatchSize: 20, workerMaxBatchingWindowSeconds: 0 })),
    ).toThrow(/workerMaxBatchingWindowSeconds/);
  });
});

describe('context reaches the templates', () => {
  it('overrides schedule, event source, redrive, channels and subscribes the alarm email', () => {
    const synth = synthFeedbridge({
      scheduleRate: 'rate(1 hour)',
      workerBatchSize: '20',
      workerMaxBatchingWindowSeconds: '3',
      workerMaxConcurrency: '3',
      maxReceiveCount: '8',
      channels: 'freshippo',
      alarmEmail: 'ops@example.com',
      fxRatesParameterName: '/prod/feedbridge/fx',
      cognitoDomainPrefix: 'huye-producers',
    });
    try {
      synth.statelessTemplate.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
        Domain: 'huye-producers',
      });
      synth.statelessTemplate.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'rate(1 hour)',
      });
      synth.statelessTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: 20,
        MaximumBatchingWindowInSeconds: 3,
        ScalingConfig: { MaximumConcurrency: 3 },
      });
      synth.statefulTemplate.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: resourceDefinitions.queues.sync.queueName,
        RedrivePolicy: { maxReceiveCount: 8 },
      });
      // The worker marks an item FAILED on the same receive count at which SQS dead-letters it.
      synth.statelessTemplate.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: { MAX_RECEIVE_COUNT: '8', CHANNELS: 'freshippo' } },
      });
      synth.statelessTemplate.hasResourceProperties('AWS::SSM::Parameter', { Name: '/prod/feedbridge/fx' });
      synth.statefulTemplate.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'ops@example.com',
      });
    } finally {
      synth.cleanup();
    }
  });

  it('gives the functions GOOGLE_MERCHANT_TARGETS when google-merchant is a channel', () => {
    const synth = synthFeedbridge({
      channels: 'freshippo,google-merchant',
      googleMerchantTargets: 'US:USD:en,FR:EUR:fr',
    });
    try {
      synth.statelessTemplate.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: {
            CHANNELS: 'freshippo,google-merchant',
            GOOGLE_MERCHANT_TARGETS: 'US:USD:en,FR:EUR:fr',
          },
        },
      });
    } finally {
      synth.cleanup();
    }
  });
});
