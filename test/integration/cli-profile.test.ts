import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFeedbridge as feedbridge } from '../support/run-cli.ts';

/* validate --profile and --currency: the profile a deployment reads with, on the laptop. */

let scratch: string;
let csv: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'feedbridge-cli-profile-'));
  csv = join(scratch, 'tea.csv');
  // No currency anywhere; "Qté dispo" is the shop's own name for the stock.
  await writeFile(csv, 'sku,name,type,price,Qté dispo\nT-1,Tea,tea,4.50,12\nT-2,Tea bis,tea,5.50,3\n');
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function profileFile(name: string, text: string): Promise<string> {
  const path = join(scratch, name);
  await writeFile(path, text);
  return path;
}

describe('feedbridge validate --profile / --currency', () => {
  it('reads the file with the profile: its mapping and its default currency', async () => {
    const profile = await profileFile(
      'tea-profile.json',
      JSON.stringify({ defaults: { currency: 'USD' }, columns: { 'Qté dispo': 'stock' } }),
    );
    const result = await feedbridge(
      'validate',
      csv,
      '--producer',
      'tea-coop',
      '--profile',
      profile,
      '--json',
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.rows).toEqual({ total: 2, accepted: 2, rejected: 0, skipped: 0 });
    expect(report.products[0]).toMatchObject({
      sku: 'T-1',
      stock: 12,
      price: { minor: 450, currency: 'USD' },
    });
    expect(report.columns[4]).toMatchObject({ header: 'Qté dispo', field: 'stock', via: 'profile' });
  });

  it('--currency gives prices that name none their currency, over the profile default', async () => {
    const profile = await profileFile('eur.json', JSON.stringify({ defaults: { currency: 'EUR' } }));
    const result = await feedbridge(
      'validate',
      csv,
      '--producer',
      'tea-coop',
      '--profile',
      profile,
      '--currency',
      'usd',
      '--json',
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.products.map((product: { price: { currency: string } }) => product.price.currency)).toEqual(
      ['USD', 'USD'],
    );
  });

  it('refuses a profile that is not JSON, or that the schema refuses, with a code and exit 1', async () => {
    const broken = await profileFile('broken.json', '{"defaults": ');
    const unreadable = await feedbridge('validate', csv, '--producer', 'tea-coop', '--profile', broken);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toMatch(/^feedbridge: PROFILE_FILE_UNREADABLE: --profile .*broken\.json/);

    const wrong = await profileFile(
      'wrong.json',
      JSON.stringify({ columns: { 'Qté dispo': 'stocks' }, extra: 1 }),
    );
    const refused = await feedbridge('validate', csv, '--producer', 'tea-coop', '--profile', wrong);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^feedbridge: PROFILE_INVALID: /);
    // Every problem, each with where it is.
    expect(refused.stderr).toContain('columns.Qté dispo:');
    expect(refused.stderr).toContain('(profile):');
    expect(refused.stdout).toBe('');
  });

  it('refuses, before reading it, a profile that is no regular file, too big, or nested past any profile', async () => {
    const fifo = join(scratch, 'profile.fifo');
    execFileSync('mkfifo', [fifo]);
    // A FIFO would wait for a writer for ever; /dev/zero would be read until memory ran out.
    for (const path of [fifo, '/dev/zero', scratch]) {
      const result = await feedbridge('validate', csv, '--producer', 'tea-coop', '--profile', path);
      expect(result.code, path).toBe(1);
      expect(result.stderr, path).toMatch(
        /^feedbridge: PROFILE_FILE_UNREADABLE: --profile .*not a regular file/,
      );
    }
    const big = await profileFile('big.json', `{"columns": {}}${' '.repeat(600 * 1024)}`);
    const tooBig = await feedbridge('validate', csv, '--producer', 'tea-coop', '--profile', big);
    expect(tooBig.code).toBe(1);
    expect(tooBig.stderr).toMatch(/^feedbridge: PROFILE_INVALID: --profile .*big\.json is \d+ bytes/);
    // 36 kB: well under the size bound, and deep enough to overflow a recursive check.
    const deep = await profileFile('deep.json', `{"defaults":${'{"a":'.repeat(6000)}1${'}'.repeat(6000)}}`);
    const nested = await feedbridge('validate', csv, '--producer', 'tea-coop', '--profile', deep);
    expect(nested.code).toBe(1);
    expect(nested.stderr).toContain('PROFILE_INVALID');
    expect(nested.stderr).toContain('levels deep');
  });

  it('says FILE_NOT_FOUND, exit 2, for every way a catalogue path cannot be read', async () => {
    const loop = join(scratch, 'loop-a.csv');
    await symlink(join(scratch, 'loop-b.csv'), loop);
    await symlink(loop, join(scratch, 'loop-b.csv'));
    const cases: [string, RegExp][] = [
      [loop, /symbolic links loop/],
      [join(csv, 'inside.csv'), /a part of the path is a file/],
      [join(scratch, `${'c'.repeat(300)}.csv`), /the name is too long/],
    ];
    for (const [path, reason] of cases) {
      const result = await feedbridge('validate', path, '--producer', 'tea-coop');
      expect(result.code, path).toBe(2);
      expect(result.stderr, path).toMatch(/^feedbridge: FILE_NOT_FOUND: cannot read /);
      expect(result.stderr, path).toMatch(reason);
    }
  });

  it('refuses an --out it cannot create, long names and symlink loops included, with exit 1', async () => {
    const parent = join(scratch, 'outs');
    await mkdir(parent, { recursive: true });
    const loop = join(parent, 'loop-a');
    await symlink(join(parent, 'loop-b'), loop);
    await symlink(loop, join(parent, 'loop-b'));
    for (const [out, reason] of [
      [join(parent, 'b'.repeat(300)), /a name in it is too long/],
      [join(loop, 'out'), /symbolic links loop/],
    ] as const) {
      const result = await feedbridge('preview', csv, '--producer', 'tea-coop', '--out', out);
      expect(result.code, out).toBe(1);
      expect(result.stderr, out).toMatch(/^feedbridge: PATH_NOT_WRITABLE: --out /);
      expect(result.stderr, out).toMatch(reason);
    }
  });

  it('reads a tour catalogue with the tour fields the profile maps its own headers to', async () => {
    const tours = join(scratch, 'akagera.csv');
    await writeFile(
      tours,
      [
        'Réf;Nom du circuit;Activité;Parcs;Ville de départ;Durée;Nb pax;Prix safari (USD);Sorties;Délai de réservation;Confirmation',
        'AK-1J;Safari Akagera journée;Safari;Akagera;Kigali;1 jour;2-6;185;12/12/2026 (4);2 jours avant;immédiate',
        '',
      ].join('\n'),
    );
    const profile = await profileFile(
      'akagera-profile.json',
      JSON.stringify({
        columns: { 'Prix safari (USD)': 'prices.adult', Sorties: 'departures', 'Nb pax': 'groupSize' },
      }),
    );
    const result = await feedbridge(
      'validate',
      tours,
      '--producer',
      'akagera-safaris',
      '--profile',
      profile,
      '--json',
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.offeringKind).toBe('tour');
    expect(report.rows).toEqual({ total: 1, accepted: 1, rejected: 0, skipped: 0 });
    expect(report.tours[0]).toMatchObject({
      code: 'AK-1J',
      groupSize: { min: 2, max: 6 },
      prices: { adult: { minor: 18500, currency: 'USD' } },
      departures: { kind: 'dates', dates: [{ date: '2026-12-12', seats: 4 }] },
    });
    expect(report.columns[7]).toMatchObject({
      header: 'Prix safari (USD)',
      field: 'prices.adult',
      via: 'profile',
    });

    const typo = await profileFile('typo.json', JSON.stringify({ columns: { Sorties: 'departure' } }));
    const refused = await feedbridge('validate', tours, '--producer', 'akagera-safaris', '--profile', typo);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^feedbridge: PROFILE_INVALID: /);
    expect(refused.stderr).toContain('columns.Sorties:');
  });

  it('refuses a --currency that is not a known ISO 4217 code', async () => {
    const result = await feedbridge('validate', csv, '--producer', 'tea-coop', '--currency', 'XX');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--currency must be an ISO 4217 code');
  });
});
