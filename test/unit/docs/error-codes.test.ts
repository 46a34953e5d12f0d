import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FILE_ERROR_CODES, ROW_ERROR_CODES, WARNING_CODES } from '../../../functions/core/catalogue/codes.ts';

const errorsDoc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
const documented = new Set(
  [...errorsDoc.matchAll(/^\|\s*(?:\d{3}\s*\|\s*)?`([A-Z0-9_]+)`/gm)].map((match) => match[1]),
);

describe('docs/errors.md', () => {
  it.each([...FILE_ERROR_CODES, ...ROW_ERROR_CODES, ...WARNING_CODES])(
    'documents %s in a table row',
    (code) => {
      expect(documented.has(code)).toBe(true);
    },
  );
});
