import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal } from '../../../local/portal-build.ts';

/** Issue 14's budget for the first load, gzipped (what a slow phone connection carries). */
const FIRST_LOAD_JS_BUDGET_BYTES = 150 * 1024;

let scratch: string;
let dist: string;
let index: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'feedbridge-portal-build-'));
  dist = join(scratch, 'dist');
  await buildPortal(dist);
  index = readFileSync(join(dist, 'index.html'), 'utf8');
}, 120_000);
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const attributeValues = (pattern: RegExp) => [...index.matchAll(pattern)].map((match) => match[1] ?? '');

describe('the built portal', () => {
  it('loads as one script and one stylesheet, and nothing inline (the CSP allows no inline code)', () => {
    expect(attributeValues(/<script\b[^>]*\bsrc="([^"]+)"/g)).toEqual([
      expect.stringMatching(/^\/assets\/.+\.js$/),
    ]);
    expect(attributeValues(/<link\b[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)).toEqual([
      expect.stringMatching(/^\/assets\/.+\.css$/),
    ]);
    expect(index).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(index).not.toMatch(/<style|style="|modulepreload/);
  });

  it(`keeps the first load's JavaScript under ${FIRST_LOAD_JS_BUDGET_BYTES / 1024} kB gzipped`, () => {
    const scripts = readdirSync(join(dist, 'assets')).filter((name) => name.endsWith('.js'));
    // Everything the page runs is in the one script index.html loads: no lazy chunk to fetch later.
    expect(scripts).toHaveLength(1);
    const script = readFileSync(join(dist, 'assets', scripts[0] ?? ''));
    const gzipped = gzipSync(script, { level: 9 }).length;
    process.stdout.write(`portal first-load JS: ${script.length} bytes, ${gzipped} bytes gzipped\n`);
    expect(gzipped).toBeLessThan(FIRST_LOAD_JS_BUDGET_BYTES);
  });

  it('ships no web fonts and no image but its icon', () => {
    const files = readdirSync(join(dist, 'assets'));
    expect(files.filter((name) => /\.(woff2?|ttf|otf|eot)$/.test(name))).toEqual([]);
    expect(files.filter((name) => /\.(png|jpe?g|gif|webp|avif|svg|ico)$/.test(name))).toEqual([
      expect.stringMatching(/^favicon-.+\.svg$/),
    ]);
  });

  it('has every language in the one script (switching language fetches nothing)', () => {
    const [script] = readdirSync(join(dist, 'assets')).filter((name) => name.endsWith('.js'));
    const text = readFileSync(join(dist, 'assets', script ?? ''), 'utf8');
    for (const word of ['Ururimi', 'Langue', 'Language']) expect(text).toContain(word);
  });
});
