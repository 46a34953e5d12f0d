// biome-ignore-all lint/suspicious/noThenProperty: "then" is the feed-rule format of issue 17; these objects are profile documents, never awaited
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFeedbridge as feedbridge, REPO_ROOT } from '../support/run-cli.ts';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'feedbridge-cli-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('feedbridge validate', () => {
  it('prints exactly one JSON object with the report for a sample, and exits 0 despite rejected rows', async () => {
    const result = await feedbridge(
      'validate',
      'samples/huye-mountain-coffee.csv',
      '--producer',
      'huye-mountain-coffee',
      '--json',
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      producerId: 'huye-mountain-coffee',
      format: 'csv',
      encoding: 'windows-1252',
      rows: { total: 8, accepted: 5, rejected: 3, skipped: 0 },
    });
    expect(report.products).toHaveLength(5);
    // Added with tour catalogues; the product fields are as they were.
    expect(report.offeringKind).toBe('product');
    expect(report.tours).toEqual([]);
    expect(report.products[0]).toMatchObject({
      sku: 'HMC-GB-001',
      names: { fr: 'Café vert Red Bourbon lavé, sac 1 kg' },
    });
    expect(
      report.errors.map((issue: { row: number; code: string; field: string }) => [
        issue.row,
        issue.code,
        issue.field,
      ]),
    ).toEqual([
      [7, 'NUMBER_INVALID', 'price'],
      [8, 'SKU_DUPLICATE', 'sku'],
      [9, 'DATE_INVALID', 'harvestDate'],
    ]);
  });

  it('reads every sample in its own format and encoding', async () => {
    const samples = [
      ['gashora-chili.xlsx', 'gashora-chili', 'xlsx', 9, 6],
      ['kayonza-avocado.json', 'kayonza-avocado', 'json', 6, 4],
      ['nyagatare-beef.xml', 'nyagatare-beef', 'xml', 5, 4],
      ['gicumbi-tea-honey.txt', 'gicumbi-tea-honey', 'tsv', 5, 4],
    ] as const;
    for (const [file, producer, format, total, accepted] of samples) {
      const result = await feedbridge('validate', `samples/${file}`, '--producer', producer, '--json');
      expect(result.code, file).toBe(0);
      expect(JSON.parse(result.stdout), file).toMatchObject({ format, rows: { total, accepted } });
    }
  });

  it('exits 2 with the code on stderr and no stack trace for a refused file', async () => {
    const xxe = join(scratch, 'xxe.xml');
    await writeFile(
      xxe,
      '<?xml version="1.0"?>\n<!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<catalogue><product><sku>&x;</sku></product></catalogue>',
    );
    const result = await feedbridge('validate', xxe, '--producer', 'abc');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^feedbridge: XML_DOCTYPE_REFUSED: .*\(line 2\)$/m);
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(result.stdout).toBe('');
  });

  it('with --json, also answers a refused file with one JSON object', async () => {
    const empty = join(scratch, 'empty.csv');
    await writeFile(empty, '');
    const result = await feedbridge('validate', empty, '--producer', 'abc', '--json');
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ producerId: 'abc', error: { code: 'FILE_EMPTY' } });
  });

  it('prints all 200,000 findings of a file in text mode instead of crashing', async () => {
    // Four row errors on each of 50,000 rows: more lines than one call can take as arguments.
    const rows = Array.from({ length: 50_000 }, (_, index) => `S-${index},Tea ${index},tea,abc,31/02/2026,x`);
    const file = join(scratch, 'many-findings.csv');
    await writeFile(file, `sku,name,type,price,harvest date,image\n${rows.join('\n')}\n`);
    const result = await feedbridge('validate', file, '--producer', 'abc');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      `${file}: csv, utf-8, producer abc, header on line 1`,
      'rows: 50000 total, 0 accepted, 50000 rejected, 0 skipped',
      'columns:',
    ]);
    expect(lines.slice(3, 10)).toEqual([
      '  sku           sku (alias)',
      '  name          names.en (alias)',
      '  type          productType (alias)',
      '  price         price (alias)',
      '  harvest date  harvestDate (alias)',
      '  image         images (alias)',
      'errors:',
    ]);
    expect(lines.filter((line) => line.startsWith('  row '))).toHaveLength(200_000);
    expect(lines.at(-2)).toMatch(/^ {2}row 50001 +S-49999 +images +URL_INVALID {2}"x" is not/);

    // `| head`: the reader closes the pipe after the first lines; that is not an error.
    const child = spawn(
      process.execPath,
      [join(REPO_ROOT, 'bin/feedbridge-cli.js'), 'validate', file, '--producer', 'abc'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 60_000);

  it('exits 2 for a missing file and 1 for usage errors', async () => {
    const validateSample = (...flags: string[]) =>
      feedbridge('validate', 'samples/kayonza-avocado.json', ...flags);
    expect((await feedbridge('validate', join(scratch, 'nope.csv'), '--producer', 'abc')).code).toBe(2);
    const noProducer = await validateSample();
    expect(noProducer.code).toBe(1);
    expect(noProducer.stderr).toContain('missing --producer');
    expect((await validateSample('--producer', 'Not Valid')).code).toBe(1);
    expect((await validateSample('--producer', 'abc', '--bogus')).code).toBe(1);
    expect((await feedbridge('frobnicate')).code).toBe(1);
    // A flag given twice was the last one without a word: the file read for another producer.
    const twice = await validateSample('--producer', 'abc', '--producer', 'def');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('--producer was given twice ("abc" and "def"); give it once');
    // A sheet of a file that has none: refused as the file's problem (exit 2), not read as its one table.
    const sheet = await validateSample('--producer', 'abc', '--sheet', 'Tarifs');
    expect(sheet.code).toBe(2);
    expect(sheet.stderr).toContain('XLSX_SHEET_NOT_FOUND');
    // Eight child processes in a row: about 7 s alone, several times that on a busy 2-core runner.
  }, 60_000);
});

