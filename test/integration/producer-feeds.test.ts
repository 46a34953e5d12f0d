import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedStack, startEmbeddedStack } from '../../local/embedded-stack.ts';
import { createLambdaContext } from '../../local/lambda-context.ts';
import { type LocalFunctions, loadLocalFunctions } from '../../local/local-functions.ts';
import { createSyncQueuePoller } from '../../local/sync-queue-poller.ts';
import { catalogueJson } from '../support/catalogue-builder.ts';
import { getJson, startUploadApi } from '../support/upload-api.ts';

/*
 * Issue 13 point 4: the producer's current feed documents, listed from what the scheduled sync
 * recorded as it wrote them, and downloaded through a short-lived URL; and one item as a channel has it.
 */

let stack: EmbeddedStack;
let functions: LocalFunctions;
let objectDir: string;
let api: Awaited<ReturnType<typeof startUploadApi>>;

const PRODUCER = 'feeds-coop';

beforeAll(async () => {
  objectDir = await mkdtemp(join(tmpdir(), 'feedbridge-feeds-'));
  stack = await startEmbeddedStack({ objectDir });
  functions = await loadLocalFunctions(stack, { extraEnv: { CHANNELS: 'tmall-global,freshippo' } });
  api = await startUploadApi(stack, functions);
  const posted = await fetch(`${api.baseUrl}/producers/${PRODUCER}/catalogues`, {
    method: 'POST',
    headers: { authorization: `Bearer ${PRODUCER}`, 'content-type': 'application/json' },
    body: catalogueJson([{ sku: 'A-1' }, { sku: 'A/2' }, { sku: 'BAD-1', gtin: '6163001000013' }]),
  });
  expect(posted.status).toBe(202);
  const poller = createSyncQueuePoller(stack, functions.syncWorker, { maxBatchingWindowMs: 0 });
  await poller.drain({ timeoutMs: 30_000 });
});

