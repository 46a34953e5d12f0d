/**
 * Memory: peak resident set of the real CLI (`feedbridge preview`) as a child process, so what is
 * measured is what a producer's laptop or a Lambda would see, startup and tsx included.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { projectPath } from '../lib/constructs/feedbridge-function.ts';

export interface MemoryResult {
  rows: number;
  peakRssMb: number;
}

const TIME = '/usr/bin/time';

/** VmHWM of a live process, in kB; 0 once it has gone. */
async function highWaterKb(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB/mu.exec(status);
    return match?.[1] === undefined ? 0 : Number(match[1]);
  } catch {
    return 0;
  }
}

/** Runs the CLI's preview on `file`; resolves to the peak RSS in MiB. */
export async function measurePreviewMemory(
  file: string,
  outDir: string,
  rows: number,
): Promise<MemoryResult> {
  const cli = [
    projectPath('bin/feedbridge-cli.js'),
    'preview',
    file,
    '--producer',
    'bench-coop',
    '--out',
    outDir,
  ];
  // GNU time reads the kernel's own maximum from wait4(); polling /proc is the fallback where it is missing.
  const useTime = existsSync(TIME);
  const child = useTime
    ? spawn(TIME, ['-v', process.execPath, ...cli], { stdio: ['ignore', 'ignore', 'pipe'] })
    : spawn(process.execPath, cli, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  let polledKb = 0;
  const poll = useTime
    ? undefined
    : setInterval(() => {
        if (child.pid !== undefined)
          void highWaterKb(child.pid).then((kb) => {
            polledKb = Math.max(polledKb, kb);
          });
      }, 50);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (poll !== undefined) clearInterval(poll);
  if (code !== 0) throw new Error(`preview of ${rows} rows exited with ${code}: ${stderr.slice(-2000)}`);
  const reported = /Maximum resident set size \(kbytes\):\s*(\d+)/u.exec(stderr)?.[1];
  const kb = useTime && reported !== undefined ? Number(reported) : polledKb;
  return { rows, peakRssMb: Math.round(kb / 1024) };
}
