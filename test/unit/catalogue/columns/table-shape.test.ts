import { describe, expect, it } from 'vitest';
import {
  findHeaderRow,
  isRepeatedHeader,
  isTotalRow,
} from '../../../../functions/core/catalogue/columns/table-shape.ts';
import type { RawRecord } from '../../../../functions/core/catalogue/readers/raw-record.ts';

function record(fields: Record<string, string>): RawRecord {
  return { row: 9, fields: new Map(Object.entries(fields)) };
}

describe('findHeaderRow', () => {
  it('finds the header under a title line, a date line and a blank line', () => {
    expect(
      findHeaderRow([
        ['Catalogue export 2026 - Coopérative Maraba'],
        ['Date :', '01/12/2026'],
        ['Référence', 'Désignation', 'Type de produit', 'Prix (RWF)', 'Poids net (kg)'],
        ['HMC-1', 'Café vert lavé', 'café vert', '18500', '1'],
      ]),
    ).toBe(2);
  });

  it('prefers the real header to a group line above it', () => {
    expect(
      findHeaderRow([
        ['Produit', undefined, undefined, 'Prix', undefined],
        ['Code', 'Nom', 'Type', 'Prix unitaire', 'Devise'],
        ['A1', 'Miel', 'miel', '5000', 'RWF'],
      ]),
    ).toBe(1);
  });

  it('keeps the first line when no line names two fields', () => {
    expect(
      findHeaderRow([
        ['Couleur', 'Taille'],
        ['rouge', 'M'],
      ]),
    ).toBe(0);
  });

  it('does not take a product row for the header', () => {
    expect(
      findHeaderRow([
        ['SKU', 'Name', 'Type', 'Price'],
        ['Coffee', 'Roasted coffee', 'roasted coffee', '12.50'],
      ]),
    ).toBe(0);
  });
});

describe('isTotalRow', () => {
  it.each([
    ['Total'],
    ['TOTAL GÉNÉRAL'],
    ['Sous-total'],
    ['Sub total:'],
    ['Grand Total'],
    ['Igiteranyo cyose'],
    ['  total'],
    // Chinese-locale Excel's full-width letters fold to ASCII: the quick initial check lets them through.
    ['ＴＯＴＡＬ'],
    ['\u00a0Somme'],
  ])('%s is a total line', (label) => {
    expect(isTotalRow(record({ Code: '', Nom: label, Stock: '=SUM(C2:C9)' }), ['Code', 'Nom'])).toBe(true);
  });

  it.each([['Ikawa Total'], ['Éthiopie total'], ['1 Total'], ['"Total"']])(
    '%s is not a total line: no total word opens it',
    (label) => {
      expect(isTotalRow(record({ Code: '', Nom: label }), ['Code', 'Nom'])).toBe(false);
    },
  );

  it('is not fooled by a product whose name mentions a total', () => {
    expect(isTotalRow(record({ Code: 'T-1', Nom: 'Total Roast blend' }), ['Code', 'Nom'], 'Code')).toBe(
      false,
    );
  });
});

describe('isRepeatedHeader', () => {
  it('recognises the header line repeated under the data', () => {
    expect(isRepeatedHeader(record({ Code: 'Code', Nom: 'Nom', Prix: 'Prix', Stock: '' }))).toBe(true);
    expect(isRepeatedHeader(record({ Code: 'CODE ', Nom: 'nom', Prix: '1500' }))).toBe(true);
  });

  it('decides on all the named cells when the first ones differ', () => {
    // 10 named columns: the first 4 differ (a translated or retyped header), the last 6 repeat.
    const fields: Record<string, string> = { A: 'a1', B: 'b1', C: 'c1', D: 'd1' };
    for (const name of ['E', 'F', 'G', 'H', 'I', 'J']) fields[name] = name;
    expect(isRepeatedHeader(record(fields))).toBe(true);
    fields.J = 'j1';
    expect(isRepeatedHeader(record(fields))).toBe(false);
    // Unnamed columns ("Column 3") are not counted either way.
    expect(isRepeatedHeader(record({ 'Column 1': 'x', 'Column 2': 'y', Code: 'Code', Nom: 'Nom' }))).toBe(
      true,
    );
  });

  it('does not take a product named like a column for a header', () => {
    expect(isRepeatedHeader(record({ Code: 'A', Nom: 'Miel', Type: 'Type', Prix: '5000' }))).toBe(false);
  });
});
