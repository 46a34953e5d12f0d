// biome-ignore-all lint/suspicious/noThenProperty: "then" is the feed-rule format of issue 17; these objects are profile documents, never awaited
import { describe, expect, it } from 'vitest';
import type { Product } from '../../../functions/core/catalogue/model.ts';
import { checkProducerProfile } from '../../../functions/core/catalogue/producer-profile.ts';
import { applyFeedRules, ruleEffect } from '../../../functions/core/rules/apply-rules.ts';
import { checkFeedRules } from '../../../functions/core/rules/check-rules.ts';
import { type FeedRule, type FeedRules, feedRulesSchema } from '../../../functions/core/rules/rule-schema.ts';
import { checkPattern } from '../../../functions/core/rules/safe-pattern.ts';
import { makeProduct } from '../../support/product-factory.ts';

const CHANNELS = ['tmall-global', 'freshippo', 'google-merchant'];
const rules = (list: unknown[]): FeedRule[] =>
  feedRulesSchema.parse({ 'google-merchant': list })['google-merchant'] ?? [];
const honey = (overrides: Partial<Product> = {}) =>
  makeProduct('honey', {
    sku: 'HNY-500',
    names: { en: 'Wild forest honey 500 g' },
    brand: 'Ikirezi Honey',
    stock: 40,
    ...overrides,
  });

function outcomeOf(product: Product, list: unknown[]) {
  return applyFeedRules(product, rules(list));
}

describe('feed rule conditions', () => {
  const exclude = [{ action: 'exclude' }];
  const excluded = (product: Product, condition: unknown) =>
    outcomeOf(product, [{ if: [condition], then: exclude }]).kind === 'excluded';

  it('equals, with and without case', () => {
    expect(excluded(honey(), { field: 'productType', op: 'equals', value: 'honey' })).toBe(true);
    expect(excluded(honey(), { field: 'productType', op: 'equals', value: 'tea' })).toBe(false);
    expect(excluded(honey(), { field: 'names.en', op: 'equals', value: 'WILD FOREST HONEY 500 G' })).toBe(
      false,
    );
    expect(
      excluded(honey(), {
        field: 'names.en',
        op: 'equals',
        value: 'WILD FOREST HONEY 500 G',
        ignoreCase: true,
      }),
    ).toBe(true);
  });

  it('contains and startsWith on text; a missing field never matches them', () => {
    expect(excluded(honey(), { field: 'names.en', op: 'contains', value: 'forest' })).toBe(true);
    expect(excluded(honey(), { field: 'names.en', op: 'startsWith', value: 'forest' })).toBe(false);
    expect(excluded(honey(), { field: 'names.en', op: 'startsWith', value: 'Wild' })).toBe(true);
    expect(excluded(honey(), { field: 'names.fr', op: 'contains', value: '' })).toBe(false);
  });

  it('matches a regular expression', () => {
    expect(excluded(honey(), { field: 'names.en', op: 'matches', value: '\\d+ g$' })).toBe(true);
    expect(excluded(honey(), { field: 'names.en', op: 'matches', value: '^\\d' })).toBe(false);
  });

  it('lt and gt on numbers', () => {
    expect(excluded(honey(), { field: 'stock', op: 'lt', value: 50 })).toBe(true);
    expect(excluded(honey(), { field: 'stock', op: 'lt', value: 40 })).toBe(false);
    expect(excluded(honey(), { field: 'price.minor', op: 'gt', value: 0 })).toBe(true);
  });

  it('in a list, and isEmpty', () => {
    expect(excluded(honey(), { field: 'productType', op: 'in', value: ['tea', 'honey'] })).toBe(true);
    expect(excluded(honey(), { field: 'productType', op: 'in', value: ['tea'] })).toBe(false);
    expect(excluded(honey(), { field: 'names.fr', op: 'isEmpty' })).toBe(true);
    expect(excluded(honey(), { field: 'names.en', op: 'isEmpty' })).toBe(false);
    expect(
      excluded(honey({ attributes: { grade: 'A' } }), { field: 'attributes.grade', op: 'isEmpty' }),
    ).toBe(false);
  });

  it('needs every condition of a rule to hold', () => {
    const both = [
      { field: 'productType', op: 'equals', value: 'honey' },
      { field: 'stock', op: 'gt', value: 100 },
    ];
    expect(outcomeOf(honey(), [{ if: both, then: exclude }]).kind).toBe('unchanged');
    expect(outcomeOf(honey({ stock: 101 }), [{ if: both, then: exclude }]).kind).toBe('excluded');
  });
});

