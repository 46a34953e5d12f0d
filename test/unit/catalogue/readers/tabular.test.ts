import { describe, expect, it } from 'vitest';
import { isBlankRow, TableHeader } from '../../../../functions/core/catalogue/readers/tabular.ts';
import { columnLetters } from '../../../../functions/core/catalogue/readers/xlsx-reader.ts';
import { plain } from './reader-helpers.ts';

/** A row as a sheet gives it: cells only where the sheet has them (Excel's last column is XFD, 16,383). */
function sparse(cells: Readonly<Record<number, string>>): (string | undefined)[] {
  const row: (string | undefined)[] = [];
  for (const [index, cell] of Object.entries(cells)) row[Number(index)] = cell;
  return row;
}

/** The row behind a proxy counting how many positions are looked at one by one. */
function counted(row: (string | undefined)[]): { cells: (string | undefined)[]; looks: () => number } {
  let looks = 0;
  const isPosition = (key: string | symbol) => typeof key === 'string' && /^\d+$/u.test(key);
  const cells = new Proxy(row, {
    get(target, key, receiver) {
      if (isPosition(key)) looks += 1;
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (isPosition(key)) looks += 1;
      return Reflect.has(target, key);
    },
  });
  return { cells, looks: () => looks };
}

describe('rows of a sheet with a far-right cell', () => {
  // A stray cell in column XFD of the header and of each row: 16,384 positions, four of them filled.
  const header = TableHeader.fromCells(sparse({ 0: 'SKU', 1: 'Name', 16383: 'Stray' }), 1, columnLetters);

  it('costs a row its own cells and the named columns, never the width of the sheet', () => {
    const { cells, looks } = counted(sparse({ 0: 'A-1', 1: 'Coffee', 9000: 'note', 16383: 'x' }));
    const record = header.record(2, cells, { reportMissing: false });
    expect(plain(record)).toEqual({
      row: 2,
      fields: [
        ['SKU', 'A-1'],
        ['Name', 'Coffee'],
        ['Column MHE', 'note'],
        ['Stray', 'x'],
      ],
    });
    expect(looks()).toBeLessThan(20);
  });

  it('tells a blank sparse row without visiting its holes', () => {
    const { cells, looks } = counted(sparse({ 5: ' ', 16383: '' }));
    expect(isBlankRow(cells)).toBe(true);
    expect(looks()).toBeLessThan(10);
  });

  it('counts cells past the header as extra, in a sparse row too', () => {
    const narrow = TableHeader.fromCells(['SKU', 'Name'], 1, columnLetters);
    const { cells, looks } = counted(sparse({ 0: 'A-1', 1: 'Coffee', 16383: 'stray' }));
    expect(plain(narrow.record(2, cells, { reportMissing: false }))).toEqual({
      row: 2,
      fields: [
        ['SKU', 'A-1'],
        ['Name', 'Coffee'],
      ],
      extraCells: 1,
    });
    expect(looks()).toBeLessThan(20);
  });

  it('costs a CSV row its own cells too when the header line runs on with empty columns', () => {
    const wide = TableHeader.fromCells(
      ['SKU', 'Name', ...Array.from({ length: 5_000 }, () => '')],
      1,
      (index) => String(index + 1),
    );
    const { cells, looks } = counted(['A-1', 'Coffee']);
    expect(plain(wide.record(2, cells, { reportMissing: true }))).toEqual({
      row: 2,
      fields: [
        ['SKU', 'A-1'],
        ['Name', 'Coffee'],
      ],
    });
    expect(looks()).toBeLessThan(20);
  });
});
