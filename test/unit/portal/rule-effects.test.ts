import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../../portal/src/api/client.ts';
import type { SyncReason } from '../../../portal/src/api/types.ts';
import {
  fieldLanguage,
  hasValues,
  quotedValueText,
  ruleEffectView,
} from '../../../portal/src/channels/rule-effects.ts';
import { parseRoute, pathOf } from '../../../portal/src/router.ts';
import { fakeFetch } from './fake-fetch.ts';

/** Reasons as the sync-status and item routes send them (docs/api.md, sync-status). */
const titleChange: SyncReason = {
  code: 'RULE_APPLIED',
  field: 'names.en',
  message: 'feed rule 1: "Green coffee" -> "Rwandan Green coffee"',
  rules: [1],
  before: 'Green coffee',
  after: 'Rwandan Green coffee',
};
const excluded: SyncReason = {
  code: 'RULE_EXCLUDED',
  field: 'rules.google-merchant.0',
  message: 'feed rule 0 of google-merchant excludes this item',
  rules: [0],
};

describe('what the feed rules did to an item', () => {
  it('names the rule that excluded an item', () => {
    expect(
      ruleEffectView('google-merchant', { reasons: [excluded], warnings: [], ruleEffect: 'excluded' }),
    ).toEqual({ effect: 'excluded', rule: 'rules.google-merchant.0', reason: null, changes: [] });
  });

  it('lists each changed field with its rules, before and after', () => {
    const stock: SyncReason = {
      code: 'RULE_APPLIED',
      field: 'stock',
      message: 'feed rule 2, 3: 40 -> 0',
      rules: [2, 3],
      before: 40,
      after: 0,
    };
    const view = ruleEffectView('google-merchant', {
      reasons: [],
      warnings: [{ code: 'IMAGES_MISSING', field: 'images', message: 'no image' }, titleChange, stock],
      ruleEffect: 'changed',
    });
    expect(view?.effect).toBe('changed');
    expect(view?.rule).toBeNull();
    expect(view?.changes).toEqual([
      {
        field: 'names.en',
        rules: ['rules.google-merchant.1'],
        before: 'Green coffee',
        after: 'Rwandan Green coffee',
        message: titleChange.message,
      },
      {
        field: 'stock',
        rules: ['rules.google-merchant.2', 'rules.google-merchant.3'],
        before: 40,
        after: 0,
        message: stock.message,
      },
    ]);
    expect(view?.changes.every(hasValues)).toBe(true);
  });

  it('keeps the reason of an item the rules made invalid', () => {
    const invalid: SyncReason = {
      code: 'RULE_VALUE_INVALID',
      field: 'rules.tmall-global.4',
      message: 'names.en: at most 200 characters',
      rules: [4],
    };
    expect(ruleEffectView('tmall-global', { reasons: [invalid], warnings: [] })).toEqual({
      effect: 'invalid',
      rule: 'rules.tmall-global.4',
      reason: invalid,
      changes: [],
    });
    const cannotRun: SyncReason = {
      code: 'RULE_PATTERN_UNSAFE',
      field: 'rules.tmall-global.0',
      message: 'feed rule 0 cannot run: …; save the profile again with a pattern the check accepts',
      rules: [0],
    };
    expect(ruleEffectView('tmall-global', { reasons: [cannotRun], warnings: [] })).toMatchObject({
      effect: 'invalid',
      rule: 'rules.tmall-global.0',
      reason: cannotRun,
    });
  });

  it('reads a state written before the values were data: the rule from the field, the change from the message', () => {
    const { rules: _rules, ...oldExclusion } = excluded;
    expect(ruleEffectView('google-merchant', { reasons: [oldExclusion], warnings: [] })?.rule).toBe(
      'rules.google-merchant.0',
    );
    const oldChange = { code: 'RULE_APPLIED', field: 'names.en', message: titleChange.message };
    const view = ruleEffectView('google-merchant', { reasons: [], warnings: [oldChange] });
    expect(view?.effect).toBe('changed');
    expect(view?.changes).toEqual([{ field: 'names.en', rules: [], message: titleChange.message }]);
    expect(view?.changes.some(hasValues)).toBe(false);
  });

  it('is null for an item no rule touched, whatever its other findings', () => {
    expect(
      ruleEffectView('freshippo', {
        reasons: [{ code: 'GTIN_MISSING', field: 'gtin', message: 'no GTIN' }],
        warnings: [{ code: 'NAME_COMPOSED', field: 'names.zh-CN', message: 'composed' }],
      }),
    ).toBeNull();
  });

  it('writes an absent or empty value as the empty word, numbers as they are', () => {
    expect(quotedValueText(null, '(vide)')).toBe('(vide)');
    expect(quotedValueText('', '(vide)')).toBe('(vide)');
    expect(quotedValueText(0, '(vide)')).toBe('0');
    expect(quotedValueText('有机 咖啡', '(vide)')).toBe('有机 咖啡');
  });

  it('marks the language of a name field, and of no other', () => {
    expect(fieldLanguage('names.zh-CN')).toBe('zh-CN');
    expect(fieldLanguage('names.rw')).toBe('rw');
    expect(fieldLanguage('description')).toBeUndefined();
    expect(fieldLanguage('names.zh-CN.extra')).toBeUndefined();
  });
});

describe('rule effects in routes and requests', () => {
  it("keeps a channel's rule-effect filter in its path, and drops one it does not know", () => {
    const route = { name: 'channel', channel: 'tmall-global', ruleEffect: 'excluded' } as const;
    expect(pathOf(route)).toBe('/channels/tmall-global?ruleEffect=excluded');
    expect(parseRoute('/channels/tmall-global', '?ruleEffect=excluded')).toEqual(route);
    expect(parseRoute('/channels/tmall-global', '?ruleEffect=removed')).toEqual({
      name: 'channel',
      channel: 'tmall-global',
    });
  });

  it('asks sync-status for one rule effect, and a feed download for one target', async () => {
    const fake = fakeFetch({
      'GET /producers/p1/sync-status': { status: 200, body: { producerId: 'p1', channels: {} } },
      'GET /producers/p1/feeds/google-merchant': { status: 200, body: '<rss/>' },
    });
    const api = createApiClient({
      fetch: fake.fetch,
      token: () => 'tok',
      language: () => 'en',
      onUnauthenticated: () => undefined,
    });
    await api.getSyncStatus('p1', {
      channel: 'google-merchant',
      state: '',
      ruleEffect: 'changed',
      limit: 50,
    });
    await api.downloadFeed('p1', 'google-merchant', 'FR');
    expect(fake.requests.map((request) => request.url)).toEqual([
      '/producers/p1/sync-status?channel=google-merchant&ruleEffect=changed&limit=50',
      '/producers/p1/feeds/google-merchant?target=FR',
    ]);
  });
});
