import * as z from 'zod';
import { WEEKDAYS } from '../iso-dates.ts';
import {
  httpsUrlSchema,
  isoDateSchema,
  moneySchema,
  namesSchema,
  producerIdSchema,
  skuSchema,
} from './model.ts';
import { PLACE_IDS } from './rwanda-gazetteer.ts';

/**
 * The canonical tour package: the second kind of offering, beside the product, and the one shape
 * every tour reader produces and every tour channel consumes. Like the product model it only
 * guarantees well-formed values (a real date, a season that ends after it starts, one currency);
 * what a platform accepts (a future departure, monotonic refunds, a permit for a gorilla trek)
 * is a channel rule. Times of day are Rwanda's wall clock (CAT, UTC+2, no daylight saving).
 *
 * The bounds keep the largest possible package under the AWS limits it travels through (a sync
 * task on SQS: 256 KB; a stored record: 400 KB), which a test checks on a package at every maximum.
 */

export const RWANDA_UTC_OFFSET_MINUTES = 120;

export const TOUR_CATEGORIES = [
  'gorilla-trekking',
  'chimpanzee-trekking',
  'wildlife-safari',
  'canopy-walk',
  'hiking',
  'birding',
  'lake',
  'city-and-culture',
  'multi-day-circuit',
  'other',
] as const;
export const tourCategorySchema = z.enum(TOUR_CATEGORIES);
export type TourCategory = z.infer<typeof tourCategorySchema>;

export const FITNESS_LEVELS = ['easy', 'moderate', 'challenging', 'strenuous'] as const;
export type FitnessLevel = (typeof FITNESS_LEVELS)[number];

/** ISO 639-1 codes of the languages Rwandan guides are booked in. */
export const GUIDE_LANGUAGES = [
  'en',
  'fr',
  'rw',
  'sw',
  'zh',
  'de',
  'es',
  'it',
  'pt',
  'nl',
  'ar',
  'ja',
  'ko',
  'ru',
] as const;
export type GuideLanguage = (typeof GUIDE_LANGUAGES)[number];

/**
 * What an inclusion or exclusion is, when the reader can tell. The permits are named because a
 * gorilla permit alone is a large part of a trek's price: a traveller must see whether it is in.
 */
export const FEE_ITEM_KINDS = [
  'gorilla-permit',
  'chimpanzee-permit',
  'golden-monkey-permit',
  'canopy-walk-ticket',
  'park-entry',
  'guide',
  'transport',
  'accommodation',
  'meals',
  'drinking-water',
  'airport-transfer',
  'travel-insurance',
  'visa',
  'international-flights',
  'tips',
  'personal-expenses',
] as const;
export type FeeItemKind = (typeof FEE_ITEM_KINDS)[number];
export const PERMIT_KINDS = [
  'gorilla-permit',
  'chimpanzee-permit',
  'golden-monkey-permit',
  'canopy-walk-ticket',
  'park-entry',
] as const satisfies readonly FeeItemKind[];
export type PermitKind = (typeof PERMIT_KINDS)[number];

/** Three weeks: longer than any Rwandan circuit, and what keeps the largest package under 256 KB. */
export const MAX_TRIP_DAYS = 21;
/** Two years of daily departures. */
export const MAX_EXPLICIT_DEPARTURES = 730;
export const MAX_HIGHLIGHTS = 4;
export const MAX_FEE_ITEMS = 20;

const text = (max: number) => z.string().trim().min(1).max(max);
function distinct<T>(values: readonly T[], key: (value: T) => string | number = String): boolean {
  return new Set(values.map(key)).size === values.length;
}
const count = (min: number, max: number) => z.number().int().min(min).max(max);

export const placeIdSchema = z.enum(PLACE_IDS);

export const tourPlaceSchema = z.object({
  placeId: placeIdSchema,
  /** Where exactly the group meets ("Kinigi park headquarters"), as the operator wrote it. */
  meetingPoint: text(200).optional(),
});
export type TourPlace = z.infer<typeof tourPlaceSchema>;

/** Days and nights for a trip of a day or more, or hours for a trip shorter than a day. */
export const tourDurationSchema = z.union([
  z
    .object({ days: count(1, MAX_TRIP_DAYS), nights: count(0, MAX_TRIP_DAYS) })
    .strict()
    .refine((duration) => duration.nights <= duration.days, {
      message: 'a trip cannot have more nights than days',
      path: ['nights'],
    }),
  z.object({ hours: z.number().positive().max(24) }).strict(),
]);
export type TourDuration = z.infer<typeof tourDurationSchema>;

export const itineraryDaySchema = z.object({
  day: count(1, MAX_TRIP_DAYS),
  title: text(60),
  /** At most 1,500 characters: Fliggy's limit for one day's itinerary text. */
  description: text(1500).optional(),
  meals: z.object({ breakfast: z.boolean(), lunch: z.boolean(), dinner: z.boolean() }),
  accommodation: text(120).optional(),
});
export type ItineraryDay = z.infer<typeof itineraryDaySchema>;

