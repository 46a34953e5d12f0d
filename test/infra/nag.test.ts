import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFeedbridgeApp } from '../../lib/feedbridge-app.ts';
import { SKIP_BUNDLING, type SynthesizedFeedbridge, synthFeedbridge } from './synth-feedbridge.ts';

interface ValidationReport {
  pluginReports: { pluginName: string; violations: { ruleName: string; severity: string }[] }[];
}

let synth: SynthesizedFeedbridge;
const scratch = mkdtempSync(join(tmpdir(), 'feedbridge-nag-'));
beforeAll(() => {
  // Synthesizing (Template.fromStack) runs the registered AwsSolutions plugin: errors would throw here.
  synth = synthFeedbridge();
});
afterAll(() => {
  synth.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  const found: { path: string; id: string; reason: string }[] = [];
  const visit = (construct: IConstruct): void => {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: construct.node.path, id: id.replace(/^annotation::/i, ''), reason });
      }
    }
    for (const child of construct.node.children) visit(child);
  };
  visit(root);
  return found;
}

describe('cdk-nag AwsSolutions', () => {
  it('reports no finding, error or warning, in the synthesized validation report', () => {
    // cdk-nag 3 is a policy-validation plugin: it throws on errors at synth and writes every
    // unacknowledged finding (warnings too) to validation-report.json in the cloud assembly.
    const report = JSON.parse(
      readFileSync(join(synth.outdir, 'validation-report.json'), 'utf8'),
    ) as ValidationReport;
    const findings = report.pluginReports.flatMap((plugin) =>
      plugin.violations.map(
        (violation) => `${plugin.pluginName} ${violation.severity} ${violation.ruleName}`,
      ),
    );
    expect(findings).toEqual([]);
  });

  it('finds nothing unacknowledged when the rules are run directly on the app', () => {
    const result = new AwsSolutionsChecks().validateScope(synth.app);
    expect(result.violations.map((violation) => violation.ruleName)).toEqual([]);
    expect(result.success).toBe(true);
  });

  it('stays clean when the CLI fixes the account and region (findings then name them, not <AWS::Region>)', () => {
    const { app } = createFeedbridgeApp({
      context: SKIP_BUNDLING,
      env: { account: '123456789012', region: 'eu-west-1' },
      outdir: join(scratch, 'with-env'),
    });
    expect(() => app.synth()).not.toThrow();
    const result = new AwsSolutionsChecks().validateScope(app);
    expect(result.violations.map((violation) => violation.ruleName)).toEqual([]);
  });

  it('does fail the synth on a finding (the check above is not vacuous)', () => {
    const app = new App({ context: SKIP_BUNDLING, outdir: join(scratch, 'insecure') });
    const stack = new Stack(app, 'Insecure');
    new s3.Bucket(stack, 'PlainBucket');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-S10/);
  });

  it('acknowledges each finding specifically, with a written reason, and only findings that occur', () => {
    const acknowledged = acknowledgements(synth.app);
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const { id, reason } of acknowledged) {
      expect(id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(reason.length, `reason for ${id}`).toBeGreaterThan(60);
      // IAM5 is acknowledged finding by finding (one resource or one wildcard action), never for a whole policy.
      if (id.startsWith('AwsSolutions-IAM5')) expect(id).toMatch(/\[(Resource|Action)::.+\]$/);
    }

    // The same app with every acknowledgement dropped must produce exactly the acknowledged findings.
    const acknowledge = vi.spyOn(Validations.prototype, 'acknowledge').mockImplementation(() => undefined);
    try {
      // Synthesized first, as the plugin would see it: cross-stack references resolved to imports.
      const bare = createFeedbridgeApp({ context: SKIP_BUNDLING, nag: false, outdir: join(scratch, 'bare') });
      bare.app.synth();
      const findings = new AwsSolutionsChecks()
        .validateScope(bare.app)
        .violations.flatMap((violation) =>
          violation.violatingResources.map(
            (resource) => `${resource.constructPath ?? '?'} ${violation.ruleName}`,
          ),
        );
      const expected = acknowledged.map(({ path, id }) => `${path} ${id}`);
      // A finding is reported on a CfnResource under the construct where it was acknowledged.
      for (const finding of findings) {
        expect(
          expected.some((ack) => {
            const [path, id] = ack.split(' ');
            return finding.endsWith(` ${id}`) && finding.startsWith(`${path}/`);
          }),
          finding,
        ).toBe(true);
      }
      for (const ack of expected) {
        const [path, id] = ack.split(' ');
        expect(
          findings.some((finding) => finding.endsWith(` ${id}`) && finding.startsWith(`${path}/`)),
          ack,
        ).toBe(true);
      }
    } finally {
      acknowledge.mockRestore();
    }
  });
});
