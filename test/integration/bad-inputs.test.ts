import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FILE_ERROR_CODES } from '../../functions/core/catalogue/codes.ts';
import { PRODUCER_CLAIM } from '../../local/dev-auth.ts';
import {
  type EmbeddedStack,
  externalDynamoDbFromEnv,
  startEmbeddedStack,
} from '../../local/embedded-stack.ts';
import { invokeHttp, routes } from '../../local/invoke-http.ts';
import { type LocalFunctions, loadLocalFunctions } from '../../local/local-functions.ts';
import {
  BAD_INPUT_PRODUCER,
  BAD_INPUTS_DIR,
  type BadInputCase,
  formatQuery,
  loadBadInputs,
  mapWithLimit,
  rowCodes,
} from '../support/bad-inputs.ts';
import { type CallCounter, countCalls } from '../support/call-counter.ts';
import { type CliResult, REPO_ROOT as root, runFeedbridge } from '../support/run-cli.ts';

/*
 * The bad-input corpus (test/fixtures/bad-inputs, written by scripts/make-bad-inputs.ts) through the
 * two doors a file comes in by: the CLI a producer runs and the ingest handler the HTTP API calls.
 */

const corpus = loadBadInputs();
const fileLevel = corpus.filter((entry) => entry.code !== null);
const rowLevel = corpus.filter((entry) => entry.code === null);
const STACK_TRACE = /\n\s+at\s/;

async function validate(entry: BadInputCase, json: boolean): Promise<CliResult> {
  const args = ['validate', join(BAD_INPUTS_DIR, entry.file), '--producer', BAD_INPUT_PRODUCER];
  return runFeedbridge(...(json ? [...args, '--json'] : args));
}

describe('the bad-input corpus', () => {
  it('has at least 40 files, each in the manifest, with documented codes', async () => {
    const files = (await readdir(BAD_INPUTS_DIR)).filter((name) => name !== 'manifest.json');
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(files.sort()).toEqual(corpus.map((entry) => entry.file).sort());
    const documented = await readFile(join(root, 'docs/errors.md'), 'utf8');
    for (const entry of corpus) {
      for (const code of [entry.code, ...(entry.rows ?? []).flatMap((row) => row.codes)]) {
        if (code !== null) expect(documented, `${entry.file}: ${code}`).toContain(`\`${code}\``);
      }
      if (entry.code !== null) expect(FILE_ERROR_CODES).toContain(entry.code);
    }
  });
});

// The CLI never talks to DynamoDB: the conformance run (another DynamoDB backend) skips this part.
describe.skipIf(externalDynamoDbFromEnv() !== undefined)('feedbridge validate on the corpus', () => {
  const results = new Map<string, CliResult>();

  beforeAll(async () => {
    // One child per file (refusals as a person reads them, reports as JSON); each costs ~1 s of tsx start.
    const settled = await mapWithLimit(corpus, 3, async (entry) => ({
      entry,
      result: await validate(entry, entry.code === null),
    }));
    for (const { entry, result } of settled) results.set(entry.file, result);
  }, 180_000);

  it.each(fileLevel.map((entry) => [entry.file, entry] as const))(
    'refuses %s with its code, exit 2 and no stack trace',
    (_file, entry) => {
      const result = results.get(entry.file);
      expect(result).toBeDefined();
      if (!result) return;
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${entry.code}:`);
      expect(result.stderr).not.toMatch(STACK_TRACE);
      expect(result.stdout).toBe('');
    },
  );

  it.each(rowLevel.map((entry) => [entry.file, entry] as const))(
    'reads %s, rejecting exactly the bad rows with their codes',
    (_file, entry) => {
      const result = results.get(entry.file);
      expect(result).toBeDefined();
      if (!result) return;
      expect(result.code).toBe(entry.exit);
      expect(result.stderr).not.toMatch(STACK_TRACE);
      const report = JSON.parse(result.stdout) as {
        rows: { total: number; accepted: number; rejected: number };
        errors: { row: number | null; code: string }[];
      };
      expect(rowCodes(report.errors)).toEqual(entry.rows ?? []);
      expect(report.rows.accepted).toBe(entry.accepted);
      expect(report.rows.rejected).toBe((entry.rows ?? []).length);
    },
  );
});

describe('the ingest handler on the corpus', () => {
  let stack: EmbeddedStack;
  let functions: LocalFunctions;
  let counter: CallCounter;
  let objectDir: string;

  beforeAll(async () => {
    objectDir = await mkdtemp(join(tmpdir(), 'feedbridge-bad-inputs-'));
    stack = await startEmbeddedStack({ objectDir });
    functions = await loadLocalFunctions(stack, { staleAfterSeconds: 1 });
    const clients = await import('../../functions/adapters/aws-clients.ts');
    counter = countCalls();
    clients.dynamoDbClient.middlewareStack.use(counter);
    clients.sqsClient.middlewareStack.use(counter);
  });

  afterAll(async () => {
    await stack?.stop();
    if (objectDir) await rm(objectDir, { recursive: true, force: true });
  });

  async function upload(entry: BadInputCase) {
    const body = await readFile(join(BAD_INPUTS_DIR, entry.file));
    return invokeHttp(functions.ingestCatalogue, {
      ...routes.upload(BAD_INPUT_PRODUCER, body, 'application/octet-stream', formatQuery(entry.file)),
      claims: { [PRODUCER_CLAIM]: BAD_INPUT_PRODUCER },
    });
  }

  async function storedItems(): Promise<number> {
    const answer = await stack.clients.documentClient.send(
      new QueryCommand({
        TableName: stack.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `PRODUCER#${BAD_INPUT_PRODUCER}` },
        Select: 'COUNT',
      }),
    );
    return answer.Count ?? 0;
  }

  // File-level cases first, on an empty table, so "nothing stored" is checked against nothing at all.
  it.each(fileLevel.map((entry) => [entry.file, entry] as const))(
    'answers 422 with the code for %s and writes nothing, queues nothing',
    async (_file, entry) => {
      counter.reset();
      const answer = await upload(entry);
      expect(answer).toMatchObject({ statusCode: 422, body: { error: { code: entry.code } } });
      expect(JSON.stringify(answer.body)).not.toMatch(/\bat\s.+\.ts:\d+/);
      expect(counter.writes()).toBe(0);
      expect(counter.messages()).toBe(0);
      expect(await storedItems()).toBe(0);
      const uploads = await readdir(join(objectDir, 'uploads')).catch(() => []);
      expect(uploads).toEqual([]);
    },
  );

  it.each(rowLevel.map((entry) => [entry.file, entry] as const))(
    'accepts the good rows of %s and reports the bad ones',
    async (_file, entry) => {
      counter.reset();
      const answer = await upload(entry);
      expect(answer.statusCode).toBe(202);
      const body = answer.body as {
        rows: { accepted: number; rejected: number };
        errors: { row: number | null; code: string }[];
      };
      expect(rowCodes(body.errors)).toEqual(entry.rows ?? []);
      expect(body.rows.accepted).toBe(entry.accepted);
      expect(body.rows.rejected).toBe((entry.rows ?? []).length);
    },
  );

  it('never lets a __proto__ key pollute a prototype', () => {
    const probe: Record<string, unknown> = {};
    expect(probe.polluted).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
  });
});
