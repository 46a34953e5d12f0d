import { describe, expect, it } from 'vitest';
import { SkuIndex } from '../../../functions/core/catalogue/rows/sku-index.ts';

describe('SkuIndex', () => {
  it('gives the first row of a SKU seen before, compared without case', () => {
    const index = new SkuIndex();
    expect(index.claim('BN-COF-001', 2)).toBeUndefined();
    expect(index.claim('BN-TEA-001', 3)).toBeUndefined();
    expect(index.claim('bn-cof-001', 4)).toBe(2);
    expect(index.claim('Bn-Cof-001', 9)).toBe(2);
    expect(index.claim('BN-TEA-001', 5)).toBe(3);
    expect(index.size).toBe(2);
  });

  it('tells apart SKUs that share a prefix or differ by one character', () => {
    const index = new SkuIndex();
    expect(index.claim('A1', 2)).toBeUndefined();
    expect(index.claim('A10', 3)).toBeUndefined();
    expect(index.claim('A', 4)).toBeUndefined();
    expect(index.claim('A1.', 5)).toBeUndefined();
    expect(index.claim('a1_', 6)).toBeUndefined();
    expect(index.claim('a1/', 7)).toBeUndefined();
    // "@" and "`" sit just before "A" and just before "a": only A-Z fold.
    expect(index.claim('@1', 8)).toBeUndefined();
    expect(index.claim('`1', 9)).toBeUndefined();
    expect(index.claim('a10', 10)).toBe(3);
    expect(index.size).toBe(8);
  });

  it('keeps every SKU of a large catalogue through its growth', () => {
    const index = new SkuIndex();
    const sku = (n: number) => `BN-MAC-${String(n).padStart(7, '0')}`;
    const seenBefore: string[] = [];
    for (let n = 0; n < 50_000; n += 1) if (index.claim(sku(n), n + 2) !== undefined) seenBefore.push(sku(n));
    expect(seenBefore).toEqual([]);
    expect(index.size).toBe(50_000);
    expect(index.claim('bn-mac-0000000', 1)).toBe(2);
    expect(index.claim('BN-MAC-0012345', 1)).toBe(12_347);
    expect(index.claim('bn-mac-0049999', 1)).toBe(50_001);
    expect(index.claim('BN-MAC-0050000', 50_002)).toBeUndefined();
  });

  it('takes the longest SKU the pattern allows and the empty text', () => {
    const index = new SkuIndex();
    const long = `X${'y'.repeat(63)}`;
    expect(index.claim(long, 2)).toBeUndefined();
    expect(index.claim(long.toUpperCase(), 3)).toBe(2);
    expect(index.claim('', 4)).toBeUndefined();
    expect(index.claim('', 5)).toBe(4);
  });

  it('compares texts holding other characters as toLowerCase does', () => {
    const index = new SkuIndex();
    expect(index.claim('CAFÉ-1', 2)).toBeUndefined();
    expect(index.claim('café-1', 3)).toBe(2);
    // The Kelvin sign lower-cases to the ASCII "k".
    expect(index.claim('k-1', 4)).toBeUndefined();
    expect(index.claim('\u212A-1', 5)).toBe(4);
    expect(index.size).toBe(2);
  });
});
