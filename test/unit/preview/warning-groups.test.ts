import { describe, expect, it } from 'vitest';
import {
  groupWarnings,
  WARNING_GROUP_SKU_LIMIT,
  WarningGroups,
} from '../../../functions/core/preview/warning-groups.ts';

const finding = (sku: string, code: string, field: string, message: string) => ({
  sku,
  code,
  field,
  message,
});

describe('warning groups in report.json', () => {
  it('makes one entry per code and field, in the order each first came, with every SKU in file order', () => {
    const groups = groupWarnings([
      finding('A-1', 'BRAND_MISSING', 'brand', 'no brand: the item is listed without one'),
      finding('A-1', 'TITLE_COMPOSED', 'names.zh-CN', 'the title "咖啡 1kg" was composed'),
      finding('A-2', 'BRAND_MISSING', 'brand', 'no brand: the item is listed without one'),
      finding('A-2', 'TITLE_COMPOSED', 'names.zh-CN', 'the title "茶叶 0.25kg" was composed'),
      finding('A-3', 'LOT_MISSING', 'lot', 'no lot number'),
    ]);
    expect(groups).toEqual([
      {
        code: 'BRAND_MISSING',
        field: 'brand',
        message: 'no brand: the item is listed without one',
        sameMessage: true,
        count: 2,
        skus: ['A-1', 'A-2'],
        skusTruncated: false,
      },
      {
        code: 'TITLE_COMPOSED',
        field: 'names.zh-CN',
        message: 'the title "咖啡 1kg" was composed',
        sameMessage: false,
        count: 2,
        skus: ['A-1', 'A-2'],
        skusTruncated: false,
      },
      {
        code: 'LOT_MISSING',
        field: 'lot',
        message: 'no lot number',
        sameMessage: true,
        count: 1,
        skus: ['A-3'],
        skusTruncated: false,
      },
    ]);
  });

  it('keeps one code on two fields apart', () => {
    const groups = groupWarnings([
      finding('A-1', 'TEXT_TRIMMED', 'names.en', 'trimmed'),
      finding('A-1', 'TEXT_TRIMMED', 'names.fr', 'trimmed'),
    ]);
    expect(groups.map((group) => group.field)).toEqual(['names.en', 'names.fr']);
  });

  it('counts every item but lists a bounded number of SKUs', () => {
    const groups = new WarningGroups();
    const items = WARNING_GROUP_SKU_LIMIT + 2_500;
    for (let index = 0; index < items; index += 1) {
      groups.add(finding(`SKU-${index}`, 'LOT_MISSING', 'lot', 'no lot number'));
    }
    const [group] = groups.list();
    expect(groups.count).toBe(items);
    expect(group?.count).toBe(items);
    expect(group?.skus).toHaveLength(WARNING_GROUP_SKU_LIMIT);
    expect(group?.skus.at(-1)).toBe(`SKU-${WARNING_GROUP_SKU_LIMIT - 1}`);
    expect(group?.skusTruncated).toBe(true);
  });
});
