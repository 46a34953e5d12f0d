import type { AwsCredentialIdentity } from '@smithy/types';

/**
 * The credential chain of the deployed bundles: esbuild aliases `@aws-sdk/credential-provider-node`
 * (the SDK's default chain) to this module (`LAMBDA_ALIASES` in lib/constructs/feedbridge-function.ts).
 *
 * Lambda hands a function its execution role's credentials in the environment
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) before any code runs, and that is
 * where the default chain finds them first. The rest of the chain (shared ini files and profiles,
 * SSO, a credential process, web identity, the ECS and EC2 metadata services) never answers in
 * Lambda, but bundling it cost each function about 90 kB: the SSO and STS clients it builds on
 * (docs/benchmarks.md, "Bundles"). Only the bundles use this module: the embedded stack, the CLI
 * and the tests run the sources with the SDK's full chain, so a developer's profile still works.
 */
export function defaultProvider(): () => Promise<AwsCredentialIdentity> {
  return async () => {
    const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      throw new Error(
        'no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): the Lambda ' +
          'bundles read the execution role credentials Lambda sets there and no other source',
      );
    }
    const sessionToken = process.env.AWS_SESSION_TOKEN;
    const expiration = process.env.AWS_CREDENTIAL_EXPIRATION;
    return {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken ? { sessionToken } : {}),
      ...(expiration ? { expiration: new Date(expiration) } : {}),
    };
  };
}
