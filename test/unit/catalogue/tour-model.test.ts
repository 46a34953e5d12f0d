import { describe, expect, it } from 'vitest';
import { MAX_TRIP_DAYS, tourPackageSchema } from '../../../functions/core/catalogue/tour-model.ts';
import { fliggyChannel } from '../../../functions/core/channels/fliggy/channel.ts';
import { loadConfigFxRates } from '../../support/product-factory.ts';
import { largestTour, makeTour, TOUR_TODAY } from '../../support/tour-factory.ts';
import { operatorTours, TOUR_OPERATORS } from '../../support/tour-golden.ts';

/** The paths of every issue zod reports for a candidate tour built from the clean one. */
function problems(overrides: Record<string, unknown>): string[] {
  const candidate = { ...makeTour(), ...overrides };
  const parsed = tourPackageSchema.safeParse(candidate);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
}

describe('tour package model: well-formed values only', () => {
  it('accepts the hand-written fixture tours of both operators', () => {
    for (const operator of TOUR_OPERATORS) expect(operatorTours(operator).length).toBeGreaterThan(0);
  });

  it('accepts what only a channel may refuse (an inverted group size, a zero price, a past date)', () => {
    expect(problems({ groupSize: { min: 6, max: 2 } })).toEqual([]);
    expect(problems({ prices: { adult: { minor: 0, currency: 'USD' } } })).toEqual([]);
    expect(problems({ departures: { kind: 'dates', dates: [{ date: '2020-01-01', seats: 1 }] } })).toEqual(
      [],
    );
  });

  it.each([
    ['more nights than days', { duration: { days: 2, nights: 3 } }, 'duration'],
    ['a duration in days and hours at once', { duration: { days: 1, nights: 0, hours: 4 } }, 'duration'],
    ['a trip longer than three weeks', { duration: { days: MAX_TRIP_DAYS + 1, nights: 0 } }, 'duration'],
    [
      'a season that ends before it starts',
      {
        departures: {
          kind: 'weekly',
          weekdays: ['sat'],
          from: '2027-01-10',
          to: '2027-01-01',
          blackouts: [],
          seats: 4,
        },
      },
      'departures.to',
    ],
    [
      'a date listed twice',
      {
        departures: {
          kind: 'dates',
          dates: [
            { date: '2026-12-05', seats: 2 },
            { date: '2026-12-05', seats: 3 },
          ],
        },
      },
      'departures.dates',
    ],
    [
      'a weekday listed twice',
      {
        departures: {
          kind: 'weekly',
          weekdays: ['sat', 'sat'],
          from: '2026-12-01',
          to: '2026-12-31',
          blackouts: [],
          seats: 4,
        },
      },
      'departures.weekdays',
    ],
    [
      '31 February',
      { departures: { kind: 'dates', dates: [{ date: '2027-02-31', seats: 1 }] } },
      'departures.dates.0.date',
    ],
    [
      'a child price in another currency',
      {
        prices: {
          adult: { minor: 100000, currency: 'USD' },
          child: { price: { minor: 500000, currency: 'RWF' }, minAge: 5, maxAge: 12 },
        },
      },
      'prices.adult.currency',
    ],
    [
      'an inverted child age band',
      {
        prices: {
          adult: { minor: 100000, currency: 'USD' },
          child: { price: { minor: 50000, currency: 'USD' }, minAge: 12, maxAge: 5 },
        },
      },
      'prices.child.maxAge',
    ],
    [
      'a cut-off time that is no time',
      { bookingCutoff: { daysBefore: 1, time: '24:00' } },
      'bookingCutoff.time',
    ],
    ['a place not in the gazetteer', { destinations: ['serengeti'] }, 'destinations.0'],
    ['a destination listed twice', { destinations: ['lake-kivu', 'lake-kivu'] }, 'destinations'],
    [
      'two tiers for the same day',
      {
        cancellationTiers: [
          { daysBefore: 7, refundPercent: 50 },
          { daysBefore: 7, refundPercent: 20 },
        ],
      },
      'cancellationTiers',
    ],
    [
      'a refund above 100 %',
      { cancellationTiers: [{ daysBefore: 7, refundPercent: 120 }] },
      'cancellationTiers.0.refundPercent',
    ],
    ['five highlights', { highlights: ['a', 'b', 'c', 'd', 'e'] }, 'highlights'],
    ['an http image', { images: ['http://cdn.example.rw/a.jpg'] }, 'images.0'],
    [
      'an on-request confirmation without hours',
      { confirmation: { kind: 'on-request' } },
      'confirmation.withinHours',
    ],
  ])('refuses %s', (_name, overrides, path) => {
    const paths = problems(overrides);
    expect(
      paths.some((found) => found === path || found.startsWith(`${path}.`)),
      paths.join(', '),
    ).toBe(true);
  });
});

describe('tour package model: size bounds', () => {
  it('keeps the largest tour under the SQS message limit (256 KB) and its fliggy item under 400 KB', () => {
    const tour = largestTour();
    const { item, issues } = fliggyChannel.transform(tour, { fx: loadConfigFxRates(), today: TOUR_TODAY });
    expect(issues.filter((issue) => issue.severity === 'error')).toEqual([]);
    expect(item?.calendar).toHaveLength(365);
    const tourBytes = Buffer.byteLength(JSON.stringify(tour));
    const itemBytes = Buffer.byteLength(JSON.stringify(item));
    // Printed so a change of the bounds shows what it costs.
    process.stdout.write(`largest tour ${tourBytes} bytes, its fliggy item ${itemBytes} bytes\n`);
    expect(tourBytes).toBeLessThan(240 * 1024); // room left for the task envelope around it
    expect(itemBytes).toBeLessThan(380 * 1024); // room left for the sync-state attributes
  });
});
