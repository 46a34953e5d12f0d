import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { createFeedbridgeApp, type FeedbridgeApp } from '../../lib/feedbridge-app.ts';

/** Skips esbuild: the templates are what these tests read, and synth stays around a second. */
export const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] } as const;

export interface SynthesizedFeedbridge extends FeedbridgeApp {
  readonly outdir: string;
  readonly statefulTemplate: Template;
  readonly statelessTemplate: Template;
  /** Logical id of a construct's CloudFormation resource (its default child for L2 constructs). */
  logicalId(construct: IConstruct): string;
  /** The resource value a template expression stands for, as readable text (see `render`). */
  render(value: unknown): string;
  cleanup(): void;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function synthFeedbridge(context: Record<string, unknown> = {}): SynthesizedFeedbridge {
  const outdir = mkdtempSync(join(tmpdir(), 'feedbridge-infra-'));
  const built = createFeedbridgeApp({ context: { ...SKIP_BUNDLING, ...context }, outdir });
  const statefulTemplate = Template.fromStack(built.stateful);
  const statelessTemplate = Template.fromStack(built.stateless);
  const statefulOutputs = statefulTemplate.toJSON().Outputs as Record<string, { Value: unknown }>;
  const exportsByName = new Map<string, unknown>();
  for (const [outputId, output] of Object.entries(statefulOutputs)) {
    const exported = (output as { Export?: { Name?: unknown } }).Export?.Name;
    if (typeof exported === 'string') exportsByName.set(exported, output.Value);
    exportsByName.set(`${built.stateful.stackName}:${outputId}`, output.Value);
  }

  /**
   * Renders intrinsics so assertions can name resources: `Ref` -> `ref(Id)`, `GetAtt` -> `Id.Attr`,
   * an import from the stateful stack -> what that stack exported, `Join` -> the joined text.
   */
  const render = (value: unknown): string => {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return `[${value.map(render).join(',')}]`;
    if (isRecord(value)) {
      if ('Ref' in value) return `ref(${String(value.Ref)})`;
      const getAtt = value['Fn::GetAtt'];
      if (Array.isArray(getAtt)) return getAtt.map(String).join('.');
      const imported = value['Fn::ImportValue'];
      if (typeof imported === 'string') {
        const exported = exportsByName.get(imported);
        if (exported === undefined) throw new Error(`no export ${imported} in the stateful stack`);
        return render(exported);
      }
      const join = value['Fn::Join'];
      if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
        return join[1].map(render).join(join[0]);
      }
    }
    return JSON.stringify(value);
  };

  return {
    ...built,
    outdir,
    statefulTemplate,
    statelessTemplate,
    logicalId: (construct) => {
      const element = (construct.node.defaultChild ?? construct) as CfnElement;
      return Stack.of(construct).getLogicalId(element);
    },
    render,
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

export interface PolicyStatementJson {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: unknown;
}

export function actionsOf(statement: PolicyStatementJson): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

export function resourcesOf(statement: PolicyStatementJson): unknown[] {
  if (statement.Resource === undefined) return [];
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}

/** Identity-policy statements attached to a role, from AWS::IAM::Policy resources and inline policies. */
export function roleStatements(template: Template, roleLogicalId: string): PolicyStatementJson[] {
  const statements: PolicyStatementJson[] = [];
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
    const roles = (policy.Properties?.Roles ?? []) as unknown[];
    if (!roles.some((role) => isRecord(role) && role.Ref === roleLogicalId)) continue;
    statements.push(...(policy.Properties.PolicyDocument.Statement as PolicyStatementJson[]));
  }
  const role = template.findResources('AWS::IAM::Role')[roleLogicalId];
  for (const inline of (role?.Properties?.Policies ?? []) as {
    PolicyDocument: { Statement: PolicyStatementJson[] };
  }[]) {
    statements.push(...inline.PolicyDocument.Statement);
  }
  return statements;
}

/** Every policy statement in a template: identity policies and resource policies (buckets, queues, topics, keys). */
export function allStatements(template: Template): { resource: string; statement: PolicyStatementJson }[] {
  const found: { resource: string; statement: PolicyStatementJson }[] = [];
  for (const [id, resource] of Object.entries(template.toJSON().Resources as Record<string, Json>)) {
    const properties = isRecord(resource.Properties) ? resource.Properties : {};
    const documents: unknown[] = [properties.PolicyDocument, properties.KeyPolicy];
    // Roles list inline policies under Policies (a Cognito user pool's Policies is something else).
    if (Array.isArray(properties.Policies)) {
      for (const inline of properties.Policies as { PolicyDocument?: unknown }[])
        documents.push(inline.PolicyDocument);
    }
    for (const document of documents) {
      if (!isRecord(document) || !Array.isArray(document.Statement)) continue;
      for (const statement of document.Statement as PolicyStatementJson[])
        found.push({ resource: id, statement });
    }
  }
  return found;
}
