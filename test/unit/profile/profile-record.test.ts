import { describe, expect, it } from 'vitest';
import {
  type ProfileRecord,
  type ProfileStore,
  parseIfMatch,
  saveProfile,
} from '../../../functions/core/profile/profile-record.ts';

/** The store's contract in memory: a put lands only over the version it names. */
class MemoryProfiles implements ProfileStore {
  readonly records = new Map<string, ProfileRecord>();
  /** Runs just before a put is decided: another editor's save in between. */
  beforePut: (() => void) | undefined;

  async getProfile(producerId: string) {
    return this.records.get(producerId) ?? null;
  }

  async putProfile(record: ProfileRecord, expectedVersion: number) {
    this.beforePut?.();
    this.beforePut = undefined;
    if ((this.records.get(record.producerId)?.version ?? 0) !== expectedVersion) return false;
    this.records.set(record.producerId, record);
    return true;
  }
}

const now = () => new Date('2026-11-30T08:00:00.000Z');

describe('saveProfile', () => {
  it('saves version 1 first, then each save over the current one adds one', async () => {
    const profiles = new MemoryProfiles();
    const first = await saveProfile('kivu-tea', { defaults: { currency: 'USD' } }, 0, { profiles, now });
    expect(first).toEqual({
      outcome: 'saved',
      record: {
        producerId: 'kivu-tea',
        version: 1,
        updatedAt: '2026-11-30T08:00:00.000Z',
        profile: { defaults: { currency: 'USD' }, columns: {}, values: {} },
      },
    });
    const second = await saveProfile('kivu-tea', {}, undefined, { profiles, now });
    expect(second).toMatchObject({ outcome: 'saved', record: { version: 2 } });
  });

  it('loses to a save that lands between its read and its write, and says what is current', async () => {
    const profiles = new MemoryProfiles();
    await saveProfile('kivu-tea', {}, 0, { profiles, now });
    profiles.beforePut = () => {
      profiles.records.set('kivu-tea', {
        producerId: 'kivu-tea',
        version: 2,
        updatedAt: '2026-11-30T07:59:59.000Z',
        profile: { defaults: { currency: 'RWF' }, columns: {}, values: {} },
      });
    };
    const lost = await saveProfile('kivu-tea', { defaults: { currency: 'USD' } }, 1, { profiles, now });
    expect(lost).toMatchObject({
      outcome: 'conflict',
      current: { version: 2, profile: { defaults: { currency: 'RWF' } } },
    });
    expect(profiles.records.get('kivu-tea')?.profile.defaults.currency).toBe('RWF');
  });

  it('refuses an invalid profile without writing', async () => {
    const profiles = new MemoryProfiles();
    const refused = await saveProfile('kivu-tea', { defaults: { currency: 'USDX' } }, 0, { profiles, now });
    expect(refused).toMatchObject({
      outcome: 'invalid',
      problems: [{ path: 'defaults.currency', code: 'PROFILE_INVALID' }],
    });
    expect(profiles.records.size).toBe(0);
  });

  it("saves a tour operator's mappings onto tour fields, and refuses one onto no field of either kind", async () => {
    const profiles = new MemoryProfiles();
    const columns = { 'Prix safari (USD)': 'prices.adult', Sorties: 'departures', 'Qté dispo': 'stock' };
    const saved = await saveProfile('akagera-safaris', { columns }, 0, { profiles, now });
    expect(saved).toMatchObject({ outcome: 'saved', record: { version: 1, profile: { columns } } });
    const refused = await saveProfile('akagera-safaris', { columns: { Sorties: 'departures.dates' } }, 1, {
      profiles,
      now,
    });
    expect(refused).toMatchObject({
      outcome: 'invalid',
      problems: [{ path: 'columns.Sorties', code: 'PROFILE_INVALID' }],
    });
    expect(profiles.records.get('akagera-safaris')?.version).toBe(1);
  });
});

describe('parseIfMatch', () => {
  it.each([
    ['"3"', 3],
    ['3', 3],
    ['W/"12"', 12],
    [' "0" ', 0],
  ])('reads %s as version %d', (header, version) => {
    expect(parseIfMatch(header)).toBe(version);
  });

  it('is undefined when absent and null when it names no version', () => {
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('')).toBeUndefined();
    expect(parseIfMatch('*')).toBeNull();
    expect(parseIfMatch('"v3"')).toBeNull();
    expect(parseIfMatch('"-1"')).toBeNull();
  });
});
