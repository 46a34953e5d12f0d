import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCER_CLAIM } from '../../local/dev-auth.ts';
import { type EmbeddedStack, startEmbeddedStack } from '../../local/embedded-stack.ts';
import { invokeHttp, routes } from '../../local/invoke-http.ts';
import { type LocalFunctions, loadLocalFunctions } from '../../local/local-functions.ts';

/* Issue 11: a file with a finding on every row must not make any answer unbounded. */

const PRODUCER = 'huye-coop';
let stack: EmbeddedStack;
let functions: LocalFunctions;
let objectDir: string;

beforeAll(async () => {
  objectDir = await mkdtemp(join(tmpdir(), 'feedbridge-bounded-'));
  stack = await startEmbeddedStack({ objectDir });
  functions = await loadLocalFunctions(stack);
});

afterAll(async () => {
  await stack?.stop();
  if (objectDir) await rm(objectDir, { recursive: true, force: true });
});

/** 50,000 rows refused for a price in words, each with an unknown certification (a warning) too. */
function refusedCatalogue(): Buffer {
  const lines = ['sku;name;type;price;currency;certifications'];
  for (let row = 0; row < 50_000; row += 1) {
    lines.push(`R-${row};Green coffee;green coffee;dix-huit;USD;Gold Star`);
  }
  return Buffer.from(lines.join('\n'));
}

describe('answers stay far under the Lambda response limit', () => {
  it('with 50,000 rejected rows: the upload, the catalogue route and the status route', async () => {
    const claims = { [PRODUCER_CLAIM]: PRODUCER };
    const upload = await invokeHttp(functions.ingestCatalogue, {
      ...routes.upload(PRODUCER, refusedCatalogue(), 'text/csv'),
      claims,
    });
    expect(upload.statusCode).toBe(202);
    const { catalogueId } = upload.body as { catalogueId: string };
    expect(upload.body).toMatchObject({
      rows: { total: 50_000, accepted: 0, rejected: 50_000, skipped: 0 },
      errorCount: 50_000,
      warningCount: 50_000,
      findingsTruncated: true,
      cataloguePath: `/producers/${PRODUCER}/catalogues/${catalogueId}`,
    });
    // Every finding of the file answered 6.6 MB per 40,000 rows before; now a bounded first page.
    expect(upload.responseBytes).toBeLessThan(300_000);

    const catalogue = await invokeHttp(functions.syncStatus, {
      ...routes.catalogue(PRODUCER, catalogueId),
      claims,
    });
    expect(catalogue.statusCode).toBe(200);
    expect(catalogue.body).toMatchObject({
      errorCount: 50_000,
      warningCount: 50_000,
      findingsTruncated: true,
    });
    expect((catalogue.body as { errors: unknown[] }).errors).toHaveLength(1_000);
    expect((catalogue.body as { warnings: unknown[] }).warnings).toHaveLength(1_000);
    expect(catalogue.responseBytes).toBeLessThan(1_500_000);

    const status = await invokeHttp(functions.syncStatus, {
      ...routes.syncStatus(PRODUCER, 'limit=1000'),
      claims,
    });
    expect(status.statusCode).toBe(200);
    expect(status.responseBytes).toBeLessThan(100_000);
    // For docs/reliability.md.
    console.log(
      `answers for 50,000 rejected rows: upload ${upload.responseBytes} B, catalogue ${catalogue.responseBytes} B, status ${status.responseBytes} B`,
    );
  });
});
