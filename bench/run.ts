/**
 * `npm run bench` (full) and `npm run bench -- --quick` (about a minute): measures throughput
 * against the CSV reader floor, CLI memory, AWS calls against the batch floor, end-to-end time on
 * the embedded stack and Lambda bundles, and writes bench/results/latest.json. It never fails on a
 * timing: targets are reported beside the numbers, and docs/benchmarks.md explains them.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectPath } from '../lib/constructs/feedbridge-function.ts';
import { measureBundles } from './bundles.ts';
import { writeCatalogue } from './catalogue-generator.ts';
import { measurePreviewMemory } from './memory.ts';
import { buildCliForBench, measureProcessTimings } from './process-timings.ts';
import type { StackResults } from './stack-sections.ts';
import { formatVerdicts, judgeTargets } from './targets.ts';
import { measureThroughput } from './throughput.ts';
import type { UploadResults } from './upload-section.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench/results/latest.json' },
  },
});
const quick = values.quick;

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function machine(): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? 'unknown CPU';
  return `${model}, ${cores.length} vCPU, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, ${process.platform} ${process.arch}, Node ${process.version}`;
}

/** Runs the stack sections in their own process: the handlers bind to one stack at import. */
async function runStackSections(skus: number): Promise<StackResults> {
  return runSection<StackResults>('bench/stack-sections.ts', ['--skus', String(skus)]);
}

/** Runs one section script in its own process and parses the JSON line it prints last. */
async function runSection<T>(script: string, args: string[]): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', projectPath(script), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const line = stdout.trim().split('\n').at(-1);
  if (code !== 0 || line === undefined)
    throw new Error(`${script} exited with ${code}: ${stderr.slice(-3000)}`);
  return JSON.parse(line) as T;
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'feedbridge-bench-'));
  try {
    const started = Date.now();
    const throughput = [];
    for (const rows of [10_000, 100_000]) {
      const file = join(work, `throughput-${rows}.csv`);
      // French headers, ";" and decimal commas: what Excel writes on a French Windows.
      await writeCatalogue(file, { rows, headers: 'fr' });
      log(`throughput ${rows} rows`);
      // Quick mode times 100k once, without its own warm-up: the 10k runs have warmed the code.
      const options = quick && rows > 10_000 ? { repeats: 1, warmUp: false } : { repeats: 3, warmUp: true };
      throughput.push(await measureThroughput(file, rows, options));
      log(JSON.stringify(throughput.at(-1)));
      await rm(file);
    }

    // Whole processes as users run them: the built CLI against a csv-parse-only process.
    log('building the CLI (dist/cli) for the process timings and memory');
    await buildCliForBench();
    const processRows = quick ? 20_000 : 100_000;
    const processFile = join(work, `process-${processRows}.csv`);
    await writeCatalogue(processFile, { rows: processRows, headers: 'en', seed: 3 });
    log(`process timings ${processRows} rows, 5 rounds`);
    const processTimings = await measureProcessTimings(
      processFile,
      processRows,
      join(work, 'process-preview'),
      5,
    );
    log(JSON.stringify(processTimings));
    await rm(processFile);

    const memory = [];
    for (const rows of quick ? [100_000] : [100_000, 1_000_000]) {
      const file = join(work, `memory-${rows}.csv`);
      await writeCatalogue(file, { rows, headers: 'en', seed: 3 });
      log(`memory ${rows} rows`);
      memory.push(await measurePreviewMemory(file, join(work, `preview-${rows}`), rows));
      log(JSON.stringify(memory.at(-1)));
      await rm(file);
      await rm(join(work, `preview-${rows}`), { recursive: true, force: true });
    }

    const skus = quick ? 1_000 : 10_000;
    log(`AWS calls and end to end (${skus} SKUs) on the embedded stack`);
    const stack = await runStackSections(skus);
    log(JSON.stringify(stack.endToEnd));

    const uploadRows = quick ? 25_000 : 250_000;
    log(`upload route: ${uploadRows} rows through a signed URL to DONE`);
    const upload = await runSection<UploadResults>('bench/upload-section.ts', ['--rows', String(uploadRows)]);
    log(JSON.stringify(upload));

    log('bundles');
    const bundles = await measureBundles(quick ? 3 : 7);

    const targets = judgeTargets({
      throughput,
      processTimings,
      memory,
      endToEnd: stack.endToEnd,
      bundles,
      upload,
    });
    const results = {
      machine: machine(),
      date: new Date().toISOString(),
      mode: quick ? 'quick' : 'full',
      throughput,
      processTimings,
      memory,
      awsCalls: stack.awsCalls,
      endToEnd: stack.endToEnd,
      bundles,
      upload,
      targets,
    };
    await mkdir(join(projectPath(''), 'bench/results'), { recursive: true });
    await writeFile(projectPath(values.out), `${JSON.stringify(results, null, 2)}\n`);
    log(`details (not in latest.json): ${JSON.stringify(stack.detail)}`);
    log('targets:');
    for (const line of formatVerdicts(targets)) log(`  ${line}`);
    log(`wrote ${values.out} in ${Math.round((Date.now() - started) / 1000)} s`);
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
