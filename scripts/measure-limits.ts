/**
 * Measures what happens at the AWS limits the pipeline enforces (docs/reliability.md, "AWS limits
 * and the scheduled sync"): the time of each refusal and the peak RSS of the process making it,
 * each case in a child process of its own so that one case's memory does not hide in another's.
 *
 *   npx tsx scripts/measure-limits.ts            # every case, a Markdown table at the end
 *   npx tsx scripts/measure-limits.ts <case>     # one case, one JSON line
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { productLimitProblem } from '../functions/core/catalogue/product-limits.ts';
import { readCatalogue } from '../functions/core/catalogue/read-catalogue.ts';
import { PRODUCER_CLAIM } from '../local/dev-auth.ts';
import { enforceItemSizeLimit } from '../local/dynamodb-item-limit.ts';
import { startEmbeddedStack } from '../local/embedded-stack.ts';
import { createLocalHttpApi } from '../local/http-api.ts';
import { invokeHttp, routes } from '../local/invoke-http.ts';
import { loadLocalFunctions, localApiRoutes } from '../local/local-functions.ts';
import { makeProduct } from '../test/support/product-factory.ts';

type Measure = { case: string; what: string; ms: number; peakRssMb: number; detail: string };

const peakRssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: Math.round(performance.now() - started) };
}

async function listen(server: ReturnType<typeof createLocalHttpApi>): Promise<string> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function csv(rows: string[]): Buffer {
  return Buffer.from(['sku,name,type,price,currency', ...rows].join('\n'));
}

const cases: Record<string, () => Promise<Omit<Measure, 'case' | 'peakRssMb'>>> = {
  /** A 10 MB text body (the gateway's own limit) through the local API: 413 before any handler. */
  async 'payload-413'() {
    const server = createLocalHttpApi({
      routes: [
        {
          routeKey: 'POST /producers/{producerId}/catalogues',
          handler: async () => ({ statusCode: 202, body: '{}' }),
          functionName: 'ingest-catalogue',
        },
      ],
      authenticate: async () => ({ [PRODUCER_CLAIM]: 'p' }),
    });
    const baseUrl = await listen(server);
    const { value, ms } = await timed(() =>
      fetch(`${baseUrl}/producers/p/catalogues`, {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'text/csv' },
        body: Buffer.alloc(10_000_000, 0x41),
      }),
    );
    server.close();
    return { what: '10 MB text body, local API', ms, detail: `HTTP ${value.status}` };
  },

  /** The row of issue 11 among 10,000 ordinary rows: refused as it is parsed. */
  async 'product-too-large'() {
    const extra = Array.from({ length: 33 }, (_, n) => `extra${n}`);
    const header = ['sku,name,type,price,currency', ...extra].join(',');
    const rows = Array.from(
      { length: 10_000 },
      (_, n) => `R-${n},Green coffee,green coffee,18.50,USD${','.repeat(33)}`,
    );
    rows[5_000] = `BIG,Green coffee,green coffee,18.50,USD,${extra.map(() => 'y'.repeat(9_000)).join(',')}`;
    const body = Buffer.from([header, ...rows].join('\n'));
    const { value, ms } = await timed(() =>
      readCatalogue(body, { producerId: 'p-coop', format: 'csv' }, () => undefined),
    );
    return {
      what: '10,000 rows, one with 33 x 9 KB extra columns',
      ms,
      detail: `${value.rows.accepted} accepted; ${[...new Set(value.errors.map((issue) => `${issue.sku} ${issue.code} (${issue.field})`))].slice(0, 3).join('; ')}`,
    };
  },

  /** The bound's cost on ordinary products: what every accepted row pays. */
  async 'product-bound-cost'() {
    const product = makeProduct('coffee-green');
    const { ms } = await timed(async () => {
      for (let n = 0; n < 100_000; n += 1) productLimitProblem(product);
    });
    return {
      what: 'size bound on 100,000 ordinary products',
      ms,
      detail: `${((ms * 1000) / 100_000).toFixed(2)} µs a product`,
    };
  },

  /** PutItem of an item of 409,603 UTF-8 bytes (136,531 UTF-16 units), and the guard's overhead. */
  async 'dynamodb-item-limit'() {
    const servers = [dynalite({ createTableMs: 0 }), dynalite({ createTableMs: 0 })];
    const [guardedServer] = servers;
    if (guardedServer) enforceItemSizeLimit(guardedServer);
    const clients = await Promise.all(
      servers.map(async (server) => {
        await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
        const client = new DynamoDBClient({
          region: 'us-east-1',
          endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
          credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
        });
        await client.send(
          new CreateTableCommand({
            TableName: 'limits',
            BillingMode: 'PAY_PER_REQUEST',
            KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
            AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          }),
        );
        return client;
      }),
    );
    const [guarded, plain] = clients as [DynamoDBClient, DynamoDBClient];
    const refusal = await timed(() =>
      guarded
        .send(
          new PutItemCommand({
            TableName: 'limits',
            Item: { pk: { S: 'P' }, data: { S: '中'.repeat(136_532) } },
          }),
        )
        .then(
          () => 'stored',
          (error: Error) => error.name,
        ),
    );
    const batches = async (client: DynamoDBClient) =>
      timed(async () => {
        for (let call = 0; call < 200; call += 1) {
          const requests = Array.from({ length: 25 }, (_, n) => ({
            PutRequest: { Item: { pk: { S: `k${call}-${n}` }, data: { S: 'x'.repeat(1_000) } } },
          }));
          await client.send(new BatchWriteItemCommand({ RequestItems: { limits: requests } }));
        }
      });
    // Twice each, interleaved, so that machine load falls on both alike.
    const without = await batches(plain);
    const withGuard = await batches(guarded);
    const withoutAgain = await batches(plain);
    const withGuardAgain = await batches(guarded);
    for (const server of servers) server.close();
    return {
      what: 'PutItem of 409,603 bytes of Chinese text',
      ms: refusal.ms,
      detail: `${refusal.value}; 200 BatchWriteItem x 25 items of 1 KB: ${withGuard.ms} and ${withGuardAgain.ms} ms guarded, ${without.ms} and ${withoutAgain.ms} ms plain dynalite`,
    };
  },

  /** 50,000 rejected rows through the ingest handler on the embedded stack, and the catalogue route. */
  async 'bounded-answers'() {
    const objectDir = await mkdtemp(join(tmpdir(), 'feedbridge-measure-'));
    const stack = await startEmbeddedStack({ objectDir });
    const functions = await loadLocalFunctions(stack, { logLevel: 'CRITICAL' });
    const claims = { [PRODUCER_CLAIM]: 'p-coop' };
    const body = csv(
      Array.from({ length: 50_000 }, (_, n) => `R-${n},Green coffee,green coffee,dix-huit,USD`),
    );
    const upload = await timed(() =>
      invokeHttp(functions.ingestCatalogue, { ...routes.upload('p-coop', body, 'text/csv'), claims }),
    );
    const { catalogueId } = upload.value.body as { catalogueId: string };
    const catalogue = await timed(() =>
      invokeHttp(functions.syncStatus, { ...routes.catalogue('p-coop', catalogueId), claims }),
    );
    await stack.stop();
    await rm(objectDir, { recursive: true, force: true });
    return {
      what: 'upload of 50,000 rejected rows, then GET the catalogue',
      ms: upload.ms,
      detail: `upload answer ${upload.value.responseBytes} B (HTTP ${upload.value.statusCode}); catalogue answer ${catalogue.value.responseBytes} B in ${catalogue.ms} ms`,
    };
  },

  /** 60,000 valid rows through the local API with a 1.5 s ingest function: stopped at its deadline. */
  async 'ingest-timeout'() {
    const objectDir = await mkdtemp(join(tmpdir(), 'feedbridge-measure-'));
    const stack = await startEmbeddedStack({ objectDir });
    const functions = await loadLocalFunctions(stack, { logLevel: 'CRITICAL' });
    const server = createLocalHttpApi({
      routes: localApiRoutes(functions).map((route) =>
        route.functionName === 'ingest-catalogue' ? { ...route, timeoutMs: 1_500 } : route,
      ),
      authenticate: async (token) => ({ [PRODUCER_CLAIM]: token }),
    });
    const baseUrl = await listen(server);
    const body = csv(
      Array.from({ length: 60_000 }, (_, n) => `S-${n},Green coffee ${n},green coffee,18.50,USD`),
    );
    const { value, ms } = await timed(() =>
      fetch(`${baseUrl}/producers/slow-coop/catalogues`, {
        method: 'POST',
        headers: { authorization: 'Bearer slow-coop', 'content-type': 'text/csv' },
        body,
      }).then(
        async (response) =>
          `HTTP ${response.status} ${((await response.json()) as { error: { code: string } }).error.code}`,
      ),
    );
    server.close();
    await stack.stop();
    await rm(objectDir, { recursive: true, force: true });
    return { what: '60,000 rows (3.7 MB) to a 1.5 s ingest function (900 ms of reading)', ms, detail: value };
  },

  /** 10,000 new products in one upload with the deployed 29 s: do the writes fit the time kept for them? */
  async 'ingest-writes'() {
    const objectDir = await mkdtemp(join(tmpdir(), 'feedbridge-measure-'));
    const stack = await startEmbeddedStack({ objectDir });
    const functions = await loadLocalFunctions(stack, { logLevel: 'CRITICAL' });
    const body = csv(
      Array.from({ length: 10_000 }, (_, n) => `W-${n},Green coffee ${n},green coffee,18.50,USD`),
    );
    const { value, ms } = await timed(() =>
      invokeHttp(functions.ingestCatalogue, {
        ...routes.upload('w-coop', body, 'text/csv'),
        claims: { [PRODUCER_CLAIM]: 'w-coop' },
      }),
    );
    await stack.stop();
    await rm(objectDir, { recursive: true, force: true });
    return {
      what: '10,000 new products (20,000 states, 20,000 tasks) with the 29 s ingest timeout',
      ms,
      detail: `HTTP ${value.statusCode} ${JSON.stringify(value.body).slice(0, 120)}`,
    };
  },
};

async function main(): Promise<void> {
  const only = process.argv[2];
  if (only) {
    const run = cases[only];
    if (!run) throw new Error(`no case ${only}; cases: ${Object.keys(cases).join(', ')}`);
    const result = await run();
    process.stdout.write(`${JSON.stringify({ case: only, ...result, peakRssMb: peakRssMb() })}\n`);
    process.exit(0);
  }
  const self = fileURLToPath(import.meta.url);
  const rows: Measure[] = Object.keys(cases).map((name) => {
    const output = execFileSync(process.execPath, ['--import', 'tsx', self, name], { encoding: 'utf8' });
    return JSON.parse(output.trim().split('\n').pop() ?? '{}') as Measure;
  });
  process.stdout.write('| case | what | ms | peak RSS MB | result |\n| --- | --- | ---: | ---: | --- |\n');
  for (const row of rows) {
    process.stdout.write(`| ${row.case} | ${row.what} | ${row.ms} | ${row.peakRssMb} | ${row.detail} |\n`);
  }
}

await main();
