/**
 * Measures what the readers do with the resource bombs of issue 11 at full size: each bomb is
 * written to a temporary folder and given to the real CLI (`feedbridge validate`, one child
 * process each, under GNU time), and the outcome, peak resident memory and wall time are printed
 * as the table in docs/reliability.md ("Bombs and limits").
 *
 *   npx tsx scripts/measure-reader-bombs.ts                 # every bomb
 *   npx tsx scripts/measure-reader-bombs.ts --only xml-attribute-100mb.xml --timeout 120
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BOMB_PRODUCER,
  jsonEmptyProducts,
  jsonLongString,
  MiB,
  writeChunks,
  xlsxFarRightCells,
  xlsxMediaBomb,
  xlsxSheetBomb,
  xmlEmptyProducts,
  xmlLongAttribute,
  xmlLongText,
} from '../test/support/reader-bombs.ts';

interface Bomb {
  file: string;
  about: string;
  write(path: string): Promise<void>;
}

/** Writes a generated bomb without holding it. */
function streamed(chunks: () => Iterable<Uint8Array>): Bomb['write'] {
  return async (path) => {
    await writeChunks(path, chunks());
  };
}

const BOMBS: Bomb[] = [
  {
    file: 'xlsx-media.xlsx',
    about: 'sheet part named data.xml, three 700 MB images',
    write: async (path) => writeFile(path, await xlsxMediaBomb(700 * 1000 * 1000)),
  },
  {
    file: 'xlsx-sheet-2gb.xlsx',
    about: '2 GB of sheet XML, sizes honest',
    write: async (path) => writeFile(path, await xlsxSheetBomb(2000 * 1000 * 1000, false)),
  },
  {
    file: 'xlsx-sheet-2gb-lying.xlsx',
    about: '2 GB of sheet XML, directory says 10 KB',
    write: async (path) => writeFile(path, await xlsxSheetBomb(2000 * 1000 * 1000, true)),
  },
  {
    file: 'xlsx-far-right-cells.xlsx',
    about: '100,000 rows, each with a cell in column XFD',
    write: async (path) => writeFile(path, await xlsxFarRightCells(100_000)),
  },
  {
    file: 'json-string-8mib.json',
    about: 'one 8 MiB string in a product',
    write: streamed(() => jsonLongString(8 * MiB)),
  },
  {
    file: 'json-empty-products-50mb.json',
    about: '50 MB of empty products (16.7 million, limit 2 million)',
    write: streamed(() => jsonEmptyProducts(50 * 1000 * 1000)),
  },
  {
    file: 'xml-empty-products-50mb.xml',
    about: '50 MB of empty products (5 million, limit 2 million)',
    write: streamed(() => xmlEmptyProducts(50 * 1000 * 1000)),
  },
  {
    file: 'xml-attribute-100mb.xml',
    about: 'one 100 MB attribute value',
    write: streamed(() => xmlLongAttribute(100 * 1000 * 1000)),
  },
  {
    file: 'xml-text-100mb.xml',
    about: 'one 100 MB element text in a product',
    write: streamed(() => xmlLongText(100 * 1000 * 1000)),
  },
];

interface Measured {
  exit: number | string;
  outcome: string;
  peakRssMiB: number;
  seconds: number;
  /** Most bytes the child held in its own TMPDIR at once (exceljs spooled sheets there). */
  peakTempMiB: number;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (entry.isFile())
      total += (await stat(join(entry.parentPath, entry.name)).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

const CLI = new URL('../bin/feedbridge-cli.js', import.meta.url).pathname;

async function measure(file: string, timeoutSeconds: number, temp: string): Promise<Measured> {
  await mkdir(temp, { recursive: true });
  const started = process.hrtime.bigint();
  const child = spawn(
    '/usr/bin/time',
    ['-v', process.execPath, CLI, 'validate', file, '--producer', BOMB_PRODUCER, '--json'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: temp } },
  );
  let peakTemp = 0;
  const poll = setInterval(() => {
    void folderBytes(temp).then((bytes) => {
      peakTemp = Math.max(peakTemp, bytes);
    });
  }, 250);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    if (stdout.length < 4096) stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutSeconds * 1000);
  const exit = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  clearInterval(poll);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = /Maximum resident set size \(kbytes\):\s*(\d+)/u.exec(stderr)?.[1];
  const code = /feedbridge: ([A-Z_0-9]+):/u.exec(stderr)?.[1];
  const rows = /"rows":\s*(\{[^}]*\})/u.exec(stdout)?.[1];
  return {
    exit: timedOut ? `killed at ${timeoutSeconds} s` : (exit ?? 'signal'),
    outcome: code ?? (rows === undefined ? (stderr.split('\n')[0] ?? '') : `read: ${rows}`),
    peakRssMiB: rss === undefined ? 0 : Math.round(Number(rss) / 1024),
    seconds: Math.round(seconds * 10) / 10,
    peakTempMiB: Math.round(Math.max(peakTemp, await folderBytes(temp)) / MiB),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, timeout: { type: 'string', default: '300' } },
  });
  if (!existsSync('/usr/bin/time')) throw new Error('GNU time (/usr/bin/time) is needed to read peak memory');
  const only = values.only?.split(',');
  const timeout = Number(values.timeout);
  const dir = await mkdtemp(join(tmpdir(), 'feedbridge-bombs-'));
  try {
    console.log('| bomb | file size | outcome | exit | peak RSS | time | temp files |');
    console.log('| --- | ---: | --- | --- | ---: | ---: | ---: |');
    for (const bomb of BOMBS) {
      if (only !== undefined && !only.includes(bomb.file)) continue;
      const path = join(dir, bomb.file);
      await bomb.write(path);
      const size = (await stat(path)).size;
      const temp = join(dir, 'tmp');
      const result = await measure(path, timeout, temp);
      await rm(path, { force: true });
      await rm(temp, { recursive: true, force: true });
      console.log(
        `| ${bomb.file}: ${bomb.about} | ${(size / MiB).toFixed(1)} MiB | ${result.outcome} | ${result.exit} | ${result.peakRssMiB} MiB | ${result.seconds} s | ${result.peakTempMiB} MiB |`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
