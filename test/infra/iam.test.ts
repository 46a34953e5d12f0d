import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FunctionName, OBJECT_PREFIXES } from '../../lib/stateless-stack.ts';
import {
  actionsOf,
  allStatements,
  type PolicyStatementJson,
  resourcesOf,
  roleStatements,
  type SynthesizedFeedbridge,
  synthFeedbridge,
} from './synth-feedbridge.ts';

let synth: SynthesizedFeedbridge;
beforeAll(() => {
  synth = synthFeedbridge();
});
afterAll(() => synth.cleanup());

/** CDK's BucketDeployment copy function: the one role not written here (its findings are acknowledged in nag). */
const deploymentRole = () => synth.logicalId(synth.stateless.portal.deployment.handlerRole);
function isDeploymentPolicy(resource: string): boolean {
  const policy = synth.stateless.portal.deployment.handlerRole.node.tryFindChild('DefaultPolicy');
  if (!policy) throw new Error('BucketDeployment role without its default policy');
  return resource === deploymentRole() || resource === synth.logicalId(policy);
}

const FORBIDDEN_ACTIONS = new Set(['*', 'dynamodb:*', 'sqs:*', 's3:*']);
const XRAY_ACTIONS = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
const LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];

/** action -> the resources it is allowed on, rendered (see SynthesizedFeedbridge.render). */
function grantsOf(name: FunctionName): Map<string, Set<string>> {
  const fn = synth.stateless.functions[name];
  const grants = new Map<string, Set<string>>();
  for (const statement of roleStatements(synth.statelessTemplate, synth.logicalId(fn.role))) {
    expect(statement.Effect).toBe('Allow');
    for (const action of actionsOf(statement)) {
      const resources = grants.get(action) ?? new Set<string>();
      for (const resource of resourcesOf(statement)) resources.add(synth.render(resource));
      grants.set(action, resources);
    }
  }
  return grants;
}

function dataGrants(name: FunctionName): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [action, resources] of grantsOf(name)) {
    if (action.startsWith('logs:') || action.startsWith('xray:')) continue;
    result[action] = [...resources].sort();
  }
  return result;
}