afterAll(async () => {
  await api?.close();
  await stack?.stop();
  if (objectDir) await rm(objectDir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${api.baseUrl}${path}`, {
    headers: { authorization: `Bearer ${PRODUCER}`, ...headers },
    redirect: 'manual',
  });

describe('feed documents', () => {
  it('lists none before the scheduled sync wrote any, and a download is 404 FEED_NOT_FOUND', async () => {
    const before = await getJson(api.baseUrl, PRODUCER, `/producers/${PRODUCER}/feeds`);
    expect(before.json).toEqual({ feeds: [] });
    const download = await get(`/producers/${PRODUCER}/feeds/tmall-global`);
    expect(download.status).toBe(404);
    expect(await download.json()).toMatchObject({ error: { code: 'FEED_NOT_FOUND' } });
  });

  it('lists each channel document the scheduled sync wrote, with its count and exact size', async () => {
    await functions.scheduledSync(createLambdaContext({ functionName: 'scheduled-sync' }));
    const { json } = await getJson(api.baseUrl, PRODUCER, `/producers/${PRODUCER}/feeds`);
    const feeds = json.feeds as unknown as Record<string, unknown>[];
    expect(feeds.map((feed) => feed.channel)).toEqual(['freshippo', 'tmall-global']);
    for (const feed of feeds) {
      const onDisk = await readFile(join(objectDir, String(feed.path)));
      expect(feed).toMatchObject({ kind: 'full', bytes: onDisk.byteLength });
      expect(Date.parse(String(feed.generatedAt))).not.toBeNaN();
    }
    // Tmall takes all three; Freshippo refuses the one with a wrong GS1 check digit.
    expect(feeds.find((feed) => feed.channel === 'tmall-global')).toMatchObject({
      path: 'feeds/tmall-global/feeds-coop.json',
      itemCount: 3,
      contentType: 'application/json; charset=utf-8',
      downloadPath: '/producers/feeds-coop/feeds/tmall-global',
    });
    expect(feeds.find((feed) => feed.channel === 'freshippo')).toMatchObject({ itemCount: 2 });
  });

  it('redirects to a short-lived URL of the current document, or answers it as JSON', async () => {
    const redirect = await get(`/producers/${PRODUCER}/feeds/freshippo`);
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location') ?? '';
    const document = await fetch(location);
    expect(document.status).toBe(200);
    expect(document.headers.get('content-type')).toMatch(/^application\/xml/);
    const body = Buffer.from(await document.arrayBuffer());
    expect(body.equals(await readFile(join(objectDir, 'feeds/freshippo/feeds-coop.xml')))).toBe(true);

    for (const asJson of [
      get(`/producers/${PRODUCER}/feeds/tmall-global?redirect=false`),
      get(`/producers/${PRODUCER}/feeds/tmall-global`, { accept: 'application/json' }),
    ]) {
      const answer = await asJson;
      expect(answer.status).toBe(200);
      const { url, expiresAt } = (await answer.json()) as { url: string; expiresAt: string };
      expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(60_000);
      expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(5 * 60_000);
      expect(JSON.parse(await (await fetch(url)).text())).toBeTruthy();
    }
  });

  it('refuses a tampered download URL, a channel not enabled, and another producer', async () => {
    const { url } = (await (
      await get(`/producers/${PRODUCER}/feeds/tmall-global?redirect=false`)
    ).json()) as {
      url: string;
    };
    const tampered = url.replace('feeds-coop.json', 'other-coop.json');
    expect((await fetch(tampered)).status).toBe(403);
    const unknown = await get(`/producers/${PRODUCER}/feeds/ebay`);
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: { code: 'CHANNEL_UNKNOWN' } });
    const other = await fetch(`${api.baseUrl}/producers/${PRODUCER}/feeds`, {
      headers: { authorization: 'Bearer someone-else' },
    });
    expect(other.status).toBe(403);
  });
});

describe('one item on one channel', () => {
  it('shows a synced item with the record the channel got', async () => {
    const { status, json } = await getJson(
      api.baseUrl,
      PRODUCER,
      `/producers/${PRODUCER}/channels/tmall-global/items/A-1`,
    );
    expect(status).toBe(200);
    expect(json).toMatchObject({ sku: 'A-1', channel: 'tmall-global', state: 'SYNCED', reasons: [] });
    expect(json.item).toMatchObject({ sku: 'A-1' });
  });

  it('shows a refused item with its reasons and no record', async () => {
    const { json } = await getJson(
      api.baseUrl,
      PRODUCER,
      `/producers/${PRODUCER}/channels/freshippo/items/BAD-1`,
    );
    expect(json).toMatchObject({ state: 'REJECTED', item: null });
    expect((json.reasons as unknown as { code: string }[]).map((reason) => reason.code)).toEqual([
      'GTIN_CHECK_DIGIT',
    ]);
  });

  it('answers 404 ITEM_NOT_FOUND for a SKU it never had, and 400 SKU_INVALID for one no SKU can be', async () => {
    const missing = await getJson(
      api.baseUrl,
      PRODUCER,
      `/producers/${PRODUCER}/channels/tmall-global/items/NOPE-9`,
    );
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ error: { code: 'ITEM_NOT_FOUND' } });
    const invalid = await getJson(
      api.baseUrl,
      PRODUCER,
      `/producers/${PRODUCER}/channels/tmall-global/items/${'x'.repeat(80)}`,
    );
    expect(invalid.status).toBe(400);
    expect(invalid.json).toMatchObject({ error: { code: 'SKU_INVALID' } });
  });

  it('finds a SKU holding "/" by ?sku=, which no path can carry through an HTTP API', async () => {
    const bySlash = await getJson(
      api.baseUrl,
      PRODUCER,
      `/producers/${PRODUCER}/channels/tmall-global/items?sku=${encodeURIComponent('A/2')}`,
    );
    expect(bySlash.status).toBe(200);
    expect(bySlash.json).toMatchObject({ sku: 'A/2', channel: 'tmall-global', state: 'SYNCED' });
    const inPath = await get(`/producers/${PRODUCER}/channels/tmall-global/items/A/2`);
    expect(inPath.status).toBe(404);
    for (const search of ['', '?sku=', `?sku=${'x'.repeat(80)}`]) {
      const refused = await getJson(
        api.baseUrl,
        PRODUCER,
        `/producers/${PRODUCER}/channels/tmall-global/items${search}`,
      );
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({ error: { code: 'SKU_INVALID' } });
    }
  });
});
