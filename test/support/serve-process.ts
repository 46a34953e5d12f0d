import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const cli = join(root, 'bin/feedbridge-cli.js');

/** `feedbridge serve` in a child process, as a developer runs it; every port picked free. */
export interface ServeProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  output(): string;
  /** Resolves with the exit code or signal once the process has gone. */
  exited(): Promise<number | string>;
}

export async function startServe(
  dataDir: string,
  extraArgs: string[] = [],
  timeoutMs = 30_000,
): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [
      cli,
      'serve',
      '--port',
      '0',
      '--dynamodb-port',
      '0',
      '--sqs-port',
      '0',
      '--data-dir',
      dataDir,
      ...extraArgs,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, POWERTOOLS_LOG_LEVEL: 'ERROR' } },
  );
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const exit = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`serve did not start in ${timeoutMs} ms:\n${text}`)),
      timeoutMs,
    );
    const check = () => {
      const match = /HTTP API\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}) before it started:\n${text}`));
    });
  });
  return { child, baseUrl, output: () => text, exited: () => exit };
}

/** Stops a serve started here: SIGTERM (a clean stop) or SIGKILL (a crash), and waits for it. */
export async function stopServe(
  serve: ServeProcess,
  signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM',
): Promise<void> {
  if (serve.child.exitCode === null && serve.child.signalCode === null) serve.child.kill(signal);
  await serve.exited();
}

/** `feedbridge dev-token`: the token is the last line of its output. */
export async function devToken(producerId: string, dataDir: string): Promise<string> {
  const { stdout } = await run(process.execPath, [cli, 'dev-token', producerId, '--data-dir', dataDir], {
    cwd: root,
  });
  const lines = stdout.trim().split('\n');
  return (lines[lines.length - 1] ?? '').trim();
}

export interface HttpResult {
  status: number;
  body: unknown;
}

export async function request(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: Buffer | string; contentType?: string } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.contentType) headers['content-type'] = options.contentType;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    // A view of the bytes, not the Buffer: the browser suite's DOM typings do not take a Buffer as a body.
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === 'string' ? options.body : new Uint8Array(options.body) }),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: kept as text for the assertion message.
  }
  return { status: response.status, body };
}