describe('feed rule actions', () => {
  it('set, prepend, append report each changed field with before and after', () => {
    const outcome = outcomeOf(honey(), [
      { then: [{ action: 'prepend', field: 'names.en', value: 'Rwanda ' }] },
      { then: [{ action: 'append', field: 'names.en', value: ' (organic)' }] },
      { then: [{ action: 'set', field: 'brand', value: 'Abavumvu' }] },
    ]);
    expect(outcome).toEqual({
      kind: 'changed',
      product: expect.objectContaining({
        names: { en: 'Rwanda Wild forest honey 500 g (organic)' },
        brand: 'Abavumvu',
      }),
      changes: [
        {
          field: 'names.en',
          before: 'Wild forest honey 500 g',
          after: 'Rwanda Wild forest honey 500 g (organic)',
          rules: [0, 1],
        },
        { field: 'brand', before: 'Ikirezi Honey', after: 'Abavumvu', rules: [2] },
      ],
    });
  });

  it('replace with a pattern, and map through a table', () => {
    const outcome = outcomeOf(honey({ attributes: { grade: 'A1' } }), [
      { then: [{ action: 'replace', field: 'names.en', pattern: '\\s*\\d+ g$', with: '' }] },
      { then: [{ action: 'map', field: 'attributes.grade', table: { A1: 'Grade A', B: 'Grade B' } }] },
      { then: [{ action: 'map', field: 'productType', table: { tea: 'other' } }] },
    ]);
    expect(outcome.kind).toBe('changed');
    if (outcome.kind !== 'changed') return;
    expect(outcome.product.names.en).toBe('Wild forest honey');
    expect(outcome.product.attributes.grade).toBe('Grade A');
    expect(outcome.product.productType).toBe('honey');
    expect(outcome.changes.map((change) => change.field)).toEqual(['names.en', 'attributes.grade']);
  });

  it('applies rules in order, each seeing what the earlier ones left', () => {
    const outcome = outcomeOf(honey(), [
      { then: [{ action: 'set', field: 'productType', value: 'other' }] },
      { if: [{ field: 'productType', op: 'equals', value: 'other' }], then: [{ action: 'exclude' }] },
    ]);
    expect(outcome).toMatchObject({ kind: 'excluded', rule: 1 });
  });

  it('refuses a product the model would refuse after the actions (RULE_VALUE_INVALID at apply)', () => {
    const outcome = outcomeOf(honey(), [
      { then: [{ action: 'append', field: 'names.en', value: 'x'.repeat(190) }] },
    ]);
    expect(outcome).toMatchObject({ kind: 'invalid', rule: 0, code: 'RULE_VALUE_INVALID' });
    if (outcome.kind === 'invalid') expect(outcome.message).toContain('names.en');
  });

  // A profile stored before the save check refused a pattern reaches the rules unchecked.
  it('refuses the item, and does not throw, at a stored rule whose pattern the check now refuses', () => {
    const stored = [
      { then: [{ action: 'prepend', field: 'names.en', value: 'Rwanda ' }] },
      { if: [{ field: 'description', op: 'matches', value: '.*premium.*' }], then: [{ action: 'exclude' }] },
      { then: [{ action: 'replace', field: 'names.en', pattern: '(', with: '' }] },
    ];
    expect(outcomeOf(honey(), stored)).toEqual({
      kind: 'invalid',
      rule: 1,
      code: 'RULE_PATTERN_UNSAFE',
      message: expect.stringMatching(/^feed rule 1 cannot run: .+; save the profile again/u),
      changes: [
        {
          field: 'names.en',
          before: 'Wild forest honey 500 g',
          after: 'Rwanda Wild forest honey 500 g',
          rules: [0],
        },
      ],
    });
    expect(outcomeOf(honey(), [stored[2]])).toMatchObject({
      kind: 'invalid',
      rule: 0,
      code: 'RULE_PATTERN_INVALID',
    });
    // Rules before it still decide: an exclusion earlier in the list wins.
    expect(outcomeOf(honey(), [{ then: [{ action: 'exclude' }] }, stored[1]])).toMatchObject({
      kind: 'excluded',
      rule: 0,
    });
  });

  it('changes nothing, and adds nothing to the hash, when no rule applies', () => {
    const product = honey();
    const outcome = outcomeOf(product, [
      { if: [{ field: 'stock', op: 'lt', value: 0 }], then: [{ action: 'exclude' }] },
    ]);
    expect(outcome).toEqual({ kind: 'unchanged', product });
    expect(ruleEffect(outcome)).toBeNull();
    expect(applyFeedRules(product, undefined)).toEqual({ kind: 'unchanged', product });
    expect(ruleEffect({ kind: 'excluded', rule: 2, changes: [] })).toEqual({ excluded: 2 });
  });
});

