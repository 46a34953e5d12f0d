// biome-ignore-all lint/suspicious/noThenProperty: "then" is the feed-rule format of issue 17; these objects are profile documents, never awaited
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedStack, startEmbeddedStack } from '../../local/embedded-stack.ts';
import { type LocalFunctions, loadLocalFunctions } from '../../local/local-functions.ts';
import { createSyncQueuePoller } from '../../local/sync-queue-poller.ts';
import { catalogueJson, type TestItem } from '../support/catalogue-builder.ts';
import { startUploadApi } from '../support/upload-api.ts';

/*
 * Feed rules as a producer sets them: saved with PUT /profile, then an upload through the
 * deployed handlers (ingest, worker), read back with the channel item route. The ingest hashes
 * with the rules and the worker builds the channel output with the same rules, read from the
 * profile store.
 */

const PRODUCER = 'rules-coop';
const items: TestItem[] = [{ sku: 'A', stock: 10 }, { sku: 'B' }, { sku: 'C' }];
const RULES = {
  'tmall-global': [
    { if: [{ field: 'stock', op: 'lt', value: 20 }], then: [{ action: 'exclude' }] },
    {
      if: [{ field: 'sku', op: 'equals', value: 'B' }],
      then: [{ action: 'prepend', field: 'names.zh-CN', value: '限量' }],
    },
  ],
};

let stack: EmbeddedStack;
let functions: LocalFunctions;
let objectDir: string;
let api: Awaited<ReturnType<typeof startUploadApi>>;

const headers = { authorization: `Bearer ${PRODUCER}` };

async function item(channel: string, sku: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${api.baseUrl}/producers/${PRODUCER}/channels/${channel}/items/${sku}`, {
    headers,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  objectDir = await mkdtemp(join(tmpdir(), 'feedbridge-rules-'));
  stack = await startEmbeddedStack({ objectDir });
  functions = await loadLocalFunctions(stack, { extraEnv: { CHANNELS: 'tmall-global,freshippo' } });
  api = await startUploadApi(stack, functions);
  const saved = await fetch(`${api.baseUrl}/producers/${PRODUCER}/profile`, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/json', 'if-match': '0' },
    body: JSON.stringify({ rules: RULES }),
  });
  expect(saved.status).toBe(200);
  const posted = await fetch(`${api.baseUrl}/producers/${PRODUCER}/catalogues`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: catalogueJson(items),
  });
  expect(posted.status).toBe(202);
  await createSyncQueuePoller(stack, functions.syncWorker, { maxBatchingWindowMs: 0 }).drain({
    timeoutMs: 30_000,
  });
}, 90_000);

afterAll(async () => {
  await api?.close();
  await stack?.stop();
  if (objectDir) await rm(objectDir, { recursive: true, force: true });
});

describe('feed rules saved in the profile, through the deployed handlers', () => {
  it('excludes from its channel only the item the rule names, and leaves the other channel alone', async () => {
    expect(await item('tmall-global', 'A')).toMatchObject({
      state: 'REJECTED',
      reasons: [expect.objectContaining({ code: 'RULE_EXCLUDED' })],
    });
    expect(await item('freshippo', 'A')).toMatchObject({ state: 'SYNCED' });
    expect(await item('tmall-global', 'C')).toMatchObject({ state: 'SYNCED', reasons: [] });
  });

  it('builds the channel record from the changed field, and says what the rule changed', async () => {
    const changed = await item('tmall-global', 'B');
    expect(changed).toMatchObject({
      state: 'SYNCED',
      warnings: expect.arrayContaining([
        expect.objectContaining({ code: 'RULE_APPLIED', field: 'names.zh-CN' }),
      ]),
    });
    expect(JSON.stringify(changed.item)).toContain('限量');
    expect(JSON.stringify((await item('freshippo', 'B')).item)).not.toContain('限量');
  });
});

describe('rule effects through the sync-status route', () => {
  const status = (query: string, language = 'en') =>
    fetch(`${api.baseUrl}/producers/${PRODUCER}/sync-status?channel=tmall-global&${query}`, {
      headers: { ...headers, 'accept-language': language },
    });

  it('lists only the items a rule excluded or changed, with the rule and the before and after in any language', async () => {
    const excluded = await status('ruleEffect=excluded');
    expect(excluded.status).toBe(200);
    const excludedBody = (await excluded.json()) as {
      channels: Record<string, { ruleEffects: unknown; items: Array<Record<string, unknown>> }>;
    };
    const channel = excludedBody.channels['tmall-global'];
    expect(channel?.ruleEffects).toEqual({ changed: 1, excluded: 1, invalid: 0 });
    expect(channel?.items).toEqual([
      expect.objectContaining({
        sku: 'A',
        ruleEffect: 'excluded',
        reasons: [expect.objectContaining({ code: 'RULE_EXCLUDED', rules: [0] })],
      }),
    ]);

    const changed = await status('ruleEffect=changed', 'fr');
    expect(changed.headers.get('content-language')).toBe('fr');
    const changedBody = (await changed.json()) as typeof excludedBody;
    const [item] = changedBody.channels['tmall-global']?.items ?? [];
    expect(item).toMatchObject({ sku: 'B', ruleEffect: 'changed' });
    // The message is the French sentence of the code; the values stay the product's own.
    expect(item?.warnings).toContainEqual(
      expect.objectContaining({
        code: 'RULE_APPLIED',
        field: 'names.zh-CN',
        message: "L'une de vos règles de flux a modifié ce champ pour ce canal.",
        rules: [1],
        before: expect.not.stringContaining('限量'),
        after: expect.stringMatching(/^限量/),
      }),
    );
  });

  it('refuses a rule effect it does not know', async () => {
    const answer = await status('ruleEffect=removed');
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('RULE_EFFECT_UNKNOWN');
  });
});