describe('feedbridge preview', () => {
  it('writes the documents of every product channel and report.json, and nothing else', async () => {
    const out = join(scratch, 'preview');
    const result = await feedbridge(
      'preview',
      'samples/nyagatare-beef.xml',
      '--producer',
      'nyagatare-beef',
      '--out',
      out,
    );
    expect(result.code).toBe(0);
    expect((await readdir(out)).sort()).toEqual([
      'freshippo',
      'google-merchant',
      'report.json',
      'tmall-global',
    ]);
    expect(await readdir(join(out, 'tmall-global'))).toEqual(['nyagatare-beef.json']);
    expect(await readdir(join(out, 'freshippo'))).toEqual(['nyagatare-beef.xml']);
    // one Google Merchant Center document per target country
    expect((await readdir(join(out, 'google-merchant', 'nyagatare-beef'))).sort()).toEqual([
      'DE.xml',
      'FR.xml',
      'US.xml',
    ]);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report).toMatchObject({
      producerId: 'nyagatare-beef',
      rows: { total: 5, accepted: 4, rejected: 1, skipped: 0 },
    });
    expect(report.channels['tmall-global'].rejected).toEqual([
      expect.objectContaining({ sku: 'NB-BRISKET-2KG', code: 'STOCK_NEGATIVE', field: 'stock' }),
    ]);
    expect(report.channels.freshippo.rejected).toEqual([
      expect.objectContaining({ sku: 'NB-BRISKET-2KG', code: 'STORAGE_RANGE_MISSING' }),
    ]);
    // Warnings are grouped: one entry per code and field, with the items it is on.
    for (const preview of Object.values(report.channels) as { warnings: Record<string, unknown>[] }[]) {
      const keys = preview.warnings.map((group) => `${group.code} ${group.field}`);
      expect(new Set(keys).size).toBe(keys.length);
      for (const group of preview.warnings) {
        expect(Object.keys(group).sort()).toEqual(
          ['code', 'count', 'field', 'message', 'sameMessage', 'skus', 'skusTruncated'].sort(),
        );
        expect((group.skus as string[]).length).toBe(group.count);
      }
    }
  });

  it('leaves an earlier preview untouched when the file is refused', async () => {
    const out = join(scratch, 'preview-kept');
    expect(
      (
        await feedbridge(
          'preview',
          'samples/kayonza-avocado.json',
          '--producer',
          'kayonza-avocado',
          '--out',
          out,
        )
      ).code,
    ).toBe(0);
    const before = await readFile(join(out, 'report.json'), 'utf8');
    const broken = join(scratch, 'broken.json');
    await writeFile(broken, '{"products": [ {"sku": "A", ');
    const result = await feedbridge('preview', broken, '--producer', 'kayonza-avocado', '--out', out);
    expect(result.code).toBe(2);
    expect(await readFile(join(out, 'report.json'), 'utf8')).toBe(before);
    expect((await readdir(out)).sort()).toEqual([
      'freshippo',
      'google-merchant',
      'report.json',
      'tmall-global',
    ]);
  });

  it("previews the effect of a profile's feed rules with --profile, and refuses an unsafe rule", async () => {
    const profile = join(scratch, 'rules-profile.json');
    await writeFile(
      profile,
      JSON.stringify({
        rules: {
          'google-merchant': [
            { if: [{ field: 'sku', op: 'equals', value: 'NB-TEND-500G' }], then: [{ action: 'exclude' }] },
            {
              then: [{ action: 'map', field: 'brand', table: { 'Nyagatare Ranch': 'Nyagatare Ranch Ltd' } }],
            },
          ],
        },
      }),
    );
    const out = join(scratch, 'preview-rules');
    const result = await feedbridge(
      'preview',
      'samples/nyagatare-beef.xml',
      '--producer',
      'nyagatare-beef',
      '--out',
      out,
      '--profile',
      profile,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('rules: 3 changed, 1 excluded');
    expect(result.stdout).toContain('NB-TEND-500G       excluded by rule 0');
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.channels['google-merchant'].ruleEffects).toMatchObject({ changed: 3, excluded: 1 });
    expect(report.channels['google-merchant'].accepted).toEqual(['NB-STRIP-1KG']);
    expect(await readFile(join(out, 'google-merchant', 'nyagatare-beef', 'DE.xml'), 'utf8')).toContain(
      '<g:brand>Nyagatare Ranch Ltd</g:brand>',
    );

    const unsafe = join(scratch, 'unsafe-profile.json');
    await writeFile(
      unsafe,
      JSON.stringify({
        rules: {
          freshippo: [{ then: [{ action: 'replace', field: 'names.en', pattern: '(a+)+', with: '' }] }],
        },
      }),
    );
    const refused = await feedbridge(
      'preview',
      'samples/nyagatare-beef.xml',
      '--producer',
      'nyagatare-beef',
      '--out',
      join(scratch, 'x'),
      '--profile',
      unsafe,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('rules.freshippo.0.then.0.pattern: RULE_PATTERN_UNSAFE');
  });

  it('refuses an unknown channel as a usage error', async () => {
    const result = await feedbridge(
      'preview',
      'samples/kayonza-avocado.json',
      '--producer',
      'k',
      '--out',
      scratch,
      '--channels',
      'ebay',
    );
    expect(result.code).toBe(1);
  });

  it('previews a product catalogue on the product channels asked for, and says fliggy (tours) was skipped', async () => {
    const out = join(scratch, 'preview-with-fliggy');
    const result = await feedbridge(
      'preview',
      'samples/kayonza-avocado.json',
      '--producer',
      'kayonza-avocado',
      '--out',
      out,
      '--channels',
      'tmall-global,fliggy',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('fliggy: skipped, it takes tours and this file holds products');
    expect((await readdir(out)).sort()).toEqual(['report.json', 'tmall-global']);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(report.offeringKind).toBe('product');
    expect(Object.keys(report.channels)).toEqual(['tmall-global']);
  });

  it('refuses a --today that is not a real date, as a usage error', async () => {
    const result = await feedbridge(
      'preview',
      'samples/kayonza-avocado.json',
      '--producer',
      'kayonza-avocado',
      '--out',
      join(scratch, 'preview-bad-today'),
      '--today',
      '2026-02-30',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--today must be a date written yyyy-mm-dd');
  });
});