describe('feed rule checks at save', () => {
  const check = (list: unknown[], channel = 'google-merchant') =>
    checkFeedRules(feedRulesSchema.parse({ [channel]: list }) as FeedRules, CHANNELS).map(
      (problem) => `${problem.index}:${problem.code}@${problem.path}`,
    );

  it('accepts well-formed rules', () => {
    expect(
      check([
        { if: [{ field: 'attributes.grade', op: 'in', value: ['A1', 'A2'] }], then: [{ action: 'exclude' }] },
        { then: [{ action: 'set', field: 'stock', value: 0 }] },
      ]),
    ).toEqual([]);
  });

  it('refuses unknown fields and channels', () => {
    expect(check([{ if: [{ field: 'colour', op: 'isEmpty' }], then: [{ action: 'exclude' }] }])).toEqual([
      '0:RULE_FIELD_UNKNOWN@rules.google-merchant.0.if.0.field',
    ]);
    expect(check([{ then: [{ action: 'exclude' }] }], 'amazon')).toEqual([
      '0:RULE_CHANNEL_UNKNOWN@rules.amazon',
    ]);
  });

  it('refuses changing identity fields', () => {
    expect(check([{ then: [{ action: 'set', field: 'sku', value: 'X' }] }])).toEqual([
      '0:RULE_FIELD_READ_ONLY@rules.google-merchant.0.then.0.field',
    ]);
  });

  it('refuses ops and actions that do not fit the field', () => {
    expect(
      check([
        { if: [{ field: 'names.en', op: 'lt', value: 3 }], then: [{ action: 'exclude' }] },
        {
          if: [{ field: 'stock', op: 'contains', value: '3' }],
          then: [{ action: 'append', field: 'stock', value: '1' }],
        },
      ]),
    ).toEqual([
      '0:RULE_OP_INVALID@rules.google-merchant.0.if.0.op',
      '1:RULE_OP_INVALID@rules.google-merchant.1.if.0.op',
      '1:RULE_OP_INVALID@rules.google-merchant.1.then.0.action',
    ]);
  });

  it('refuses values the field cannot hold', () => {
    expect(
      check([
        {
          if: [{ field: 'stock', op: 'equals', value: 'many' }],
          then: [{ action: 'set', field: 'productType', value: 'spice' }],
        },
        {
          if: [{ field: 'stock', op: 'isEmpty', value: 1 }],
          then: [{ action: 'map', field: 'stock', table: { '1': 'one' } }],
        },
      ]),
    ).toEqual([
      '0:RULE_VALUE_INVALID@rules.google-merchant.0.if.0.value',
      '0:RULE_VALUE_INVALID@rules.google-merchant.0.then.0.value',
      '1:RULE_VALUE_INVALID@rules.google-merchant.1.if.0.value',
      '1:RULE_VALUE_INVALID@rules.google-merchant.1.then.0.table.1',
    ]);
  });

  it('refuses patterns that do not compile or could run away', () => {
    expect(
      check([
        { if: [{ field: 'names.en', op: 'matches', value: '([a-z]' }], then: [{ action: 'exclude' }] },
        { then: [{ action: 'replace', field: 'names.en', pattern: '(a+)+$', with: '' }] },
      ]),
    ).toEqual([
      '0:RULE_PATTERN_INVALID@rules.google-merchant.0.if.0.value',
      '1:RULE_PATTERN_UNSAFE@rules.google-merchant.1.then.0.pattern',
    ]);
  });

  it('reaches checkProducerProfile with the rule index and channel', () => {
    const result = checkProducerProfile({
      rules: {
        freshippo: [
          { then: [{ action: 'exclude' }] },
          { then: [{ action: 'set', field: 'gtin', value: '1' }] },
        ],
      },
    });
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          path: 'rules.freshippo.1.then.0.field',
          code: 'RULE_FIELD_READ_ONLY',
          message: expect.stringContaining('rule 1 of freshippo'),
          rule: { channel: 'freshippo', index: 1 },
        },
      ],
    });
    expect(checkProducerProfile({ rules: { freshippo: [{ then: [] }] } })).toMatchObject({
      ok: false,
      problems: [{ code: 'PROFILE_INVALID' }],
    });
  });
});

