import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultProvider } from '../../../functions/adapters/lambda-credentials.ts';

/*
 * The deployed bundles' credential chain (esbuild aliases the SDK's default chain to it): what
 * Lambda sets in the environment for the execution role, and nothing else.
 */
describe('lambda credentials', () => {
  afterEach(() => vi.unstubAllEnvs());

  it("reads the execution role's credentials the way Lambda sets them", async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLEKEY');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'example/secret+key');
    vi.stubEnv('AWS_SESSION_TOKEN', 'IQoJb3JpZ2luX2VjEXAMPLE');
    await expect(defaultProvider()()).resolves.toEqual({
      accessKeyId: 'ASIAEXAMPLEKEY',
      secretAccessKey: 'example/secret+key',
      sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE',
    });
  });

  it('says where it looked when the environment has none', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'example/secret+key');
    await expect(defaultProvider()()).rejects.toThrow(/no AWS credentials in the environment/);
  });

  it('is what a client built the way the bundles build it signs with', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLEKEY');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'example/secret+key');
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    // In the bundle the client's runtime config imports this module as its credentialDefaultProvider.
    const provider = vi.fn(defaultProvider);
    const client = new DynamoDBClient({ region: 'eu-west-1', credentialDefaultProvider: provider });
    const credentials = await client.config.credentials();
    expect(provider).toHaveBeenCalled();
    expect(credentials).toMatchObject({
      accessKeyId: 'ASIAEXAMPLEKEY',
      secretAccessKey: 'example/secret+key',
    });
    expect(credentials.sessionToken).toBeUndefined();
    client.destroy();
  });
});
