import { describe, expect, it } from 'vitest';
import { parseIsoDuration } from '../../../functions/core/source/iso-duration.ts';
import { isDue, type SourceRecord } from '../../../functions/core/source/pull-source.ts';

describe('parseIsoDuration', () => {
  it.each([
    ['PT1H', 3_600_000],
    ['PT30M', 1_800_000],
    ['PT90S', 90_000],
    ['P1D', 86_400_000],
    ['P1DT12H', 129_600_000],
    ['P1W', 604_800_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseIsoDuration(text)).toBe(ms);
  });

  it.each(['P1M', 'P1Y', 'PT0.5H', 'P', 'PT', '1H', 'pt1h', ''])('refuses %s', (text) => {
    expect(parseIsoDuration(text)).toBeNull();
  });
});

describe('isDue', () => {
  const record: SourceRecord = {
    producerId: 'kivu-tea',
    url: 'https://shop.example.rw/tea.csv',
    lastCheckedAt: '2026-11-30T08:00:00.000Z',
    lastStatus: 'UNCHANGED',
  };
  const at = (iso: string) => new Date(iso);

  it('is due at its first check, then once `every` (PT1H by default) has passed', () => {
    const source = { url: record.url };
    expect(isDue(source, null, at('2026-11-30T08:00:00.000Z'))).toBe(true);
    expect(isDue(source, record, at('2026-11-30T08:59:59.999Z'))).toBe(false);
    expect(isDue(source, record, at('2026-11-30T09:00:00.000Z'))).toBe(true);
    expect(isDue({ ...source, every: 'PT15M' }, record, at('2026-11-30T08:15:00.000Z'))).toBe(true);
  });

  it('is due at once when the profile names another URL', () => {
    expect(isDue({ url: 'https://shop.example.rw/new.csv' }, record, at('2026-11-30T08:00:01.000Z'))).toBe(
      true,
    );
  });
});