describe('pattern safety', () => {
  it.each([
    ['(a+)+', false],
    ['(a*)*b', false],
    ['(a|ab)*', false],
    ['((ab)+)+', false],
    ['(\\d+)*', false],
    ['([a-z]+)+', false],
    ['(a)\\1', false],
    ['(?<x>a)\\k<x>', false],
    ['a'.repeat(201), false],
    ['^\\d+ g$', true],
    ['(organic|bio)', true],
    ['(ab)?c+', true],
    ['[(]+', true],
    ['(a{2})+', false],
    ['(a{1})+', true],
    // An outside sweep's patterns: polynomial or exponential on a long description, all refused.
    ['a*a*a*a*a*a*a*b', false],
    ['.*.*.*.*.*.*x', false],
    ['[\\s\\S]*[\\s\\S]*[\\s\\S]*[\\s\\S]*!', false],
    ['\\w+\\w+\\w+\\w+\\w+$!', false],
    ['(a?){25}a{25}', false],
    ['a*a*b', false],
    ['.*premium.*', false],
    ['a{1,1000}a{1,1000}b', false],
    ['(x?y?)+', false],
    // Producers' own patterns: one open-ended repetition, bounded ranges, optional groups once.
    ['^BN-(MAC|TEA)-\\d+$', true],
    ['premium', true],
    ['^.*premium', true],
    ['^\\d{4}-\\d{2}-\\d{2}$', true],
    ['(-\\d+)?', true],
    ['^(HMC|GT)-\\d{1,6}(-[A-Z]{2})?$', true],
    ['\\d+ ?kg', true],
    ['colou?r', true],
    ['a+?b', true],
    ['\\{a\\}?', true],
    ['\\s*\\d+ g$', true],
    ['\\d+-\\d+', true],
    ['\\w+@\\w+\\.rw', true],
    ['.*foo.*bar', false],
    ['\\d+\\s?\\d+', false],
    ['(ab)+\\w*', false],
  ])('%s is safe: %s', (pattern, safe) => {
    expect(checkPattern(pattern).ok).toBe(safe);
  });

  it('keeps every pattern it accepts fast on 5,000 characters built to make it backtrack', () => {
    const accepted = ['a*b', '.*foo', '[\\s\\S]*!', 'a+$!', '(ab)?c+x', 'a{1,20}a{1,20}b', '(a|b)c*d'];
    for (const pattern of accepted) {
      const check = checkPattern(pattern);
      expect(check.ok, pattern).toBe(true);
      if (!check.ok) continue;
      for (const text of ['a'.repeat(5_000), 'ab'.repeat(2_500), ' '.repeat(5_000)]) {
        // The work is bounded by the square of the text: each test ends (a hang fails the suite's timeout).
        check.regex.test(text);
      }
    }
  });
});
