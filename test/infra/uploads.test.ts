import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_TIMEOUT_SECONDS } from '../../functions/adapters/resource-definitions.ts';
import { type SynthesizedFeedbridge, synthFeedbridge } from './synth-feedbridge.ts';

/* Issue 13: what the upload path deploys, beside the functions and grants the other files check. */

let synth: SynthesizedFeedbridge;
beforeAll(() => {
  synth = synthFeedbridge({ uploadCorsOrigins: 'https://portal.example.rw', uploadRetentionDays: 14 });
});
afterAll(() => synth.cleanup());

const bucketProperties = () =>
  synth.statefulTemplate.toJSON().Resources[synth.logicalId(synth.stateful.bucket)].Properties;

describe('the objects bucket for uploads', () => {
  it('sends its events to EventBridge, natively (no custom-resource Lambda)', () => {
    expect(bucketProperties().NotificationConfiguration).toEqual({
      EventBridgeConfiguration: { EventBridgeEnabled: true },
    });
    synth.statefulTemplate.resourceCountIs('AWS::Lambda::Function', 0);
  });

  it('expires raw uploads after the configured days and aborts incomplete multipart uploads after one', () => {
    expect(bucketProperties().LifecycleConfiguration.Rules).toContainEqual({
      Id: 'ExpireRawUploads',
      Prefix: 'uploads/',
      Status: 'Enabled',
      ExpirationInDays: 14,
      NoncurrentVersionExpiration: { NoncurrentDays: 1 },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
    });
  });

  it("expires the raw files of pulls from producers' sources as it expires uploads", () => {
    expect(bucketProperties().LifecycleConfiguration.Rules).toContainEqual({
      Id: 'ExpireRawPulls',
      Prefix: 'pulls/',
      Status: 'Enabled',
      ExpirationInDays: 14,
      NoncurrentVersionExpiration: { NoncurrentDays: 1 },
    });
  });

  it('lets the portal origin PUT to a presigned URL and follow a feed download redirect (CORS), nothing else', () => {
    expect(bucketProperties().CorsConfiguration.CorsRules).toEqual([
      {
        AllowedMethods: ['PUT'],
        AllowedOrigins: ['https://portal.example.rw'],
        AllowedHeaders: ['content-type', 'content-length'],
        ExposedHeaders: ['ETag'],
        MaxAge: 3600,
      },
      { AllowedMethods: ['GET'], AllowedOrigins: ['https://portal.example.rw'], MaxAge: 3600 },
    ]);
  });
});

describe('the async ingest', () => {
  const ingestUpload = () => synth.stateless.functions.ingestUpload;

  it('is triggered by Object Created on upload-route keys of this bucket only', () => {
    const rules = Object.values(synth.statelessTemplate.findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(1);
    const rule = rules[0]?.Properties;
    expect(rule.EventPattern.source).toEqual(['aws.s3']);
    expect(rule.EventPattern['detail-type']).toEqual(['Object Created']);
    expect(rule.EventPattern.detail.object.key).toEqual([{ wildcard: 'uploads/*/*/*' }]);
    expect(rule.EventPattern.detail.bucket.name.map(synth.render)).toEqual([
      `ref(${synth.logicalId(synth.stateful.bucket)})`,
    ]);
    const target = rule.Targets[0];
    expect(synth.render(target.Arn)).toBe(`${synth.logicalId(ingestUpload().function)}.Arn`);
    expect(synth.render(target.DeadLetterConfig.Arn)).toBe(
      `${synth.logicalId(synth.stateless.uploads.failureQueue)}.Arn`,
    );
  });

  it('retries twice, then sends the event to its own failure queue', () => {
    // ingest-upload's, and scheduled-pull's (test/infra/stateless-stack.test.ts).
    const configs = Object.values(synth.statelessTemplate.findResources('AWS::Lambda::EventInvokeConfig'));
    expect(configs).toHaveLength(2);
    const config = configs.find(
      (candidate) =>
        synth.render(candidate.Properties.FunctionName) ===
        `ref(${synth.logicalId(ingestUpload().function)})`,
    )?.Properties;
    expect(config.MaximumRetryAttempts).toBe(2);
    expect(synth.render(config.FunctionName)).toBe(`ref(${synth.logicalId(ingestUpload().function)})`);
    expect(synth.render(config.DestinationConfig.OnFailure.Destination)).toBe(
      `${synth.logicalId(synth.stateless.uploads.failureQueue)}.Arn`,
    );
    synth.statelessTemplate.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  it('alarms on one event in the failure queue and on any function error', () => {
    const alarmOf = (construct: Parameters<SynthesizedFeedbridge['logicalId']>[0]) =>
      synth.statelessTemplate.toJSON().Resources[synth.logicalId(construct)].Properties;
    const failures = alarmOf(synth.stateless.uploads.failureAlarm);
    expect(failures).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [expect.anything()],
    });
    const errors = alarmOf(synth.stateless.uploads.errorsAlarm);
    expect(errors).toMatchObject({ MetricName: 'Errors', Namespace: 'AWS/Lambda', Threshold: 0 });
    expect(errors.AlarmActions).toHaveLength(1);
  });

  it('has the timeout sized for UPLOAD_MAX_BYTES and is told the limit', () => {
    const properties =
      synth.statelessTemplate.toJSON().Resources[synth.logicalId(ingestUpload().function)].Properties;
    expect(properties.Timeout).toBe(FUNCTION_TIMEOUT_SECONDS['ingest-upload']);
    expect(properties.Timeout).toBe(900);
    expect(properties.Environment.Variables.UPLOAD_MAX_BYTES).toBe(String(200 * 1024 * 1024));
  });
});
