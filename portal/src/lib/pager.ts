/**
 * Cursor pagination as the API does it: opaque cursors, `nextCursor` null on the last page. The
 * API cannot go back, so the pager remembers the cursor of every page it has shown.
 */
export interface CursorPager {
  /** cursors[i] fetches page i; the first page has no cursor. */
  readonly cursors: readonly (string | null)[];
  readonly index: number;
}

export const firstPage: CursorPager = { cursors: [null], index: 0 };

export function currentCursor(pager: CursorPager): string | null {
  return pager.cursors[pager.index] ?? null;
}

export function nextPage(pager: CursorPager, nextCursor: string | null): CursorPager {
  if (nextCursor === null) return pager;
  return { cursors: [...pager.cursors.slice(0, pager.index + 1), nextCursor], index: pager.index + 1 };
}

export function previousPage(pager: CursorPager): CursorPager {
  return pager.index === 0 ? pager : { cursors: pager.cursors, index: pager.index - 1 };
}

export function hasPreviousPage(pager: CursorPager): boolean {
  return pager.index > 0;
}

export interface Page<T> {
  items: readonly T[];
  nextCursor: string | null;
}

/**
 * Every item of every page, for a download. Stops at the last page, and also if the server ever
 * hands back a cursor it already gave (which would otherwise loop for ever) or past `maxItems`.
 */
export async function collectAllPages<T>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  options: { maxItems: number },
): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | null = null;
  for (;;) {
    const page = await fetchPage(cursor);
    for (const item of page.items) {
      if (items.length >= options.maxItems) return { items, complete: false };
      items.push(item);
    }
    if (page.nextCursor === null) return { items, complete: true };
    if (seen.has(page.nextCursor)) return { items, complete: false };
    seen.add(page.nextCursor);
    cursor = page.nextCursor;
  }
}
