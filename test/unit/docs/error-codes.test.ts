import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_ERROR_CODES } from '../../../bin/commands/cli-errors.ts';
import { FILE_ERROR_CODES, ROW_ERROR_CODES, WARNING_CODES } from '../../../functions/core/catalogue/codes.ts';
import { HEADER_ALIASES } from '../../../functions/core/catalogue/headers.ts';

const errorsDoc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
const documented = new Set(
  [...errorsDoc.matchAll(/^\|\s*(?:\d{3}\s*\|\s*)?`([A-Z0-9_]+)`/gm)].map((match) => match[1]),
);

describe('docs/errors.md', () => {
  it.each([...FILE_ERROR_CODES, ...ROW_ERROR_CODES, ...WARNING_CODES, ...CLI_ERROR_CODES])(
    'documents %s in a table row',
    (code) => {
      expect(documented.has(code)).toBe(true);
    },
  );
});

describe('docs/errors.md, column names', () => {
  /** The table's rows: field -> the names listed for it. */
  const documentedAliases = new Map(
    [...errorsDoc.matchAll(/^\| `([A-Za-z.-]+)` \| (.+) \|$/gm)].map((match) => [
      match[1],
      (match[2] ?? '').split(', ').map((name) => name.replaceAll('\\|', '|')),
    ]),
  );

  it('lists every field with exactly the names the header mapping accepts', () => {
    expect(Object.fromEntries(documentedAliases)).toEqual(HEADER_ALIASES);
  });
});
