#!/usr/bin/env node
// The package bin. It runs the built CLI (dist/cli/feedbridge.mjs, made by `npm ci` and
// `npm run build`, see scripts/build-cli.mjs) with plain node when that build exists and no
// source it was built from changed since; otherwise the TypeScript sources through tsx, which
// is what a developer who just edited a file wants. Checking is one stat per source file
// (about 2 ms); registering tsx costs 200-700 ms at every start.
import { readFileSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);

function freshBuild() {
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(new URL('dist/cli/inputs.json', root), 'utf8'));
    statSync(new URL('dist/cli/feedbridge.mjs', root));
    for (const input of inputs) {
      if (statSync(new URL(input, root)).mtimeMs > builtAt) return false;
    }
    return true;
  } catch {
    // No build, or a source it was built from is gone: the sources decide.
    return false;
  }
}

if (freshBuild()) {
  await import('../dist/cli/feedbridge.mjs');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./cli.ts');
}
