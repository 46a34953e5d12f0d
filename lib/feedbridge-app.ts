import { App, type Environment, Validations } from 'aws-cdk-lib';
import recommendedFeatureFlags from 'aws-cdk-lib/recommended-feature-flags.json' with { type: 'json' };
import { AwsSolutionsChecks } from 'cdk-nag';
import { type DeploymentConfig, readDeploymentConfig } from './config.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

/**
 * The feature flags `cdk init` would write for this aws-cdk-lib, set in code so that the CLI and the
 * tests (which build the App themselves and never read cdk.json) synthesize the same templates.
 * Context from cdk.json or `-c` still wins over these.
 */
export const FEATURE_FLAGS: Readonly<Record<string, unknown>> = {
  ...recommendedFeatureFlags,
  // Classic exports: CloudFormation then refuses to delete or change the stateful stack's outputs
  // while the functions use them, instead of letting the data stack go away under running code.
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
};

export const STACK_NAMES = { stateful: 'FeedbridgeStateful', stateless: 'FeedbridgeStateless' } as const;

export interface FeedbridgeAppOptions {
  /** Extra context (tests: settings and `aws:cdk:bundling-stacks`). */
  readonly context?: Readonly<Record<string, unknown>>;
  readonly outdir?: string;
  /** Account/region; unset for an environment-agnostic synth (no credentials needed). */
  readonly env?: Environment;
  /** Register cdk-nag's AwsSolutions checks (default true; tests turn it off to see raw findings). */
  readonly nag?: boolean;
}

export interface FeedbridgeApp {
  readonly app: App;
  readonly config: DeploymentConfig;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/** Builds the app exactly as `cdk synth` does, cdk-nag's AwsSolutions checks included. */
export function createFeedbridgeApp(options: FeedbridgeAppOptions = {}): FeedbridgeApp {
  const app = new App({
    context: { ...FEATURE_FLAGS, ...options.context },
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const config = readDeploymentConfig((key) => app.node.tryGetContext(key));
  const env = options.env ?? {};

  const stateful = new StatefulStack(app, STACK_NAMES.stateful, {
    env,
    description: 'feedbridge data: tables, queues, object bucket, producer user pool, alarm topic',
    config,
  });
  const stateless = new StatelessStack(app, STACK_NAMES.stateless, {
    env,
    description:
      'feedbridge code: functions, HTTP API, producer portal (CloudFront), schedule, alarms, dashboard',
    config,
    table: stateful.table,
    idempotencyTable: stateful.idempotencyTable,
    syncQueue: stateful.syncQueue,
    syncQueueDefinition: stateful.syncQueueDefinition,
    syncDeadLetterQueue: stateful.syncDeadLetterQueue,
    bucket: stateful.bucket,
    bucketArnExportName: stateful.bucketArnExportName,
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
    alarmTopic: stateful.alarmTopic,
  });

  // cdk-nag 3 runs as a policy-validation plugin: findings fail the synth (errors) or are reported
  // (warnings) in cdk.out/validation-report.json; acknowledgements sit next to the resources.
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, config, stateful, stateless };
}
