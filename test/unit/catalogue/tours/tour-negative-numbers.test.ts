import { describe, expect, it } from 'vitest';
import { parseDepartureCells } from '../../../../functions/core/catalogue/tours/departures-cell.ts';
import { parseDuration } from '../../../../functions/core/catalogue/tours/duration.ts';
import {
  parseAgeBand,
  parseBookingCutoff,
  parseGroupSize,
  parseWholeNumberIn,
} from '../../../../functions/core/catalogue/tours/tour-values.ts';

const codes = (result: { ok: boolean; problems?: { code: string; field: string }[] }) =>
  result.ok ? [] : (result.problems ?? []).map((problem) => `${problem.field}: ${problem.code}`);

// Counts, ages and durations are read from their digits: a minus sign was dropped without a word,
// so "-6" seats became 6 seats in the Fliggy calendar.
describe('a tour number written negative', () => {
  it.each(['-6', '− 6', '-0006'])('seats %s are refused, not read as their digits', (text) => {
    expect(codes(parseWholeNumberIn(text, 'departures.seats', 'a number of seats'))).toEqual([
      'departures.seats: NUMBER_NEGATIVE',
    ]);
  });

  it.each(['-2 à 6', '2 à -6', 'min 2 max -6', '2 to −6 people'])('group size %s is refused', (text) => {
    expect(codes(parseGroupSize(text))).toEqual(['groupSize: NUMBER_NEGATIVE']);
  });

  it.each(['-5 ans', '−15'])('minimum age %s is refused', (text) => {
    expect(codes(parseWholeNumberIn(text, 'minimumAge', 'an age in years'))).toEqual([
      'minimumAge: NUMBER_NEGATIVE',
    ]);
  });

  it('a child age band going below zero is refused', () => {
    expect(codes(parseAgeBand('-5 à 12 ans', 'prices.child.ages'))).toEqual([
      'prices.child.ages: NUMBER_NEGATIVE',
    ]);
  });

  it.each(['-3 jours', '-3 days before, 18:00'])('booking cut-off %s is refused', (text) => {
    expect(codes(parseBookingCutoff(text))).toEqual(['bookingCutoff: NUMBER_NEGATIVE']);
  });

  it.each(['-8 jours / 7 nuits', '8 jours / -7 nuits', '-4 hours'])('duration %s is refused', (text) => {
    expect(codes(parseDuration(text, null))).toEqual(['duration: NUMBER_NEGATIVE']);
  });

  it('a spreadsheet number below zero in a duration column is refused', () => {
    expect(codes(parseDuration(-2, 'jours'))).toEqual(['duration: NUMBER_NEGATIVE']);
  });

  it('a departure with negative seats in brackets is refused', () => {
    expect(codes(parseDepartureCells({ cell: '16/01/2027 (-10); 30/01/2027 (10)' }))).toEqual([
      'departures.seats: NUMBER_NEGATIVE',
    ]);
  });
});

describe('dashes that are not minus signs', () => {
  it.each([
    ['2-6', { min: 2, max: 6 }],
    ['2 - 6', { min: 2, max: 6 }],
    ['2–6 personnes', { min: 2, max: 6 }],
  ])('group size %s is a range', (text, size) => {
    expect(parseGroupSize(text)).toEqual({ ok: true, value: size });
  });

  it('an age band "15–17 ans" is a range', () => {
    expect(parseAgeBand('15–17 ans', 'prices.child.ages')).toEqual({
      ok: true,
      value: { minAge: 15, maxAge: 17 },
    });
  });

  it('"J-3", the French day count before departure, is 3 days before', () => {
    expect(parseBookingCutoff('J-3')).toEqual({ ok: true, value: { daysBefore: 3 } });
  });

  it('a dash between a date and its seats is a separator', () => {
    const read = parseDepartureCells({ cell: '16/01/2027 - 8 places' });
    expect(read.ok).toBe(true);
  });
});
