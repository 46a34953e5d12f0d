import { describe, expect, it } from 'vitest';
import {
  dateAtOffset,
  dayNumber,
  instantAtOffset,
  isoDateOf,
  weekdayOf,
} from '../../../functions/core/iso-dates.ts';

describe('ISO date arithmetic', () => {
  it('counts days from 1970-01-01 and back', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-02')).toBe(1);
    // 2026-11-29: 56 years of 365 days plus the 14 leap days 1972..2024, plus 332 days into 2026
    expect(dayNumber('2026-11-29')).toBe(56 * 365 + 14 + 332);
    expect(isoDateOf(dayNumber('2028-02-29'))).toBe('2028-02-29');
    expect(isoDateOf(dayNumber('2026-12-31') + 1)).toBe('2027-01-01');
  });

  it('refuses what is not a real ISO date', () => {
    expect(() => dayNumber('2026-02-29')).toThrow(RangeError);
    expect(() => dayNumber('29/11/2026')).toThrow(RangeError);
    expect(() => dayNumber('2026-11-29T00:00:00Z')).toThrow(RangeError);
  });

  it('names weekdays Monday first (checked against a wall calendar)', () => {
    expect(weekdayOf(dayNumber('1970-01-01'))).toBe('thu');
    expect(weekdayOf(dayNumber('2026-11-29'))).toBe('sun');
    expect(weekdayOf(dayNumber('2026-12-05'))).toBe('sat');
    expect(weekdayOf(dayNumber('1969-12-29'))).toBe('mon');
  });

  it('converts between Kigali wall time (UTC+2) and UTC instants', () => {
    expect(instantAtOffset(dayNumber('2026-12-04'), 18 * 60, 120)).toBe('2026-12-04T16:00:00Z');
    // 01:00 in Kigali is still the previous day in UTC
    expect(instantAtOffset(dayNumber('2026-12-04'), 60, 120)).toBe('2026-12-03T23:00:00Z');
    expect(dateAtOffset('2026-11-28T22:30:00.000Z', 120)).toBe('2026-11-29');
    expect(dateAtOffset('2026-11-28T21:59:59.000Z', 120)).toBe('2026-11-28');
    expect(() => dateAtOffset('yesterday', 120)).toThrow(RangeError);
  });
});
