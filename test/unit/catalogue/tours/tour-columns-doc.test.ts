import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TOUR_ALIASES } from '../../../../functions/core/catalogue/tours/tour-aliases.ts';

const doc = readFileSync(new URL('../../../../docs/tour-packages.md', import.meta.url), 'utf8');
const section = doc.slice(doc.indexOf('\n## Reading tour catalogues\n'));

describe('docs/tour-packages.md, tour column names', () => {
  it('lists every tour field with exactly the names the tour header mapping accepts', () => {
    const listed = Object.fromEntries(
      [...section.matchAll(/^\| `([A-Za-z.-]+)` \| (.+) \|$/gm)].map((match) => [
        match[1],
        (match[2] ?? '').split(', ').map((name) => name.replaceAll('\\|', '|')),
      ]),
    );
    expect(listed).toEqual(TOUR_ALIASES);
  });
});
