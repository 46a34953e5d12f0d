// biome-ignore-all lint/suspicious/noThenProperty: "then" is the feed-rule format of issue 17; these objects are profile documents, never awaited
import { describe, expect, it } from 'vitest';
import { checkProducerProfile, PROFILE_LIMITS } from '../../../functions/core/catalogue/producer-profile.ts';

/** `{"defaults": {"a": {"a": ... 1}}}` with `levels` objects under defaults. */
function nestedDefaults(levels: number): unknown {
  return JSON.parse(`{"defaults":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`);
}

describe('a profile nested past any real profile', () => {
  it.each([
    ['6,000 objects deep (a 36 kB file)', nestedDefaults(6_000)],
    [
      '100,000 lists deep',
      JSON.parse(`{"rules":{"tmall-global":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`),
    ],
  ])('%s is refused with PROFILE_INVALID instead of overflowing the stack', (_name, document) => {
    const checked = checkProducerProfile(document);
    expect(checked).toEqual({
      ok: false,
      problems: [
        {
          path: '',
          code: 'PROFILE_INVALID',
          message: `the profile nests objects or lists more than ${PROFILE_LIMITS.depth} levels deep`,
        },
      ],
    });
  });

  it('still reads its deepest real part, a map rule inside a condition on a list', () => {
    const checked = checkProducerProfile({
      rules: {
        'tmall-global': [
          {
            if: [{ field: 'productType', op: 'in', value: ['honey', 'tea'] }],
            then: [{ action: 'map', field: 'attributes.grade', table: { A1: 'Grade A' } }],
          },
        ],
      },
    });
    expect(checked.ok).toBe(true);
  });

  it('judges a shallow but unknown nesting by the schema, not by its depth', () => {
    const checked = checkProducerProfile(nestedDefaults(3));
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems[0]?.path).toMatch(/^defaults/);
  });
});
