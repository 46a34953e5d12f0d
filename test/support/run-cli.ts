import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPO_ROOT = new URL('../../', import.meta.url).pathname;
const CLI = join(REPO_ROOT, 'bin/feedbridge-cli.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** Default: the repository root. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Run as another user (the tests use nobody when they run as root, for which no folder is read-only). */
  uid?: number;
  gid?: number;
  /** A command that should end but hangs is killed after this long; its code is then -1. */
  timeoutMs?: number;
}

/** Runs the real `feedbridge` executable as a user would, in a child process, from the repository root. */
export async function runFeedbridge(...args: string[]): Promise<CliResult> {
  return runFeedbridgeWith({}, ...args);
}

export async function runFeedbridgeWith(options: CliRunOptions, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      maxBuffer: 64 * 1024 * 1024,
      ...(options.env ? { env: options.env } : {}),
      ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid ?? options.uid }),
      ...(options.timeoutMs === undefined
        ? {}
        : { timeout: options.timeoutMs, killSignal: 'SIGKILL' as const }),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      stdout: failed.stdout ?? '',
      stderr: failed.stderr ?? '',
    };
  }
}

/** The CLI as a child process the test can signal; `exited` resolves with its exit code or signal. */
export function spawnFeedbridge(
  args: string[],
  options: Pick<CliRunOptions, 'cwd' | 'env'> = {},
): { child: ChildProcess; output: () => string; exited: Promise<number | string> } {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.env ? { env: options.env } : {}),
  });
  let text = '';
  const keep = (chunk: Buffer) => {
    text += chunk.toString('utf8');
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  return { child, output: () => text, exited };
}
