import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { externalDynamoDbFromEnv } from '../../local/embedded-stack.ts';
import { type CliRunOptions, REPO_ROOT, runFeedbridgeWith, spawnFeedbridge } from '../support/run-cli.ts';
import { type ServeProcess, startServe, stopServe } from '../support/serve-process.ts';

/*
 * The CLI's commands only ever remove what they created, clean up when interrupted, and refuse a
 * folder or port they cannot use with a code and exit 1, naming the option as it was typed.
 */

const SAMPLES = join(REPO_ROOT, 'samples');
// A command that should end but hangs (a port in use used to leave serve running) fails the test.
const ENDS_WITHIN = { timeoutMs: 45_000 };
// Root may write anywhere: a read-only folder is read-only only for another user.
const UNPRIVILEGED: CliRunOptions = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'feedbridge-folders-'));
  // mkdtemp makes 0700 folders: the unprivileged user must at least be able to pass through.
  await chmod(scratch, 0o755);
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function folder(name: string, files: Record<string, string> = {}): Promise<string> {
  const path = join(scratch, name);
  await mkdir(path, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    await mkdir(join(path, file, '..'), { recursive: true });
    await writeFile(join(path, file), text);
  }
  return path;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('feedbridge start --out', () => {
  it('refuses a folder it did not make (--out .) and deletes nothing in it', async () => {
    const checkout = await folder('checkout', { 'package.json': '{}', 'src/main.ts': 'export {};' });
    const result = await runFeedbridgeWith(
      { cwd: checkout, ...ENDS_WITHIN },
      'start',
      '--out',
      '.',
      '--samples',
      SAMPLES,
    );
    expect(result.stderr).toContain(
      'feedbridge: OUT_DIR_NOT_EMPTY: --out . is not empty and was not made by feedbridge start',
    );
    expect(result.code).toBe(1);
    expect((await readdir(checkout)).sort()).toEqual(['package.json', 'src']);
    expect(await readFile(join(checkout, 'src/main.ts'), 'utf8')).toBe('export {};');
  }, 60_000);

  it('replaces what its previous run wrote, and keeps what someone else put beside it', async () => {
    const out = join(scratch, 'start-out', 'nested');
    const first = await runFeedbridgeWith(ENDS_WITHIN, 'start', '--out', out, '--samples', SAMPLES);
    expect(first.code).toBe(0);
    expect(await exists(join(out, 'feeds/freshippo/nyagatare-beef.xml'))).toBe(true);
    // A stale feed from the first run, and a producer's own notes next to the command's folders.
    await writeFile(join(out, 'feeds/freshippo/retired-producer.xml'), '<feed/>');
    await writeFile(join(out, 'notes.txt'), 'mine');
    const second = await runFeedbridgeWith(ENDS_WITHIN, 'start', '--out', out, '--samples', SAMPLES);
    expect(second.code).toBe(0);
    expect(await exists(join(out, 'feeds/freshippo/retired-producer.xml'))).toBe(false);
    expect(await exists(join(out, 'feeds/freshippo/nyagatare-beef.xml'))).toBe(true);
    expect(await readFile(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  }, 90_000);

  it('removes its temporary database when interrupted, and still records what it wrote', async () => {
    const temp = await folder('start-tmp');
    const out = join(scratch, 'start-interrupted');
    const start = spawnFeedbridge(['start', '--out', out, '--samples', SAMPLES], {
      env: { ...process.env, TMPDIR: temp },
    });
    // Once the first upload is written, mid-run: the others are still being written.
    while (!start.output().includes('upload ')) {
      if (start.child.exitCode !== null) throw new Error(`start ended early:\n${start.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    start.child.kill('SIGINT');
    expect(await start.exited).toBe(130);
    expect((await readdir(temp)).filter((name) => name.startsWith('feedbridge-start-'))).toEqual([]);
    const marker = JSON.parse(await readFile(join(out, '.feedbridge-output.json'), 'utf8'));
    const written = (await readdir(out)).filter((name) => !name.startsWith('.')).sort();
    expect(written).toContain('uploads');
    expect(marker.entries).toEqual(written);
  }, 60_000);

  it('refuses an --out that is a file, or lies under one, naming the path as given', async () => {
    await writeFile(join(scratch, 'a-file'), 'x');
    const onFile = await runFeedbridgeWith({ cwd: scratch }, 'start', '--out', 'a-file');
    expect(onFile.code).toBe(1);
    expect(onFile.stderr).toBe('feedbridge: PATH_NOT_A_DIRECTORY: --out a-file is not a folder\n');
    const under = await runFeedbridgeWith({ cwd: scratch }, 'start', '--out', 'a-file/feeds');
    expect(under.code).toBe(1);
    expect(under.stderr).toBe(
      `feedbridge: PATH_NOT_A_DIRECTORY: --out a-file/feeds is not a folder (${join(scratch, 'a-file')} is a file)\n`,
    );
  });
});

describe('feedbridge preview --out', () => {
  /** A CSV big enough that the preview is still running when the signal arrives. */
  async function bigCatalogue(): Promise<string> {
    const path = join(scratch, 'big.csv');
    if (await exists(path)) return path;
    const rows = Array.from(
      { length: 150_000 },
      (_, index) => `HC-${index},Huye washed ${index},green coffee,${1000 + index},RWF,12,500 g`,
    );
    await writeFile(path, `sku,name,type,price,currency,stock,net weight\n${rows.join('\n')}\n`);
    return path;
  }

  it('creates no --out for a refused file', async () => {
    const parent = await folder('refused-parent');
    await writeFile(join(scratch, 'broken.json'), '{"products": [ {"sku": "A", ');
    const result = await runFeedbridgeWith(
      {},
      'preview',
      join(scratch, 'broken.json'),
      '--producer',
      'kayonza-avocado',
      '--out',
      join(parent, 'preview'),
    );
    expect(result.code).toBe(2);
    expect(await readdir(parent)).toEqual([]);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'removes its staging folder when interrupted by %s, and creates no --out',
    async (signal, code) => {
      const catalogue = await bigCatalogue();
      const parent = await folder(`interrupted-${signal}`);
      const preview = spawnFeedbridge([
        'preview',
        catalogue,
        '--producer',
        'huye-coop',
        '--out',
        join(parent, 'preview'),
      ]);
      // Signal once the preview has staged some output: it is then mid-write.
      for (;;) {
        const staged = (await readdir(parent)).find((name) => name.startsWith('.feedbridge-preview-'));
        if (staged !== undefined && (await readdir(join(parent, staged))).length > 1) break;
        if (preview.child.exitCode !== null) throw new Error(`preview ended early:\n${preview.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      preview.child.kill(signal);
      expect(await preview.exited).toBe(code);
      expect(await readdir(parent)).toEqual([]);
    },
    60_000,
  );

  it('refuses an --out that is a file or not writable, before reading anything', async () => {
    await writeFile(join(scratch, 'not-a-folder'), 'x');
    const onFile = await runFeedbridgeWith(
      { cwd: scratch },
      'preview',
      join(SAMPLES, 'kayonza-avocado.json'),
      '--producer',
      'kayonza-avocado',
      '--out',
      'not-a-folder',
    );
    expect(onFile.stderr).toBe('feedbridge: PATH_NOT_A_DIRECTORY: --out not-a-folder is not a folder\n');
    expect(onFile.code).toBe(1);
    const readOnly = await folder('read-only-preview');
    await chmod(readOnly, 0o555);
    const refused = await runFeedbridgeWith(
      { ...UNPRIVILEGED, cwd: scratch },
      'preview',
      join(SAMPLES, 'kayonza-avocado.json'),
      '--producer',
      'kayonza-avocado',
      '--out',
      'read-only-preview/out',
    );
    expect(refused.stderr).toBe(
      `feedbridge: PATH_NOT_WRITABLE: --out read-only-preview/out is not writable by this user (it would be created in ${readOnly})\n`,
    );
    expect(refused.code).toBe(1);
  });
});

describe('feedbridge serve and dev-token', () => {
  let first: ServeProcess | undefined;
  let blocker: Server | undefined;
  afterAll(async () => {
    if (first) await stopServe(first);
    await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
  });

  const FREE_PORTS = ['--port', '0', '--dynamodb-port', '0', '--sqs-port', '0'];

  it('refuses a second serve on the same --data-dir, naming the serve that holds it', async () => {
    const dataDir = await folder('shared-data');
    first = await startServe(dataDir);
    const second = await runFeedbridgeWith(ENDS_WITHIN, 'serve', '--data-dir', dataDir, ...FREE_PORTS);
    expect(second.stderr).toContain(
      `feedbridge: DATA_DIR_IN_USE: --data-dir ${dataDir} is in use by feedbridge serve (pid ${first.child.pid})`,
    );
    expect(second.code).toBe(2);
    expect(second.stderr).not.toMatch(/\n\s+at /);
    // The first one was left alone and still answers.
    expect((await fetch(`${first.baseUrl}/producers/x/sync-status`)).status).toBe(401);
  }, 60_000);

  // Against an external DynamoDB (the conformance run) serve starts no DynamoDB of its own, so
  // --dynamodb-port names no port it listens on.
  const LISTENED_PORTS = externalDynamoDbFromEnv()
    ? ['--port', '--sqs-port']
    : ['--port', '--dynamodb-port', '--sqs-port'];
  it.each(LISTENED_PORTS)(
    'says %s is in use and ends, with everything it had started stopped',
    async (flag) => {
      blocker ??= await new Promise<Server>((resolve) => {
        const server = createServer();
        server.listen(0, '127.0.0.1', () => resolve(server));
      });
      const address = blocker.address();
      const taken = String(typeof address === 'object' && address ? address.port : 0);
      const ports = ['--port', '--dynamodb-port', '--sqs-port'].flatMap((name) => [
        name,
        name === flag ? taken : '0',
      ]);
      const dataDir = await folder(`busy-port${flag}`);
      // Ending at all is the proof: a server or poller left running would keep the process alive.
      const result = await runFeedbridgeWith(ENDS_WITHIN, 'serve', '--data-dir', dataDir, ...ports);
      expect(result.stderr).toContain(
        `feedbridge: PORT_IN_USE: ${flag} ${taken}: the port is already in use; stop what listens there or choose another ${flag}\n`,
      );
      expect(result.code).toBe(1);
    },
    60_000,
  );

  it('refuses a --data-dir that is a file or read-only, for serve and dev-token alike', async () => {
    await writeFile(join(scratch, 'data-file'), 'x');
    for (const args of [
      ['serve', '--data-dir', 'data-file', ...FREE_PORTS],
      ['dev-token', 'huye-coop', '--data-dir', 'data-file'],
    ]) {
      const result = await runFeedbridgeWith({ cwd: scratch, ...ENDS_WITHIN }, ...args);
      expect(result.stderr, args[0]).toBe(
        'feedbridge: PATH_NOT_A_DIRECTORY: --data-dir data-file is not a folder\n',
      );
      expect(result.code, args[0]).toBe(1);
    }
    const readOnly = await folder('read-only-data');
    await chmod(readOnly, 0o555);
    for (const args of [
      ['serve', '--data-dir', 'read-only-data', ...FREE_PORTS],
      ['dev-token', 'huye-coop', '--data-dir', 'read-only-data'],
    ]) {
      const result = await runFeedbridgeWith({ ...UNPRIVILEGED, cwd: scratch, ...ENDS_WITHIN }, ...args);
      expect(result.stderr, args[0]).toBe(
        'feedbridge: PATH_NOT_WRITABLE: --data-dir read-only-data is not writable by this user\n',
      );
      expect(result.code, args[0]).toBe(1);
    }
  }, 60_000);

  it('takes port and interval options written in decimal digits only', async () => {
    for (const [flag, value] of [
      ['--port', '1e3'],
      ['--port', '0x1F90'],
      ['--sqs-port', ' 9324'],
      ['--schedule-seconds', '1e1'],
      ['--stale-after-seconds', ''],
    ] as const) {
      const result = await runFeedbridgeWith(ENDS_WITHIN, 'serve', flag, value);
      expect(result.code, `${flag} ${value}`).toBe(1);
      expect(result.stderr, `${flag} ${value}`).toContain(`feedbridge: ${flag} must be a`);
    }
  }, 60_000);
});

describe('feedbridge validate: its lists spooled in a temporary folder', () => {
  // Every row refused and warned of: the lists validate prints after its summary.
  async function refusedRows(rows: number): Promise<string> {
    const path = join(scratch, `refused-${rows}.csv`);
    if (await exists(path)) return path;
    const lines = Array.from(
      { length: rows },
      (_, index) => `R-${index},Rwanda coffee ${index},,sur demande,RWF`,
    );
    await writeFile(path, `sku,name,type,price,currency\n${lines.join('\n')}\n`);
    return path;
  }

  const withTmp = (dir: string) => ({ env: { ...process.env, TMPDIR: dir }, ...ENDS_WITHIN });

  it.each([[[]], [['--json']]])(
    'prints the same with the folder as without one (kept in memory), and leaves nothing behind %j',
    async (flags) => {
      const catalogue = await refusedRows(3_000);
      const tmp = await folder(`validate-tmp-${flags.length}`);
      const spooled = await runFeedbridgeWith(
        withTmp(tmp),
        'validate',
        catalogue,
        '--producer',
        'huye-coop',
        ...flags,
      );
      expect(spooled.code).toBe(0);
      expect(await readdir(tmp)).toEqual([]);
      const inMemory = await runFeedbridgeWith(
        withTmp(join(scratch, 'no-such-tmp')),
        'validate',
        catalogue,
        '--producer',
        'huye-coop',
        ...flags,
      );
      expect(inMemory.code).toBe(0);
      expect(inMemory.stdout).toBe(spooled.stdout);
      if (flags.length === 0) {
        expect(spooled.stdout).toContain('\nerrors:\n  row 2    R-0 ');
        expect(spooled.stdout).toMatch(/\n {2}row 3001 +R-2999 +price +NUMBER_INVALID /);
      } else {
        const report = JSON.parse(spooled.stdout) as { errors: { sku: string }[]; products: unknown[] };
        expect(report.errors.filter((error) => error.sku === 'R-2999').length).toBeGreaterThan(0);
        expect(report.products).toEqual([]);
      }
    },
    60_000,
  );

  it('removes its folder when interrupted by SIGTERM', async () => {
    const catalogue = await refusedRows(300_000);
    const tmp = await folder('validate-interrupted');
    const validate = spawnFeedbridge(['validate', catalogue, '--producer', 'huye-coop'], {
      env: { ...process.env, TMPDIR: tmp },
    });
    for (;;) {
      const spool = (await readdir(tmp)).find((name) => name.startsWith('feedbridge-validate-'));
      // The folder is made before its files: signalled once errors are being written.
      const written =
        spool === undefined
          ? 0
          : await stat(join(tmp, spool, 'errors')).then(
              (info) => info.size,
              () => 0,
            );
      if (written > 0) break;
      if (validate.child.exitCode !== null) throw new Error(`validate ended early:\n${validate.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    validate.child.kill('SIGTERM');
    expect(await validate.exited).toBe(143);
    expect(await readdir(tmp)).toEqual([]);
  }, 60_000);
});
