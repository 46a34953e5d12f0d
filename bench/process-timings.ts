/**
 * Whole-process timings, as a user runs the CLI: `feedbridge validate` (text and --json) and
 * `feedbridge preview` through the built bin (plain node), against a process that only runs
 * csv-parse over the same file (bench/csv-parse-process.mjs). Alternated within each round, so
 * a change in the shared machine's load hits all of them alike; medians and spread over rounds.
 */
import { spawn } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { projectPath } from '../lib/constructs/feedbridge-function.ts';

export interface ProcessTiming {
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** The median of the per-round ratios to the floor run in the same round. */
  ratio: number;
  ratioMin: number;
  ratioMax: number;
}

export interface ProcessTimingsResult {
  rows: number;
  rounds: number;
  floorMs: { medianMs: number; minMs: number; maxMs: number };
  validate: ProcessTiming;
  validateJson: ProcessTiming;
  preview: ProcessTiming;
  /** `node bin/feedbridge-cli.js --help`, the package bin's start-up with nothing to read: median of the rounds. */
  helpMs: { medianMs: number; minMs: number; maxMs: number };
  /** Bytes of the report.json the last preview round wrote. */
  reportBytes: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

/** Runs a node process to its end with its output discarded; resolves to its wall time in ms. */
function timeProcess(args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1', NODE_NO_WARNINGS: '1' },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(performance.now() - started);
      else reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

/** Builds the CLI the way `npm ci` does, so what is timed is the current code as plain JavaScript. */
export async function buildCliForBench(): Promise<void> {
  await timeProcess([projectPath('scripts/build-cli.mjs')]);
}

function timing(times: number[], floors: number[]): ProcessTiming {
  const ratios = times.map((time, round) => time / (floors[round] ?? time));
  const round1 = (value: number) => Math.round(value);
  const round2 = (value: number) => Math.round(value * 100) / 100;
  return {
    medianMs: round1(median(times)),
    minMs: round1(Math.min(...times)),
    maxMs: round1(Math.max(...times)),
    ratio: round2(median(ratios)),
    ratioMin: round2(Math.min(...ratios)),
    ratioMax: round2(Math.max(...ratios)),
  };
}

export async function measureProcessTimings(
  file: string,
  rows: number,
  outDir: string,
  rounds: number,
): Promise<ProcessTimingsResult> {
  const cli = projectPath('bin/feedbridge-cli.js');
  const commands = {
    help: [cli, '--help'],
    floor: [projectPath('bench/csv-parse-process.mjs'), file],
    validate: [cli, 'validate', file, '--producer', 'bench-coop'],
    validateJson: [cli, 'validate', file, '--producer', 'bench-coop', '--json'],
    preview: [cli, 'preview', file, '--producer', 'bench-coop', '--out', outDir],
  };
  const times: Record<keyof typeof commands, number[]> = {
    help: [],
    floor: [],
    validate: [],
    validateJson: [],
    preview: [],
  };
  for (let round = 0; round < rounds; round += 1) {
    for (const name of Object.keys(commands) as (keyof typeof commands)[]) {
      if (name === 'preview') await rm(outDir, { recursive: true, force: true });
      times[name].push(await timeProcess(commands[name]));
    }
  }
  const reportBytes = (await stat(join(outDir, 'report.json'))).size;
  await rm(outDir, { recursive: true, force: true });
  return {
    rows,
    rounds,
    floorMs: spread(times.floor),
    validate: timing(times.validate, times.floor),
    validateJson: timing(times.validateJson, times.floor),
    preview: timing(times.preview, times.floor),
    helpMs: spread(times.help),
    reportBytes,
  };
}

function spread(times: number[]): { medianMs: number; minMs: number; maxMs: number } {
  return {
    medianMs: Math.round(median(times)),
    minMs: Math.round(Math.min(...times)),
    maxMs: Math.round(Math.max(...times)),
  };
}
