import {
  MAX_EXPLICIT_DEPARTURES,
  MAX_FEE_ITEMS,
  MAX_HIGHLIGHTS,
  MAX_TRIP_DAYS,
  type TourPackage,
  tourPackageSchema,
} from '../../functions/core/catalogue/tour-model.ts';
import { dayNumber, isoDateOf } from '../../functions/core/iso-dates.ts';

/** The date the tour tests run on: a Sunday. Departures below are written against it. */
export const TOUR_TODAY = '2026-11-29';

/**
 * A valid canonical tour, clean for fliggy (no errors, no warnings): a one-day gorilla trek
 * from Musanze priced in USD, with its own zh-CN title. Overrides replace top-level fields and
 * the result is checked against the model, so a test never feeds the channel a malformed tour.
 */
export function makeTour(overrides: Partial<TourPackage> = {}): TourPackage {
  return tourPackageSchema.parse({
    producerId: 'virunga-trails',
    code: 'GOR-1D',
    names: { en: 'Mountain gorilla trek', 'zh-CN': '卢旺达火山国家公园山地大猩猩徒步一日游' },
    description: 'A habituated gorilla family in Volcanoes National Park.',
    highlights: ['One hour with a gorilla family'],
    category: 'gorilla-trekking',
    destinations: ['volcanoes-national-park'],
    start: { placeId: 'musanze', meetingPoint: 'Hotel pick-up' },
    end: { placeId: 'musanze' },
    duration: { days: 1, nights: 0 },
    itinerary: [{ day: 1, title: 'Gorilla trek', meals: { breakfast: false, lunch: true, dinner: false } }],
    inclusions: [{ text: 'Gorilla permit', kind: 'gorilla-permit' }],
    exclusions: [{ text: 'Tips', kind: 'tips' }],
    guideLanguages: ['en'],
    groupSize: { min: 1, max: 8 },
    minimumAge: 15,
    fitnessLevel: 'challenging',
    prices: { adult: { minor: 175000, currency: 'USD' } },
    departures: {
      kind: 'dates',
      dates: [
        { date: '2026-12-05', seats: 8 },
        { date: '2026-12-12', seats: 4 },
      ],
    },
    bookingCutoff: { daysBefore: 1, time: '18:00' },
    confirmation: { kind: 'instant' },
    cancellationTiers: [
      { daysBefore: 30, refundPercent: 100 },
      { daysBefore: 7, refundPercent: 50 },
    ],
    images: ['https://cdn.example.rw/gorilla.jpg'],
    ...overrides,
  });
}

/**
 * A second clean tour of the same operator: a Lake Kivu boat day from Rubavu, in USD, on one
 * date (`departures` to move it), with its own zh-CN title. No permit, no age rule to trip on.
 */
export function makeLakeTour(overrides: Partial<TourPackage> = {}): TourPackage {
  return makeTour({
    code: 'KIVU-BOAT',
    names: { en: 'Lake Kivu boat day', 'zh-CN': '卢旺达基伍湖游船一日游' },
    category: 'lake',
    destinations: ['lake-kivu'],
    start: { placeId: 'rubavu' },
    end: { placeId: 'rubavu' },
    itinerary: [
      { day: 1, title: 'Napoleon island', meals: { breakfast: false, lunch: true, dinner: false } },
    ],
    inclusions: [{ text: 'Boat and guide', kind: 'guide' }],
    minimumAge: 6,
    fitnessLevel: 'easy',
    prices: { adult: { minor: 9000, currency: 'USD' } },
    departures: { kind: 'dates', dates: [{ date: '2027-01-10', seats: 12 }] },
    ...overrides,
  });
}

/**
 * The largest tour the model admits, every list full and every text at its longest in `char`
 * (a three-byte Chinese character, or an astral one such as an emoji: two UTF-16 units, four bytes,
 * twelve once a queue message escapes it). For the size bounds of tasks and items.
 */
export function largestTour(char = '猩'): TourPackage {
  const wide = (units: number) => char.repeat(Math.floor(units / char.length));
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