export const feeItemSchema = z.object({
  text: text(200),
  /** The operator's own Chinese wording, when given. */
  textZh: text(100).optional(),
  kind: z.enum(FEE_ITEM_KINDS).optional(),
});
export type FeeItem = z.infer<typeof feeItemSchema>;

export const tourPricesSchema = z
  .object({
    adult: moneySchema,
    /** A child's price and the ages it applies to (inclusive). */
    child: z
      .object({ price: moneySchema, minAge: count(0, 17), maxAge: count(0, 17) })
      .refine((child) => child.minAge <= child.maxAge, {
        message: 'the child age band ends before it starts',
        path: ['maxAge'],
      })
      .optional(),
    /** Added per person for a room alone (单房差). */
    singleSupplement: moneySchema.optional(),
  })
  .refine(
    (prices) =>
      (prices.child === undefined || prices.child.price.currency === prices.adult.currency) &&
      (prices.singleSupplement === undefined || prices.singleSupplement.currency === prices.adult.currency),
    { message: "every price of a tour is in the operator's one currency", path: ['adult', 'currency'] },
  );
export type TourPrices = z.infer<typeof tourPricesSchema>;

const seats = count(0, 10_000);

export const departuresSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('dates'),
    dates: z
      .array(z.object({ date: isoDateSchema, seats }))
      .min(1)
      .max(MAX_EXPLICIT_DEPARTURES)
      .refine((dates) => distinct(dates, (departure) => departure.date), 'a date is listed twice'),
  }),
  z
    .object({
      kind: z.literal('weekly'),
      weekdays: z
        .array(z.enum(WEEKDAYS))
        .min(1)
        .max(7)
        .refine((weekdays) => distinct(weekdays), 'a weekday is listed twice'),
      /** The season, both ends included. Any length: channels bound how far ahead they list. */
      from: isoDateSchema,
      to: isoDateSchema,
      blackouts: z.array(isoDateSchema).max(366),
      /** Seats offered on every departure of the rule. */
      seats,
    })
    .refine((rule) => rule.from <= rule.to, { message: 'the season ends before it starts', path: ['to'] }),
]);
export type Departures = z.infer<typeof departuresSchema>;

export const bookingCutoffSchema = z.object({
  /** Bookings close this many days before the departure date... */
  daysBefore: count(0, 300),
  /** ...at this time (HH:MM, Rwanda time); at the end of that day (23:59) when not given. */
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time such as 18:00')
    .optional(),
});
export type BookingCutoff = z.infer<typeof bookingCutoffSchema>;

export const confirmationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('instant') }),
  z.object({ kind: z.literal('on-request'), withinHours: count(1, 168) }),
]);
export type Confirmation = z.infer<typeof confirmationSchema>;

/** Cancelling at least `daysBefore` days before departure refunds `refundPercent` of the price. */
export const cancellationTierSchema = z.object({
  daysBefore: count(0, 365),
  refundPercent: count(0, 100),
});
export type CancellationTier = z.infer<typeof cancellationTierSchema>;

export const tourPackageSchema = z.object({
  producerId: producerIdSchema,
  /** The operator's product key: the SKU of a tour, same pattern. */
  code: skuSchema,
  names: namesSchema,
  description: z.string().max(5000).optional(),
  highlights: z.array(text(200)).max(MAX_HIGHLIGHTS),
  category: tourCategorySchema,
  destinations: z
    .array(placeIdSchema)
    .min(1)
    .max(12)
    .refine((ids) => distinct(ids), 'a destination is listed twice'),
  start: tourPlaceSchema,
  end: tourPlaceSchema,
  duration: tourDurationSchema,
  itinerary: z
    .array(itineraryDaySchema)
    .max(MAX_TRIP_DAYS)
    .refine((days) => distinct(days, (day) => day.day), 'a day is described twice'),
  inclusions: z.array(feeItemSchema).max(MAX_FEE_ITEMS),
  exclusions: z.array(feeItemSchema).max(MAX_FEE_ITEMS),
  guideLanguages: z
    .array(z.enum(GUIDE_LANGUAGES))
    .max(GUIDE_LANGUAGES.length)
    .refine((languages) => distinct(languages), 'a language is listed twice'),
  groupSize: z.object({ min: count(1, 1000), max: count(1, 1000) }),
  minimumAge: count(0, 99).optional(),
  fitnessLevel: z.enum(FITNESS_LEVELS).optional(),
  prices: tourPricesSchema,
  departures: departuresSchema,
  bookingCutoff: bookingCutoffSchema,
  confirmation: confirmationSchema,
  cancellationTiers: z
    .array(cancellationTierSchema)
    .max(10)
    .refine((tiers) => distinct(tiers, (tier) => tier.daysBefore), 'two tiers for the same number of days'),
  images: z.array(httpsUrlSchema.max(2048)).max(10),
});
export type TourPackage = z.infer<typeof tourPackageSchema>;
