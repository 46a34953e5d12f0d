import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { FUNCTION_TIMEOUT_SECONDS } from '../functions/adapters/resource-definitions.ts';

export interface LambdaContextOptions {
  functionName?: string;
  functionVersion?: string;
  memoryLimitInMB?: number;
  /**
   * The function timeout; getRemainingTimeInMillis counts down from it. Default: the deployed
   * timeout of the function named (FUNCTION_TIMEOUT_SECONDS), else 30 s.
   */
  timeoutMs?: number;
  region?: string;
  accountId?: string;
  awsRequestId?: string;
  /** Injectable clock for tests. */
  now?: () => number;
}

const LOCAL_ACCOUNT_ID = '000000000000';

function unsupported(name: string): () => never {
  return () => {
    // The callback-era API: our handlers are async and must return or throw instead.
    throw new Error(
      `context.${name}() is not supported by the local runtime; return or throw from the handler`,
    );
  };
}

/** A Lambda context for one local invocation, with the fields Powertools and middy read. */
export function createLambdaContext(options: LambdaContextOptions = {}): Context {
  const now = options.now ?? Date.now;
  const functionName = options.functionName ?? 'feedbridge-local';
  const functionVersion = options.functionVersion ?? '$LATEST';
  const region = options.region ?? 'us-east-1';
  const deployedSeconds: number | undefined =
    FUNCTION_TIMEOUT_SECONDS[functionName as keyof typeof FUNCTION_TIMEOUT_SECONDS];
  const deadline = now() + (options.timeoutMs ?? (deployedSeconds ?? 30) * 1000);
  const day = new Date(now()).toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion,
    invokedFunctionArn: `arn:aws:lambda:${region}:${options.accountId ?? LOCAL_ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: String(options.memoryLimitInMB ?? 1024),
    awsRequestId: options.awsRequestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${day}/[${functionVersion}]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
}
