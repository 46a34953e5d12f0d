import { describe, expect, it } from 'vitest';
import {
  MAX_EXPLICIT_DEPARTURES,
  MAX_FEE_ITEMS,
  MAX_HIGHLIGHTS,
  MAX_TRIP_DAYS,
  type TourPackage,
  tourPackageSchema,
} from '../../../functions/core/catalogue/tour-model.ts';
import { fliggyChannel } from '../../../functions/core/channels/fliggy/channel.ts';
import { dayNumber, isoDateOf } from '../../../functions/core/iso-dates.ts';
import { loadConfigFxRates } from '../../support/product-factory.ts';
import { makeTour, TOUR_TODAY } from '../../support/tour-factory.ts';
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
  /** A character that costs three bytes in UTF-8, the most any BMP character costs. */
  const wide = (length: number) => '猩'.repeat(length);

  /** Every list full and every text at its longest: the largest tour the model admits. */
  function largestTour(): TourPackage {
    const days = Array.from({ length: MAX_TRIP_DAYS }, (_, index) => ({
      day: index + 1,
      title: wide(60),
      description: wide(1500),
      meals: { breakfast: true, lunch: true, dinner: true },
      accommodation: wide(120),
    }));
    const fees = Array.from({ length: MAX_FEE_ITEMS }, () => ({
      text: wide(200),
      textZh: wide(100),
      kind: 'personal-expenses' as const,
    }));
    const firstDay = dayNumber(TOUR_TODAY);
    return makeTour({
      code: `T${'9'.repeat(63)}`,
      names: { en: wide(200), fr: wide(200), rw: wide(200), 'zh-CN': wide(30) },
      description: wide(5000),
      highlights: Array.from({ length: MAX_HIGHLIGHTS }, () => wide(35)),
      destinations: [
        'volcanoes-national-park',
        'nyungwe-national-park',
        'akagera-national-park',
        'gishwati-mukura-national-park',
        'lake-kivu',
        'lake-burera',
        'lake-ruhondo',
        'lake-muhazi',
        'lake-ihema',
        'kigali',
        'musanze',
        'rubavu',
      ],
      start: { placeId: 'kigali', meetingPoint: wide(200) },
      end: { placeId: 'kigali', meetingPoint: wide(200) },
      duration: { days: MAX_TRIP_DAYS, nights: MAX_TRIP_DAYS - 1 },
      itinerary: days,
      inclusions: [{ text: wide(200), kind: 'gorilla-permit' }, ...fees.slice(1)],
      exclusions: fees,
      guideLanguages: ['en', 'fr', 'rw', 'sw', 'zh', 'de', 'es', 'it', 'pt', 'nl', 'ar', 'ja', 'ko', 'ru'],
      prices: {
        adult: { minor: 999999999, currency: 'USD' },
        child: { price: { minor: 999999998, currency: 'USD' }, minAge: 0, maxAge: 17 },
        singleSupplement: { minor: 999999997, currency: 'USD' },
      },
      departures: {
        kind: 'dates',
        dates: Array.from({ length: MAX_EXPLICIT_DEPARTURES }, (_, index) => ({
          date: isoDateOf(firstDay + index),
          seats: 10_000,
        })),
      },
      bookingCutoff: { daysBefore: 0, time: '23:30' },
      confirmation: { kind: 'on-request', withinHours: 18 },
      images: Array.from({ length: 10 }, (_, index) => `https://cdn.example.rw/${index}/${'a'.repeat(2020)}`),
    });
  }

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
