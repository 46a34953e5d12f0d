import { type ParseArgsConfig, parseArgs } from 'node:util';
import { EXIT, reportFailure, UsageError } from './commands/cli-errors.ts';
import { checkWritableFolder, ensureWritableFolder } from './commands/folder-option.ts';

// Each command imports what it runs when it runs: --help loads none of it, validate none of
// serve's stack, and the built CLI (dist/, see scripts/build-cli.ts) splits them into chunks.

const USAGE = `feedbridge: Rwandan producers' catalogues to Tmall Global and Freshippo feeds

Usage:
  feedbridge validate <file> --producer <id> [--json] [--format csv|tsv|xlsx|json|xml] [--sheet <name>]
                      [--profile <profile.json>] [--currency <ISO 4217>]
  feedbridge preview  <file> --producer <id> --out <dir> [--channels tmall-global,freshippo,fliggy] [--format ...] [--sheet ...]
                      [--profile <profile.json>] [--currency <ISO 4217>] [--today yyyy-mm-dd]
  feedbridge start    [--samples samples] [--out out]  the whole pipeline on the embedded stack
  feedbridge serve    [--port 8080] [--dynamodb-port 8000] [--sqs-port 9324] [--data-dir .data]
                      [--schedule-seconds 30] [--stale-after-seconds 60]
  feedbridge dev-token <producerId> [--data-dir D]

Exit codes: 0 file read (even with rejected rows), 1 usage error (or a folder or port that cannot
be used), 2 file refused, 3 internal error, 130/143 interrupted (what the command created is removed).
`;

/**
 * node:util's parseArgs keeps the last of a flag given twice: `--producer a ... --producer b`
 * would read the file for b without a word. Every flag here takes one value, so a repeated one
 * is a usage error naming both.
 */
function parseFlags<const Config extends ParseArgsConfig>(
  config: Config,
): ReturnType<typeof parseArgs<Config>> {
  const { tokens = [] } = parseArgs({ ...config, tokens: true });
  const seen = new Map<string, string | undefined>();
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) {
      const values = [seen.get(token.name), token.value].filter((value) => value !== undefined);
      const given =
        values.length === 2 ? ` (${values.map((value) => JSON.stringify(value)).join(' and ')})` : '';
      throw new UsageError(`--${token.name} was given twice${given}; give it once`);
    }
    seen.set(token.name, token.value);
  }
  return parseArgs(config);
}

type CommandRunner = (args: string[]) => Promise<number>;

const commands: Record<string, CommandRunner> = {
  validate: async (args) => {
    const { checkCatalogueOptions, runValidate } = await import('./commands/validate.ts');
    const { values, positionals } = parseFlags({
      args,
      allowPositionals: true,
      options: {
        producer: { type: 'string' },
        json: { type: 'boolean', default: false },
        format: { type: 'string' },
        sheet: { type: 'string' },
        profile: { type: 'string' },
        currency: { type: 'string' },
      },
    });
    return runValidate({ ...checkCatalogueOptions(positionals, values), json: values.json });
  },
  preview: async (args) => {
    const { runPreview, checkPreviewOptions } = await import('./commands/preview.ts');
    const { values, positionals } = parseFlags({
      args,
      allowPositionals: true,
      options: {
        producer: { type: 'string' },
        out: { type: 'string' },
        channels: { type: 'string' },
        format: { type: 'string' },
        sheet: { type: 'string' },
        currency: { type: 'string' },
        profile: { type: 'string' },
        today: { type: 'string' },
      },
    });
    return runPreview(checkPreviewOptions(positionals, values));
  },
  start: async (args) => {
    const { values } = parseFlags({
      args,
      options: { samples: { type: 'string', default: 'samples' }, out: { type: 'string', default: 'out' } },
    });
    await checkWritableFolder('--out', values.out);
    const { runMainJob } = await import('../local/main-job.ts');
    return runMainJob({ samplesDir: values.samples, outDir: values.out });
  },
  serve: async (args) => {
    const { SERVE_DEFAULTS, runServe } = await import('../local/serve.ts');
    const { values } = parseFlags({
      args,
      options: {
        port: { type: 'string' },
        'dynamodb-port': { type: 'string' },
        'sqs-port': { type: 'string' },
        'data-dir': { type: 'string' },
        'schedule-seconds': { type: 'string' },
        'stale-after-seconds': { type: 'string' },
      },
    });
    const dataDir = values['data-dir'] ?? SERVE_DEFAULTS.dataDir;
    const options = {
      port: portOption('--port', values.port, SERVE_DEFAULTS.port),
      dynamodbPort: portOption('--dynamodb-port', values['dynamodb-port'], SERVE_DEFAULTS.dynamodbPort),
      sqsPort: portOption('--sqs-port', values['sqs-port'], SERVE_DEFAULTS.sqsPort),
      dataDir,
      scheduleSeconds: positiveOption(
        '--schedule-seconds',
        values['schedule-seconds'],
        SERVE_DEFAULTS.scheduleSeconds,
      ),
      staleAfterSeconds: positiveOption(
        '--stale-after-seconds',
        values['stale-after-seconds'],
        SERVE_DEFAULTS.staleAfterSeconds,
      ),
    };
    await ensureWritableFolder('--data-dir', dataDir);
    return runServe(options);
  },
  'dev-token': async (args) => {
    const { values, positionals } = parseFlags({
      args,
      allowPositionals: true,
      options: { 'data-dir': { type: 'string', default: '.data' } },
    });
    const [producerId, ...extra] = positionals;
    if (!producerId) throw new UsageError('missing <producerId>');
    if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra.join(' ')}`);
    const { producerIdSchema } = await import('../functions/core/catalogue/model.ts');
    if (!producerIdSchema.safeParse(producerId).success) {
      throw new UsageError('producerId must be lowercase letters, digits and dashes');
    }
    const { loadOrCreateSecret, signDevToken } = await import('../local/dev-auth.ts');
    // A data dir that already has its secret may be read-only: only a new secret needs writing.
    const secret = await loadOrCreateSecret(values['data-dir']).catch(async (error: unknown) => {
      await ensureWritableFolder('--data-dir', values['data-dir']);
      throw error;
    });
    process.stdout.write(
      `dev token for ${producerId} (valid 30 days, for a serve on --data-dir ${values['data-dir']}):\n`,
    );
    process.stdout.write(`${signDevToken(producerId, secret)}\n`);
    return EXIT.ok;
  },
};

// Digits only: Number() would also take "1e3", "0x10", " 8" and "" (as 0).
const DECIMAL_DIGITS = /^\d{1,9}$/u;

function positiveOption(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = DECIMAL_DIGITS.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 1)) throw new UsageError(`${flag} must be a positive whole number, written in digits`);
  return value;
}

function portOption(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = DECIMAL_DIGITS.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= 0 && value <= 65_535)) throw new UsageError(`${flag} must be a port number from 0 to 65535`);
  return value;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? EXIT.ok : EXIT.usage;
  }
  const run = commands[command];
  if (!run) throw new UsageError(`unknown command "${command}"`);
  try {
    return await run(rest);
  } catch (error) {
    // parseArgs reports unknown flags with ERR_PARSE_ARGS_* codes: those are usage errors.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportFailure(error);
  },
);
