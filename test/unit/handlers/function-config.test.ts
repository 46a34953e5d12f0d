import { describe, expect, it } from 'vitest';
import { ConfigurationError, readConfig } from '../../../functions/config.ts';

/*
 * The functions' environment as the stacks set it, read once at cold start. The schema is written
 * with zod/mini (so it tree-shakes out of the bundles); these are the readings and the messages a
 * misconfigured function must still give.
 */
const DEPLOYED = {
  TABLE_NAME: 'feedbridge',
  SYNC_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/feedbridge-sync',
  BUCKET_NAME: 'feedbridge-feeds-123456789012',
};

function messageOf(environment: NodeJS.ProcessEnv): string {
  try {
    readConfig(environment);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigurationError');
}

describe('readConfig', () => {
  it('fills the defaults for what the stack leaves unset', () => {
    const config = readConfig(DEPLOYED);
    expect(config.CHANNELS).toEqual(['tmall-global', 'freshippo']);
    expect(config.STALE_AFTER_SECONDS).toBe(900);
    expect(config.MAX_REQUEUES).toBe(5);
    expect(config.INGEST_MAX_WAIT_MS).toBe(10_000);
    expect(config.UPLOAD_MAX_BYTES).toBe(209_715_200);
    expect(config.SOURCE_ALLOW_PRIVATE_ADDRESSES).toBe(false);
    expect(config.SOURCE_FETCH_TIMEOUT_MS).toBe(120_000);
    expect(config.GOOGLE_MERCHANT_TARGETS.length).toBeGreaterThan(0);
  });

  it('reads numbers, lists and flags from their text', () => {
    const config = readConfig({
      ...DEPLOYED,
      CHANNELS: ' tmall-global , fliggy,,',
      STALE_AFTER_SECONDS: '60',
      INGEST_MAX_WAIT_MS: '0',
      SOURCE_ALLOW_PRIVATE_ADDRESSES: 'true',
      GOOGLE_MERCHANT_TARGETS: 'DE:EUR:en',
    });
    expect(config.CHANNELS).toEqual(['tmall-global', 'fliggy']);
    expect(config.STALE_AFTER_SECONDS).toBe(60);
    expect(config.INGEST_MAX_WAIT_MS).toBe(0);
    expect(config.SOURCE_ALLOW_PRIVATE_ADDRESSES).toBe(true);
    expect(config.GOOGLE_MERCHANT_TARGETS).toEqual([{ country: 'DE', currency: 'EUR', language: 'en' }]);
  });

  it('names each wrong variable with an English message', () => {
    expect(messageOf({ ...DEPLOYED, SYNC_QUEUE_URL: 'feedbridge-sync' })).toBe(
      'invalid function configuration: SYNC_QUEUE_URL: Invalid URL',
    );
    expect(messageOf({ ...DEPLOYED, STALE_AFTER_SECONDS: '1.5', MAX_REQUEUES: '0' })).toBe(
      'invalid function configuration: STALE_AFTER_SECONDS: Invalid input: expected int, received number; ' +
        'MAX_REQUEUES: Too small: expected number to be >0',
    );
    expect(messageOf({ ...DEPLOYED, SOURCE_ALLOW_PRIVATE_ADDRESSES: 'yes' })).toBe(
      'invalid function configuration: SOURCE_ALLOW_PRIVATE_ADDRESSES: Invalid option: expected one of "true"|"false"',
    );
  });

  it('wants exactly one of a bucket and a local folder', () => {
    expect(messageOf({ ...DEPLOYED, LOCAL_OBJECT_DIR: '/tmp/feeds' })).toBe(
      'invalid function configuration: env: set exactly one of BUCKET_NAME and LOCAL_OBJECT_DIR',
    );
    const { BUCKET_NAME: _bucket, ...withoutBucket } = DEPLOYED;
    expect(readConfig({ ...withoutBucket, LOCAL_OBJECT_DIR: '/tmp/feeds' }).LOCAL_OBJECT_DIR).toBe(
      '/tmp/feeds',
    );
  });
});
