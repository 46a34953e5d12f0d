// Builds the CLI (bin/cli.ts) into plain JavaScript under dist/cli/, so the package bin starts
// with `node` and no TypeScript transpiler. `npm ci` runs it (the root package's `prepare`), and
// so does `npm run build`. Plain JavaScript itself, so it runs before anything else is built.
//
// Packages stay external (node resolves them from node_modules at run time): measured, the
// bundled variant started --help 30 ms sooner but broke `start` (bundled CommonJS packages read
// __dirname), and the CLI always runs inside the repository, next to its node_modules.
// Each command's modules are split into chunks loaded on first use (bin/cli.ts imports them
// lazily), so --help and a CSV validate never parse serve's stack or the XLSX and XML readers.
import { rm, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
export const CLI_DIST = fileURLToPath(new URL('../dist/cli/', import.meta.url));

export async function buildCli() {
  const startedAt = Date.now();
  await rm(CLI_DIST, { recursive: true, force: true });
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: { feedbridge: `${root}bin/cli.ts` },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir: CLI_DIST,
    outExtension: { '.js': '.mjs' },
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    absWorkingDir: root,
  });
  // What the bundle was built from, for bin/feedbridge-cli.js's freshness check: a source edited
  // after the build makes the shim run the sources through tsx instead of a stale bundle.
  const inputs = Object.keys(result.metafile.inputs)
    .filter((path) => !path.startsWith('node_modules/'))
    .map((path) => relative(root, `${root}${path}`));
  await writeFile(`${CLI_DIST}inputs.json`, `${JSON.stringify({ builtAt: startedAt, inputs })}\n`);
  return { inputs: inputs.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const { inputs } = await buildCli();
    process.stderr.write(`built dist/cli/feedbridge.mjs from ${inputs} source files\n`);
  } catch (error) {
    // `npm ci --omit=dev` has no esbuild: the install must not fail for it, the bin runs the sources.
    if (!(error instanceof Error && 'code' in error && error.code === 'ERR_MODULE_NOT_FOUND')) throw error;
    process.stderr.write('esbuild is not installed: the feedbridge bin will run the sources through tsx\n');
  }
}
