import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The newest Node.js runtime this aws-cdk-lib knows; cdk-nag's AwsSolutions-L1 flags anything older. */
export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_24_X;
/** esbuild's target for that runtime: keep the pair in step. */
const ESBUILD_TARGET = 'node24';

const REPOSITORY_ROOT = new URL('../../', import.meta.url);

/** Absolute path of a file in the repository (handler entries, the lock file). */
export function projectPath(relative: string): string {
  return fileURLToPath(new URL(relative, REPOSITORY_ROOT));
}

/**
 * Bundling with the local esbuild (no Docker anywhere at synth). ESM, so module-level `await` is
 * available at cold start (e.g. fetching parameters) and the ESM builds of the SDK and Powertools
 * tree-shake (mainFields module first). The banner gives bundled CommonJS dependencies that call
 * `require` for Node built-ins a working one; the alias avoids clashing with a bundled module's own
 * top-level `createRequire` binding, which esbuild cannot see in a banner.
 *
 * The AWS SDK v3 is bundled, not left to the runtime's copy: the adapters rely on recent client
 * options (`requestHandler.throwOnRequestTimeout`, standard retries configured per client) whose
 * availability in the runtime-provided SDK is outside our control, bundling pins the exact versions
 * the tests ran against, and tree-shaken ESM clients load faster than the runtime's full packages:
 * measured (docs/benchmarks.md, round two), leaving @aws-sdk/* and @smithy/* to the runtime makes
 * the bundles about 0.5 MB smaller but their init 70-110 ms slower (97-117 ms bundled, 177-223 ms not).
 */
/**
 * Packages the bundles replace with a module of ours, each bundled for far more than Lambda ever
 * calls (docs/benchmarks.md, "Bundles"). The SDK's default credential chain
 * (`@aws-sdk/credential-provider-node`) becomes the environment-only chain Lambda needs
 * (functions/adapters/lambda-credentials.ts says why): about 113 kB less per bundle, the SSO and
 * STS clients and the ini, process and metadata providers. `semver`, which the X-Ray SDK requires
 * for two `gte` calls, becomes that one function (functions/adapters/semver-gte.ts): 29 kB less.
 * `node:http` is read as the CommonJS module (functions/adapters/node-http-builtin.cjs says why):
 * on Node 24 its ESM import loads undici at init.
 * Only bundles are aliased: the embedded stack and the CLI run the sources with the packages.
 */
export const LAMBDA_ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': projectPath('functions/adapters/lambda-credentials.ts'),
  semver: projectPath('functions/adapters/semver-gte.ts'),
  'node:http': projectPath('functions/adapters/node-http-builtin.cjs'),
  http: projectPath('functions/adapters/node-http-builtin.cjs'),
};

export const BUNDLING: BundlingOptions = {
  forceDockerBundling: false,
  format: OutputFormat.ESM,
  target: ESBUILD_TARGET,
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  // The map is for stack traces (NODE_OPTIONS=--enable-source-maps), not for reading sources: smaller.
  sourcesContent: false,
  externalModules: [],
  esbuildArgs: Object.fromEntries(
    Object.entries(LAMBDA_ALIASES).map(([name, path]) => [`--alias:${name}`, path]),
  ),
  banner:
    "import { createRequire as __feedbridgeCreateRequire } from 'node:module'; const require = __feedbridgeCreateRequire(import.meta.url);",
};

export interface FeedbridgeFunctionProps {
  /** Path of the handler module, relative to the repository root (e.g. functions/sync-worker.ts). */
  readonly entry: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: logs.RetentionDays;
}

/**
 * One handler as a Lambda function: arm64, current Node.js, X-Ray tracing, its own log group with
 * retention, and its own role that starts with nothing but writing to that log group (no AWS managed
 * policy), so every other permission is an explicit grant in the stack.
 */
export class FeedbridgeFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: FeedbridgeFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      // Operational logs, not business data: they go with the stack (the table and bucket stay).
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `feedbridge ${id}: least-privilege execution role`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: projectPath(props.entry),
      handler: 'handler',
      projectRoot: fileURLToPath(REPOSITORY_ROOT),
      depsLockFilePath: projectPath('package-lock.json'),
      description: props.description,
      runtime: LAMBDA_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: { ...props.environment },
      bundling: BUNDLING,
    });
  }

  /** Adds one explicit statement to this function's role. */
  allow(actions: readonly string[], resources: readonly string[]): void {
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: [...actions], resources: [...resources] }),
    );
  }
}
