import { describe, expect, it } from 'vitest';
import {
  collectAllPages,
  currentCursor,
  firstPage,
  hasPreviousPage,
  nextPage,
  previousPage,
} from '../../../portal/src/lib/pager.ts';

describe('cursor pager', () => {
  it('walks forward and back through the cursors the API gave', () => {
    const second = nextPage(firstPage, 'c1');
    const third = nextPage(second, 'c2');
    expect([currentCursor(firstPage), currentCursor(second), currentCursor(third)]).toEqual([
      null,
      'c1',
      'c2',
    ]);
    expect(currentCursor(previousPage(third))).toBe('c1');
    expect(currentCursor(previousPage(previousPage(third)))).toBeNull();
    expect(hasPreviousPage(firstPage)).toBe(false);
    expect(hasPreviousPage(second)).toBe(true);
    expect(previousPage(firstPage)).toBe(firstPage);
  });

  it('stays on the last page when there is no next cursor', () => {
    expect(nextPage(firstPage, null)).toBe(firstPage);
  });

  it('forgets the pages after the current one when it goes another way', () => {
    const back = previousPage(nextPage(nextPage(firstPage, 'c1'), 'c2'));
    const elsewhere = nextPage(back, 'c9');
    expect(elsewhere.cursors).toEqual([null, 'c1', 'c9']);
  });
});

describe('collectAllPages', () => {
  const pages: Record<string, { items: number[]; nextCursor: string | null }> = {
    start: { items: [1, 2], nextCursor: 'b' },
    b: { items: [3, 4], nextCursor: 'c' },
    c: { items: [5], nextCursor: null },
  };
  const fetchPage = async (cursor: string | null) =>
    pages[cursor ?? 'start'] ?? { items: [], nextCursor: null };

  it('reads every page to the last', async () => {
    expect(await collectAllPages(fetchPage, { maxItems: 100 })).toEqual({
      items: [1, 2, 3, 4, 5],
      complete: true,
    });
  });

  it('stops at maxItems and says it is incomplete', async () => {
    expect(await collectAllPages(fetchPage, { maxItems: 3 })).toEqual({ items: [1, 2, 3], complete: false });
  });

  it('stops when the server repeats a cursor instead of looping for ever', async () => {
    let calls = 0;
    const looping = async () => {
      calls += 1;
      return { items: [calls], nextCursor: 'same' };
    };
    expect(await collectAllPages(looping, { maxItems: 100 })).toEqual({ items: [1, 2], complete: false });
  });
});
