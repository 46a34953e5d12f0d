import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest folder above this module that holds portal/: local/ when run from the sources,
 * dist/cli/ when run from the built CLI (scripts/build-cli.mjs), whose chunks sit a level deeper.
 */
function portalDir(): string {
  let folder = new URL('../', import.meta.url);
  for (let depth = 0; depth < 4; depth += 1) {
    if (existsSync(new URL('portal/vite.config.ts', folder))) break;
    folder = new URL('../', folder);
  }
  return fileURLToPath(new URL('portal/', folder));
}

/** The portal's sources and the build `feedbridge serve` serves (npm run build writes it). */
export const PORTAL_DIR = portalDir();
export const PORTAL_DIST = join(PORTAL_DIR, 'dist');

const viteCli = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');

/** Vite in its own process: the build's memory is given back, and the CDK's synchronous hook can wait on it. */
function viteBuildArguments(outDir: string): string[] {
  return [
    viteCli,
    'build',
    '--config',
    join(PORTAL_DIR, 'vite.config.ts'),
    '--outDir',
    outDir,
    '--emptyOutDir',
  ];
}

function buildFailure(status: number | null, stderr: string): Error {
  return new Error(`portal build failed (vite exit ${status ?? 'signal'}): ${stderr.trim().slice(-2000)}`);
}

/**
 * Builds the portal into `outDir`. It is written beside it first and moved into place when
 * complete, so a build that stops half-way never leaves a half portal to be served.
 */
export async function buildPortal(outDir: string = PORTAL_DIST): Promise<void> {
  const staging = `${outDir}.building-${process.pid}`;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, viteBuildArguments(staging), {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (status) => (status === 0 ? resolve() : reject(buildFailure(status, stderr))));
  }).catch(async (error: unknown) => {
    await rm(staging, { recursive: true, force: true });
    throw error;
  });
  await rm(outDir, { recursive: true, force: true });
  await rename(staging, outDir);
}

/** The same build, synchronously, for CDK's local bundling hook (which cannot wait on a promise). */
export function buildPortalSync(outDir: string): void {
  const result = spawnSync(process.execPath, viteBuildArguments(outDir), { encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw buildFailure(result.status, result.stderr);
}
