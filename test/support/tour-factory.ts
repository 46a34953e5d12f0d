import { type TourPackage, tourPackageSchema } from '../../functions/core/catalogue/tour-model.ts';

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
