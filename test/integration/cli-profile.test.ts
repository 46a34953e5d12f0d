import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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

  it('refuses a --currency that is not a known ISO 4217 code', async () => {
    const result = await feedbridge('validate', csv, '--producer', 'tea-coop', '--currency', 'XX');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--currency must be an ISO 4217 code');
  });
});
