import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { localUrlSignature } from '../../functions/adapters/local-url-signer.ts';
import { LAMBDA_REQUEST_MAX_BYTES } from '../../functions/core/service-limits.ts';
import { createLambdaContext } from '../../local/lambda-context.ts';
import { objectCreatedEvent } from '../../local/local-object-endpoints.ts';
import { receiveNow } from '../support/queue-messages.ts';
import {
  getJson,
  requestUpload,
  type Ticket,
  useUploadHarness,
  waitForCatalogue,
} from '../support/upload-api.ts';

/*
 * Issue 13: the upload route end to end on the embedded stack, over real HTTP: a ticket, a PUT to
 * the signed local URL, the async ingest invoked with an EventBridge-shaped event, the lifecycle.
 */

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SAMPLE = new URL('../../samples/gashora-chili.xlsx', import.meta.url);

const env = useUploadHarness('uploads');

async function put(ticket: Ticket, body: Buffer, url = ticket.url) {
  const response = await fetch(url, { method: ticket.method, headers: ticket.headers, body });
  return { status: response.status, text: await response.text() };
}

async function producerItems(producerId: string) {
  const result = await env.stack.clients.documentClient.send(
    new QueryCommand({
      TableName: env.stack.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `PRODUCER#${producerId}` },
    }),
  );
  return result.Items ?? [];
}

