import { describe, expect, it } from 'vitest';
import { planColumns, reportColumns } from '../../../../functions/core/catalogue/columns/column-plan.ts';
import { ProfileLookup } from '../../../../functions/core/catalogue/producer-profile.ts';
import type { RawValue } from '../../../../functions/core/catalogue/readers/raw-record.ts';

const noProfile = new ProfileLookup();

/** Columns from rows, as a reader hands them over. */
function plan(headers: string[], rows: RawValue[][], profile = noProfile) {
  const samples = headers.map((_header, index) => rows.map((row) => row[index] ?? ''));
  const result = planColumns(headers, samples, { profile });
  return { report: reportColumns(result), warnings: result.warnings };
}

function fields(headers: string[], rows: RawValue[][], profile = noProfile) {
  return plan(headers, rows, profile).report.map(({ header, field, via }) => [header, field, via]);
}

describe('planColumns: values decide what a header cannot', () => {
  it('reads a bare unit column beside a quantity as that quantity’s unit', () => {
    expect(
      fields(
        ['SKU', 'Net qty', 'UOM'],
        [
          ['A', '250', 'g'],
          ['B', '500', 'g'],
          ['C', '1', 'kg'],
        ],
      ),
    ).toEqual([
      ['SKU', 'sku', 'alias'],
      ['Net qty', 'netContent', 'alias'],
      ['UOM', 'netContent.unit', 'values'],
    ]);
  });

  it('turns "Quantité | Unité" holding grams into net content, not stock and sales unit', () => {
    expect(
      fields(
        ['Référence', 'Quantité', 'Unité'],
        [
          ['A', '500', 'g'],
          ['B', '250', 'g'],
        ],
      ),
    ).toEqual([
      ['Référence', 'sku', 'alias'],
      ['Quantité', 'netContent', 'values'],
      ['Unité', 'netContent.unit', 'values'],
    ]);
  });

  it('keeps "Quantité | Unité" holding packaging words as stock and sales unit', () => {
    expect(
      fields(
        ['Quantité', 'Unité'],
        [
          ['10', 'sac'],
          ['4', 'sacs'],
        ],
      ),
    ).toEqual([
      ['Quantité', 'stock', 'alias'],
      ['Unité', 'salesUnit', 'alias'],
    ]);
  });

  it('reads Kinyarwanda "Ingano | Igipimo" holding numbers and grams as net content', () => {
    expect(
      fields(
        ['Kode', 'Ingano', 'Igipimo'],
        [
          ['A', '250', 'g'],
          ['B', 500, 'g'],
        ],
      ),
    ).toEqual([
      ['Kode', 'sku', 'alias'],
      ['Ingano', 'netContent', 'values'],
      ['Igipimo', 'netContent.unit', 'values'],
    ]);
  });

  it('finds the currency column and the image column by their values', () => {
    expect(
      fields(
        ['SKU', 'Prix', 'Col3', 'Visuel'],
        [
          ['A', '1500', 'RWF', 'https://cdn.example.rw/a.jpg'],
          ['B', '12.50', 'USD', 'https://cdn.example.rw/b.png'],
        ],
      ),
    ).toEqual([
      ['SKU', 'sku', 'alias'],
      ['Prix', 'price', 'alias'],
      ['Col3', 'price.currency', 'values'],
      ['Visuel', 'images', 'values'],
    ]);
  });

  it('does not decide from one value', () => {
    expect(fields(['SKU', 'Col3'], [['A', 'RWF']])).toEqual([
      ['SKU', 'sku', 'alias'],
      ['Col3', null, null],
    ]);
  });
});

describe('planColumns: competing columns and the profile', () => {
  it('gives a field to the exact name over a looser one and says why', () => {
    const { report, warnings } = plan(['Prix de vente conseillé HT', 'Prix'], [['1', '2']]);
    expect(report.map(({ field }) => field)).toEqual([null, 'price']);
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'COLUMN_DUPLICATE',
        field: 'Prix de vente conseillé HT',
        message: expect.stringContaining(
          '"Prix" was taken for price because its header names the field exactly',
        ),
      }),
    ]);
  });

  it('lets the producer’s profile win over every header', () => {
    const profile = new ProfileLookup({
      defaults: {},
      columns: { 'qté dispo': 'stock', 'Notes internes': 'ignore', Couleur: 'attributes.colour' },
      values: {},
    });
    const { report, warnings } = plan(
      ['Stock', 'Qté dispo', 'Notes internes', 'Couleur'],
      [['1', '2', 'x', 'rouge']],
      profile,
    );
    expect(report.map(({ header, field, via }) => [header, field, via])).toEqual([
      ['Stock', null, null],
      ['Qté dispo', 'stock', 'profile'],
      ['Notes internes', null, 'profile'],
      ['Couleur', 'attributes.colour', 'profile'],
    ]);
    expect(warnings.map(({ code, field }) => [code, field])).toEqual([['COLUMN_DUPLICATE', 'Stock']]);
    expect(warnings[0]?.message).toContain('because your profile maps it');
  });

  it('names the closest fields and the exact profile line for an unknown column', () => {
    const { report, warnings } = plan(['SKU', 'Qté dispo'], [['A', '3']]);
    expect(report[1]).toEqual({
      index: 1,
      header: 'Qté dispo',
      field: null,
      via: null,
      suggestions: ['stock'],
    });
    expect(warnings[0]?.message).toBe(
      'Column "Qté dispo" is not a known field; its values are kept as product attributes. Closest fields: stock. To map it, add to your profile: "columns": { "Qté dispo": "stock" }.',
    );
  });
});
