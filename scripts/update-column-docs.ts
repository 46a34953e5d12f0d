/**
 * Rewrites the table of accepted column names in docs/errors.md from HEADER_ALIASES, after an
 * alias is added (test/unit/docs/error-codes.test.ts keeps the two equal).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { HEADER_ALIASES } from '../functions/core/catalogue/columns/product-aliases.ts';

const path = new URL('../docs/errors.md', import.meta.url);
const text = readFileSync(path, 'utf8');
const start = text.indexOf('| field | column names accepted');
const end = text.indexOf('\n\n', start);
if (start < 0 || end < 0) throw new Error('docs/errors.md has no table of column names');
const rows = Object.entries(HEADER_ALIASES).map(
  ([field, aliases]) =>
    `| \`${field}\` | ${(aliases as readonly string[]).map((alias) => alias.replaceAll('|', '\\|')).join(', ')} |`,
);
const heading = text.slice(start, text.indexOf('\n', start));
writeFileSync(
  path,
  `${text.slice(0, start)}${[heading, '| --- | --- |', ...rows].join('\n')}${text.slice(end)}`,
);