describe('the upload route', () => {
  it('takes an XLSX through the signed local URL byte for byte and reads it as the direct route does', async () => {
    const workbook = await readFile(SAMPLE);
    const issued = await requestUpload(env.api.baseUrl, 'gashora-chili', {
      fileName: 'gashora chili (v2).xlsx',
      format: 'xlsx',
    });
    expect(issued.status).toBe(201);
    const ticket = issued.json as Ticket;
    expect(ticket).toMatchObject({
      uploadId: expect.stringMatching(/^up-[0-9a-f]{24}$/),
      catalogueId: expect.stringMatching(/^cat-[0-9a-f]{24}$/),
      method: 'PUT',
      headers: { 'content-type': XLSX },
    });
    expect(Date.parse(ticket.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(new URL(ticket.url).origin).toBe(env.api.baseUrl);

    const before = await getJson(
      env.api.baseUrl,
      'gashora-chili',
      `/producers/gashora-chili/catalogues/${ticket.catalogueId}`,
    );
    expect(before.json).toMatchObject({ status: 'AWAITING_UPLOAD', fileName: 'gashora chili (v2).xlsx' });

    expect((await put(ticket, workbook)).status).toBe(200);
    const stored = await readFile(
      join(env.dir, 'uploads', 'gashora-chili', ticket.catalogueId, 'gashora_chili__v2_.xlsx'),
    );
    expect(stored.equals(workbook)).toBe(true);

    const done = await waitForCatalogue(env.api.baseUrl, 'gashora-chili', ticket.catalogueId);
    // As its golden report says (test/golden/gashora-chili/report.json): 9 rows, 3 of them refused.
    expect(done).toMatchObject({
      status: 'DONE',
      origin: 'upload',
      format: 'xlsx',
      rows: { total: 9, accepted: 6, rejected: 3, skipped: 0 },
      changes: { created: 6, updated: 0, unchanged: 0, delisted: 0 },
      errorCount: 3,
      source: 'table',
    });
    expect(done.columns.length).toBeGreaterThan(3);

    // The whole report, through its short-lived URL.
    const report = await fetch(done.reportUrl);
    expect(report.status).toBe(200);
    const body = (await report.json()) as { result: { errors: unknown[] }; acceptedSkus: string[] };
    expect(body.result.errors).toHaveLength(3);
    expect(body.acceptedSkus).toHaveLength(6);

    // The findings, a page at a time, and the list, newest first.
    const first = await getJson(
      env.api.baseUrl,
      'gashora-chili',
      `/producers/gashora-chili/catalogues/${ticket.catalogueId}/findings?limit=2&severity=error`,
    );
    expect(first.json).toMatchObject({ total: 3, items: [{ severity: 'error' }, { severity: 'error' }] });
    const rest = await getJson(
      env.api.baseUrl,
      'gashora-chili',
      `/producers/gashora-chili/catalogues/${ticket.catalogueId}/findings?limit=2&severity=error&cursor=${first.json.nextCursor}`,
    );
    expect(rest.json.items).toHaveLength(1);
    expect(rest.json.nextCursor).toBeNull();
    const list = await getJson(env.api.baseUrl, 'gashora-chili', '/producers/gashora-chili/catalogues');
    expect(list.json.items[0]).toMatchObject({
      catalogueId: ticket.catalogueId,
      status: 'DONE',
      origin: 'upload',
    });
  });

  it('ingests once when the same S3 event comes twice', async () => {
    const csv = Buffer.from('sku,name,type,price,currency\nT-1,Tea,tea,4.50,USD\nT-2,Tea bis,tea,5.50,USD\n');
    const ticket = (await requestUpload(env.api.baseUrl, 'twice-coop', { fileName: 'tea.csv' }))
      .json as Ticket;
    expect((await put(ticket, csv)).status).toBe(200);
    const done = await waitForCatalogue(env.api.baseUrl, 'twice-coop', ticket.catalogueId);
    expect(done.changes).toEqual({ created: 2, updated: 0, unchanged: 0, delisted: 0 });
    const queued = await receiveAll('twice-coop');
    expect(queued).toHaveLength(4);

    const key = `uploads/twice-coop/${ticket.catalogueId}/tea.csv`;
    const { createHash } = await import('node:crypto');
    const etag = createHash('md5').update(csv).digest('hex');
    const again = await env.functions.ingestUpload(
      objectCreatedEvent(key, csv.length, etag, new Date()),
      createLambdaContext({ functionName: 'ingest-upload' }),
    );
    expect(again).toMatchObject({ outcome: 'ignored' });
    expect(await receiveAll('twice-coop')).toEqual([]);
    const after = await getJson(
      env.api.baseUrl,
      'twice-coop',
      `/producers/twice-coop/catalogues/${ticket.catalogueId}`,
    );
    expect(after.json.changes).toEqual(done.changes);
  });

  it('ends FAILED with the file-level code and writes nothing for a refused file', async () => {
    const ticket = (
      await requestUpload(env.api.baseUrl, 'broken-coop', { fileName: 'broken.json', format: 'json' })
    ).json as Ticket;
    expect((await put(ticket, Buffer.from('[{"sku": "A", "name": '))).status).toBe(200);
    const failed = await waitForCatalogue(env.api.baseUrl, 'broken-coop', ticket.catalogueId);
    expect(failed).toMatchObject({ status: 'FAILED', error: { code: 'JSON_MALFORMED' } });
    const items = await producerItems('broken-coop');
    expect(items.map((item) => item.sk)).toEqual([`CATALOGUE#${ticket.catalogueId}`]);
    expect(await receiveAll('broken-coop')).toEqual([]);
  });

  it('ends FAILED UPLOAD_TOO_LARGE for an object over the limit, unread', async () => {
    const ticket = (await requestUpload(env.api.baseUrl, 'big-coop', { fileName: 'big.csv' })).json as Ticket;
    const outcome = await env.functions.ingestUpload(
      objectCreatedEvent(
        `uploads/big-coop/${ticket.catalogueId}/big.csv`,
        300 * 1024 * 1024,
        'e1',
        new Date(),
      ),
      createLambdaContext({ functionName: 'ingest-upload' }),
    );
    expect(outcome).toMatchObject({ outcome: 'failed', code: 'UPLOAD_TOO_LARGE' });
    const failed = await getJson(
      env.api.baseUrl,
      'big-coop',
      `/producers/big-coop/catalogues/${ticket.catalogueId}`,
    );
    expect(failed.json).toMatchObject({ status: 'FAILED', error: { code: 'UPLOAD_TOO_LARGE' } });
  });

  it('refuses a size over the limit when the ticket is asked for', async () => {
    const refused = await requestUpload(env.api.baseUrl, 'big-coop', {
      fileName: 'big.csv',
      size: 300 * 1024 * 1024,
    });
    expect(refused).toMatchObject({ status: 413, json: { error: { code: 'UPLOAD_TOO_LARGE' } } });
  });

  it.each([
    [{}, 'FILE_NAME_INVALID'],
    [{ fileName: '' }, 'FILE_NAME_INVALID'],
    [{ fileName: 'a\u0000.csv' }, 'FILE_NAME_INVALID'],
    [{ fileName: 'a.csv', format: 'pdf' }, 'FORMAT_UNSUPPORTED'],
    [{ fileName: 'a.csv', mode: 'partial' }, 'MODE_UNSUPPORTED'],
    [{ fileName: 'a.csv', size: -1 }, 'SIZE_INVALID'],
    [{ fileName: 'a.csv', extra: 1 }, 'BODY_INVALID'],
    // A body of other fields altogether is not ours: BODY_INVALID, not "fileName is missing".
    [{ a: { a: { a: 1 } } }, 'BODY_INVALID'],
    [{ filename: 'a.csv' }, 'BODY_INVALID'],
  ])('refuses the ticket body %j with %s', async (body, code) => {
    const refused = await requestUpload(env.api.baseUrl, 'form-coop', body);
    expect(refused).toMatchObject({ status: 400, json: { error: { code } } });
  });
});

describe('answers stay small whatever the file', () => {
  it('with 50,000 rejected rows through the upload route: the catalogue, its findings and the list', async () => {
    const lines = ['sku;name;type;price;currency;certifications'];
    for (let row = 0; row < 50_000; row += 1)
      lines.push(`R-${row};Green coffee;green coffee;dix-huit;USD;Gold Star`);
    const ticket = (await requestUpload(env.api.baseUrl, 'refused-coop', { fileName: 'refused.csv' }))
      .json as Ticket;
    expect((await put(ticket, Buffer.from(lines.join('\n')))).status).toBe(200);
    const done = await waitForCatalogue(env.api.baseUrl, 'refused-coop', ticket.catalogueId);
    expect(done).toMatchObject({
      status: 'DONE',
      rows: { total: 50_000, accepted: 0, rejected: 50_000, skipped: 0 },
      errorCount: 50_000,
      warningCount: 50_000,
      findingsTruncated: true,
    });
    const path = `/producers/refused-coop/catalogues/${ticket.catalogueId}`;
    const answers = [
      await getJson(env.api.baseUrl, 'refused-coop', path),
      await getJson(env.api.baseUrl, 'refused-coop', `${path}/findings?limit=1000`),
      await getJson(
        env.api.baseUrl,
        'refused-coop',
        `${path}/findings?limit=1000&severity=warning&cursor=${encodeURIComponent('eyJvIjo0OTAwMH0')}`,
      ),
      await getJson(env.api.baseUrl, 'refused-coop', '/producers/refused-coop/catalogues?limit=1000'),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.bytes).toBeLessThan(1_200_000);
    }
    expect(answers[1]?.json).toMatchObject({ total: 100_000 });
    expect(answers[1]?.json.items).toHaveLength(1000);
    // Offset 49,000 of the 50,000 warnings: the last thousand, and no further page.
    expect(answers[2]?.json.items).toHaveLength(1000);
    expect(answers[2]?.json.nextCursor).toBeNull();
  });
});

describe('signed local upload URLs', () => {
  it('refuses an expired URL, a tampered one, and a size other than the signed one, storing nothing', async () => {
    const ticket = (await requestUpload(env.api.baseUrl, 'url-coop', { fileName: 'a.csv', size: 10 }))
      .json as Ticket;
    const url = new URL(ticket.url);
    const key = `uploads/url-coop/${ticket.catalogueId}/a.csv`;
    // The stack has no data dir: its URLs are signed with a secret kept in the environment.
    const secret = Buffer.from(process.env.LOCAL_URL_SECRET ?? '', 'base64url');
    expect(secret).toHaveLength(32);
    const past = Math.floor(Date.now() / 1000) - 1;
    const expired = new URL(url);
    expired.searchParams.set('expires', String(past));
    expired.searchParams.set(
      'signature',
      localUrlSignature({ method: 'PUT', key, expires: past, contentLength: 10 }, secret),
    );
    const body = Buffer.from('sku,name\n');
    expect(JSON.parse((await put(ticket, Buffer.alloc(10), expired.href)).text)).toMatchObject({
      error: { code: 'UPLOAD_URL_EXPIRED' },
    });

    const longer = new URL(url);
    longer.searchParams.set('expires', String(past + 7 * 86_400));
    const otherKey = new URL(url.href.replace('/a.csv', '/b.csv'));
    const forged = new URL(url);
    const signature = url.searchParams.get('signature') ?? '';
    // Another first character: the first six bits of the MAC differ, whatever they were.
    forged.searchParams.set('signature', `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`);
    for (const tampered of [longer, otherKey, forged]) {
      const refused = await put(ticket, Buffer.alloc(10), tampered.href);
      expect(refused.status, tampered.href).toBe(403);
      expect(JSON.parse(refused.text)).toMatchObject({ error: { code: 'UPLOAD_URL_INVALID' } });
    }
    const wrongSize = await put(ticket, body);
    expect(wrongSize.status).toBe(403);
    const status = await getJson(
      env.api.baseUrl,
      'url-coop',
      `/producers/url-coop/catalogues/${ticket.catalogueId}`,
    );
    expect(status.json.status).toBe('AWAITING_UPLOAD');
    await expect(readFile(join(env.dir, key))).rejects.toThrow();
  });
});

describe('the direct route over its limit', () => {
  it('answers 413 PAYLOAD_TOO_LARGE pointing to the upload route', async () => {
    const response = await fetch(`${env.api.baseUrl}/producers/direct-coop/catalogues`, {
      method: 'POST',
      headers: { authorization: 'Bearer direct-coop', 'content-type': 'text/csv' },
      body: Buffer.alloc(LAMBDA_REQUEST_MAX_BYTES + 1, 0x61),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      error: {
        code: 'PAYLOAD_TOO_LARGE',
        message: expect.stringContaining('/producers/{producerId}/uploads'),
      },
    });
  });
});

async function receiveAll(producerId: string): Promise<string[]> {
  const bodies: string[] = [];
  for (let batch = await receiveNow(env.stack.clients.sqs, env.stack.queueUrls.sync); batch.length > 0; ) {
    bodies.push(...batch.map((message) => message.Body ?? ''));
    batch = await receiveNow(env.stack.clients.sqs, env.stack.queueUrls.sync);
  }
  return bodies.filter((body) => body.includes(`"producerId":"${producerId}"`));
}