describe('IAM: no wildcard actions anywhere', () => {
  it('no Allow statement in either stack grants *, dynamodb:*, sqs:* or s3:*', () => {
    const statements = [...allStatements(synth.statefulTemplate), ...allStatements(synth.statelessTemplate)];
    expect(statements.length).toBeGreaterThan(10);
    const offending = statements.filter(
      ({ statement }) =>
        statement.Effect === 'Allow' && actionsOf(statement).some((a) => FORBIDDEN_ACTIONS.has(a)),
    );
    expect(offending).toEqual([]);
  });

  it('identity policies name every action exactly: no wildcard in any action', () => {
    const identity = (statement: PolicyStatementJson) => statement.Principal === undefined;
    const wildcards = [...allStatements(synth.statefulTemplate), ...allStatements(synth.statelessTemplate)]
      .filter(({ resource, statement }) => identity(statement) && !isDeploymentPolicy(resource))
      .flatMap(({ resource, statement }) =>
        actionsOf(statement)
          .filter((a) => a.includes('*'))
          .map((a) => `${resource}: ${a}`),
      );
    expect(wildcards).toEqual([]);
  });

  it("BucketDeployment's wildcard actions reach only the CDK asset bucket and the portal bucket", () => {
    const portalBucket = `${synth.logicalId(synth.stateless.portal.bucket)}.Arn`;
    const stagingBucket = /^arn:ref\(AWS::Partition\):s3:::"?\{"Fn::Sub":"cdk-hnb659fds-assets-/;
    const statements = allStatements(synth.statelessTemplate).filter(({ resource }) =>
      isDeploymentPolicy(resource),
    );
    expect(statements.length).toBeGreaterThan(0);
    for (const { statement } of statements) {
      const actions = actionsOf(statement);
      if (actions.every((action) => action.startsWith('cloudfront:'))) {
        expect(actions.sort()).toEqual(['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation']);
        continue;
      }
      for (const resource of resourcesOf(statement).map(synth.render)) {
        expect(
          resource === portalBucket || resource === `${portalBucket}/*` || stagingBucket.test(resource),
          resource,
        ).toBe(true);
      }
    }
  });

  it('only X-Ray actions have a "*" resource (X-Ray has no resource-level permissions)', () => {
    const starResources = allStatements(synth.statelessTemplate)
      .filter(
        ({ resource, statement }) =>
          statement.Principal === undefined &&
          resourcesOf(statement).includes('*') &&
          !isDeploymentPolicy(resource),
      )
      .map(({ statement }) => actionsOf(statement).sort());
    // One per function: the ten handlers.
    expect(starResources.length).toBe(10);
    for (const actions of starResources) expect(actions).toEqual(XRAY_ACTIONS);
  });

  it("uses no AWS managed policies: every role starts empty (but BucketDeployment's, which logs with one)", () => {
    for (const [id, role] of Object.entries(synth.statelessTemplate.findResources('AWS::IAM::Role'))) {
      if (id === deploymentRole()) {
        expect(role.Properties.ManagedPolicyArns.map(synth.render)).toEqual([
          'arn:ref(AWS::Partition):iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
        ]);
        continue;
      }
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('IAM: each function touches only its own resources', () => {
  const table = () => `${synth.logicalId(synth.stateful.table)}.Arn`;
  const index = () => `${table()}/index/gsi1`;
  const queue = () => `${synth.logicalId(synth.stateful.syncQueue)}.Arn`;
  const objects = (prefix: string) => `${synth.logicalId(synth.stateful.bucket)}.Arn/${prefix}*`;

  it('every function may write only its own logs and send traces', () => {
    for (const name of ['ingestCatalogue', 'syncWorker', 'scheduledSync', 'syncStatus'] as const) {
      const grants = grantsOf(name);
      const logGroup = `${synth.logicalId(synth.stateless.functions[name].logGroup)}.Arn`;
      for (const action of LOG_ACTIONS) expect([...(grants.get(action) ?? [])]).toEqual([logGroup]);
      for (const action of XRAY_ACTIONS) expect([...(grants.get(action) ?? [])]).toEqual(['*']);
    }
  });

  it('ingest-catalogue: reads and writes its producer state, queues tasks, stores and reads uploads, stores reports', () => {
    expect(dataGrants('ingestCatalogue')).toEqual({
      'dynamodb:GetItem': [table()],
      'dynamodb:Query': [table()],
      'dynamodb:UpdateItem': [table()],
      'dynamodb:PutItem': [table()],
      'dynamodb:BatchWriteItem': [table()],
      'sqs:SendMessage': [queue()],
      's3:PutObject': [objects(OBJECT_PREFIXES.reports), objects(OBJECT_PREFIXES.uploads)].sort(),
      // uploads/: a stored catalogue read again (POST .../reads) streams its raw file.
      's3:GetObject': [objects(OBJECT_PREFIXES.reports), objects(OBJECT_PREFIXES.uploads)].sort(),
    });
  });

  it('sync-worker: consumes the queue, puts sync states and outbox events, reads profiles and the FX parameter; never sends', () => {
    const grants = dataGrants('syncWorker');
    expect(grants).toEqual({
      'dynamodb:PutItem': [table()],
      'dynamodb:GetItem': [table()],
      's3:PutObject': [objects(OBJECT_PREFIXES.outbox)],
      'ssm:GetParameter': [
        expect.stringContaining(`ref(${synth.logicalId(synth.stateless.fxRatesParameter)})`),
      ],
      'sqs:ReceiveMessage': [queue()],
      'sqs:DeleteMessage': [queue()],
      'sqs:ChangeMessageVisibility': [queue()],
      'sqs:GetQueueAttributes': [queue()],
      'sqs:GetQueueUrl': [queue()],
    });
    expect(grants['sqs:SendMessage']).toBeUndefined();
  });

  it('scheduled-sync: reads states and products (table and index), records and sends re-queues, writes feeds, keeps idempotency records', () => {
    const idempotency = `${synth.logicalId(synth.stateful.idempotencyTable)}.Arn`;
    expect(dataGrants('scheduledSync')).toEqual({
      'dynamodb:Query': [index(), table()].sort(),
      'dynamodb:BatchGetItem': [table()],
      'dynamodb:GetItem': [idempotency],
      'dynamodb:PutItem': [idempotency, table()].sort(),
      'dynamodb:UpdateItem': [idempotency],
      'dynamodb:DeleteItem': [idempotency],
      'sqs:SendMessage': [queue()],
      's3:PutObject': [objects(OBJECT_PREFIXES.feeds)],
      's3:AbortMultipartUpload': [objects(OBJECT_PREFIXES.feeds)],
    });
  });

  it('sync-status: reads only, and only reports', () => {
    const grants = dataGrants('syncStatus');
    expect(grants).toEqual({
      'dynamodb:GetItem': [table()],
      'dynamodb:Query': [table()],
      'dynamodb:BatchGetItem': [table()],
      's3:GetObject': [objects(OBJECT_PREFIXES.reports)],
    });
    const writes = Object.keys(grants).filter((action) =>
      /:(Put|Update|Delete|BatchWrite|Send|Abort)/.test(action),
    );
    expect(writes).toEqual([]);
  });

  it('create-upload: records the AWAITING_UPLOAD item and may sign a PUT under uploads/ only', () => {
    expect(dataGrants('createUpload')).toEqual({
      'dynamodb:PutItem': [table()],
      's3:PutObject': [objects(OBJECT_PREFIXES.uploads)],
    });
  });

  it('producer-profile: one item read and one put in the table, nothing else', () => {
    expect(dataGrants('producerProfile')).toEqual({
      'dynamodb:GetItem': [table()],
      'dynamodb:PutItem': [table()],
    });
  });

  it('producer-feeds: reads only: feed records, item states, and a GET of feeds/ to sign downloads', () => {
    expect(dataGrants('producerFeeds')).toEqual({
      'dynamodb:Query': [table()],
      'dynamodb:BatchGetItem': [table()],
      's3:GetObject': [objects(OBJECT_PREFIXES.feeds)],
    });
  });

  const pullGrants = () => ({
    'dynamodb:GetItem': [table()],
    'dynamodb:Query': [table()],
    'dynamodb:UpdateItem': [table()],
    'dynamodb:PutItem': [table()],
    'dynamodb:BatchWriteItem': [table()],
    'sqs:SendMessage': [queue()],
    's3:PutObject': [objects(OBJECT_PREFIXES.pulls), objects(OBJECT_PREFIXES.reports)].sort(),
    's3:GetObject': [objects(OBJECT_PREFIXES.reports)],
  });

  it('source-pull: an ingest (table, queue, reports/) plus its raw file under pulls/; never uploads/ or feeds/', () => {
    expect(dataGrants('sourcePull')).toEqual(pullGrants());
  });

  it('scheduled-pull: the same, the SOURCES index, and its own failure queue', () => {
    const pullFailures = `${synth.logicalId(synth.stateless.pulls.failureQueue)}.Arn`;
    const grants = pullGrants();
    expect(dataGrants('scheduledPull')).toEqual({
      ...grants,
      'dynamodb:Query': [index(), table()].sort(),
      'sqs:SendMessage': [pullFailures, queue()].sort(),
      'sqs:GetQueueAttributes': [pullFailures],
      'sqs:GetQueueUrl': [pullFailures],
    });
  });

  const failures = () => `${synth.logicalId(synth.stateless.uploads.failureQueue)}.Arn`;

  it('ingest-upload: reads uploads/, writes reports/ and its producer state, queues tasks; never writes uploads/', () => {
    expect(dataGrants('ingestUpload')).toEqual({
      'dynamodb:GetItem': [table()],
      'dynamodb:Query': [table()],
      'dynamodb:UpdateItem': [table()],
      'dynamodb:PutItem': [table()],
      'dynamodb:BatchWriteItem': [table()],
      // The sync queue, and its own failure queue (the on-failure destination Lambda sends to with its role).
      'sqs:SendMessage': [failures(), queue()].sort(),
      'sqs:GetQueueAttributes': [failures()],
      'sqs:GetQueueUrl': [failures()],
      's3:GetObject': [objects(OBJECT_PREFIXES.reports), objects(OBJECT_PREFIXES.uploads)].sort(),
      's3:PutObject': [objects(OBJECT_PREFIXES.reports)],
    });
  });

  it('only the scheduled sync can touch the idempotency table', () => {
    const idempotencyArn = `${synth.logicalId(synth.stateful.idempotencyTable)}.Arn`;
    for (const name of [
      'ingestCatalogue',
      'syncWorker',
      'syncStatus',
      'createUpload',
      'ingestUpload',
      'producerProfile',
      'producerFeeds',
      'sourcePull',
      'scheduledPull',
    ] as const) {
      for (const resources of Object.values(dataGrants(name))) {
        expect(resources.some((resource) => resource.startsWith(idempotencyArn))).toBe(false);
      }
    }
  });
});

describe('IAM with fliggy enabled: the scheduled sync prices tour calendars again each run', () => {
  let withTours: SynthesizedFeedbridge;
  beforeAll(() => {
    withTours = synthFeedbridge({ channels: 'tmall-global,freshippo,fliggy' });
  });
  afterAll(() => withTours.cleanup());

  const scheduledGrants = (built: SynthesizedFeedbridge) => {
    const fn = built.stateless.functions.scheduledSync;
    const actions = new Map<string, string[]>();
    for (const statement of roleStatements(built.statelessTemplate, built.logicalId(fn.role))) {
      for (const action of actionsOf(statement)) {
        actions.set(action, [...(actions.get(action) ?? []), ...resourcesOf(statement).map(built.render)]);
      }
    }
    return actions;
  };

  it('may read the FX parameter, and only it, and is told its name', () => {
    const parameter = `ref(${withTours.logicalId(withTours.stateless.fxRatesParameter)})`;
    const grants = scheduledGrants(withTours);
    expect(grants.get('ssm:GetParameter')).toEqual([expect.stringContaining(parameter)]);
    // BatchGetItem (the stored tours) and PutItem (the conditional state write) it already had.
    expect(grants.get('dynamodb:BatchGetItem')).toEqual([
      `${withTours.logicalId(withTours.stateful.table)}.Arn`,
    ]);
    const fn = withTours.statelessTemplate.toJSON().Resources[
      withTours.logicalId(withTours.stateless.functions.scheduledSync.function)
    ] as { Properties: { Environment: { Variables: Record<string, unknown> } } };
    expect(withTours.render(fn.Properties.Environment.Variables.FX_RATES_PARAMETER)).toBe(parameter);
    expect(fn.Properties.Environment.Variables.CHANNELS).toBe('tmall-global,freshippo,fliggy');
  });

  it('without a tour channel it has no SSM access at all', () => {
    expect(scheduledGrants(synth).get('ssm:GetParameter')).toBeUndefined();
  });
});
