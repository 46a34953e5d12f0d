import { type PlaceId, placeById } from '../../catalogue/rwanda-gazetteer.ts';
import type {
  Confirmation,
  FeeItem,
  FeeItemKind,
  FitnessLevel,
  GuideLanguage,
  PermitKind,
  TourCategory,
  TourDuration,
  TourPackage,
  TourPlace,
} from '../../catalogue/tour-model.ts';
import { PERMIT_KINDS } from '../../catalogue/tour-model.ts';
import { isoDateOf } from '../../iso-dates.ts';
import type { FxRates } from '../../money.ts';
import {
  type CnyPrice,
  characterCount,
  checkChineseTitle,
  error,
  hasError,
  toCnyPrice,
  warning,
} from '../channel-helpers.ts';
import type { ChannelIssue, TourTransformContext, TransformResult } from '../contract.ts';
import { ACTIVITY_RULES } from './activity-rules.ts';
import {
  bookableUntil,
  CALENDAR_HORIZON_DAYS,
  calendarWindow,
  cutoffTimeText,
  type DepartureDay,
  departuresWithin,
} from './calendar.ts';
import {
  FEE_ITEM_KIND_ZH,
  FITNESS_LEVEL_ZH,
  GUIDE_LANGUAGE_ZH,
  MEAL_ZH,
  NO_MEALS_ZH,
  TOUR_CATEGORY_ZH,
} from './glossary-zh.ts';
import {
  FLIGGY_MAX_REFUND_RULES,
  firstNonMonotonicTier,
  type RefundRule,
  refundRules,
} from './refund-rules.ts';
import { FLIGGY_TITLE_MAX_CHARACTERS, type TourTitle, tourTitle } from './tour-title.ts';

export const FLIGGY_ERROR_CODES = [
  'TITLE_TOO_LONG',
  'GROUP_SIZE_INVERTED',
  'ITINERARY_LONGER_THAN_TRIP',
  'MINIMUM_AGE_TOO_LOW',
  'PERMIT_NOT_STATED',
  'PERMIT_CONTRADICTORY',
  'CONFIRMATION_TOO_SLOW',
  'CANCELLATION_TIERS_NOT_MONOTONIC',
  'CANCELLATION_TIERS_TOO_MANY',
  'PRICE_NOT_POSITIVE',
  'PRICE_OUT_OF_RANGE',
  'FX_RATE_MISSING',
  'DEPARTURES_NONE_FUTURE',
  'IMAGES_MISSING',
] as const;
export const FLIGGY_WARNING_CODES = [
  'TITLE_COMPOSED',
  'CHILD_PRICE_ABOVE_ADULT',
  'CALENDAR_TRUNCATED',
  'SUBTITLE_TOO_LONG',
  'IMAGES_TRUNCATED',
] as const;

/** pic_urls: at most 5, the first is the main image. */
export const FLIGGY_MAX_IMAGES = 5;
/** sub_titles: each highlight at most 35 characters. */
export const FLIGGY_SUBTITLE_MAX_CHARACTERS = 35;
/** confirm_time 1 to 4: confirmed within 2, 6, 9 or 18 working hours (18 only for overseas tours). */
export const FLIGGY_CONFIRM_WITHIN_HOURS = [2, 6, 9, 18] as const;

export interface FliggyPlace {
  placeId: PlaceId;
  name: string;
  nameZh: string;
}

export interface FliggyEndpoint extends FliggyPlace {
  meetingPoint: string | null;
  /** The town the place is reached from: Fliggy's departure city (from_locations) for the start. */
  city: FliggyPlace;
}

export interface FliggyFeeLine {
  text: string;
  /** The operator's Chinese text, else the glossary term of its kind, else null. */
  textZh: string | null;
  kind: FeeItemKind | null;
}

export interface FliggyConfirmation {
  type: 'instant' | 'on-request';
  /** confirm_type: 1 instant, 2 confirmed by the operator after booking. */
  confirmType: 1 | 2;
  /** What the operator promised; null when instant. */
  withinHours: number | null;
  /** confirm_time: the smallest Fliggy window that holds the promise; null when instant. */
  confirmTime: 1 | 2 | 3 | 4 | null;
}

/** One departure of the price calendar: prices in CNY fen, per person. */
export interface FliggyCalendarDate {
  date: string;
  /** When bookings for this date close (UTC); the renderer drops the date once generatedAt reaches it. */
  bookableUntil: string;
  seats: number;
  adult: number;
  child: number | null;
  singleRoom: number | null;
}

export interface FliggyItem {
  outProductId: string;
  tourType: 'day-tour' | 'multi-day-tour';
  title: string;
  titleComposed: boolean;
  titleEn: string | null;
  subTitles: string[];
  description: string | null;
  category: { code: TourCategory; nameZh: string };
  start: FliggyEndpoint;
  end: FliggyEndpoint;
  destinations: FliggyPlace[];
  tripDays: number;
  tripNights: number;
  durationHours: number | null;
  itinerary: Array<{
    dayOrder: number;
    title: string;
    description: string | null;
    meals: { breakfast: boolean; lunch: boolean; dinner: boolean };
    mealsZh: string;
    accommodation: string | null;
  }>;
  feeInclude: FliggyFeeLine[];
  feeExclude: FliggyFeeLine[];
  permits: Array<{ kind: PermitKind; nameZh: string; included: boolean }>;
  guideLanguages: Array<{ code: GuideLanguage; nameZh: string }>;
  groupSize: { min: number; max: number };
  minimumAge: number | null;
  fitnessLevel: { level: FitnessLevel; nameZh: string } | null;
  booking: { cutoffDaysBefore: number; cutoffTime: string; reserveLimit: string };
  confirmation: FliggyConfirmation;
  refundRules: RefundRule[];
  images: string[];
  prices: {
    adult: CnyPrice;
    child: { price: CnyPrice; minAge: number; maxAge: number } | null;
    singleSupplement: CnyPrice | null;
  };
  calendar: FliggyCalendarDate[];
}

type CnyTourPrices = FliggyItem['prices'];

export function transformFliggy(
  tour: TourPackage,
  context: TourTransformContext,
): TransformResult<FliggyItem> {
  const issues: ChannelIssue[] = [];
  const title = tourTitle(tour);
  checkChineseTitle(title, FLIGGY_TITLE_MAX_CHARACTERS, 'Fliggy', issues);
  const trip = tripLength(tour.duration);
  if (tour.groupSize.max < tour.groupSize.min) {
    issues.push(
      error(
        'GROUP_SIZE_INVERTED',
        'groupSize.max',
        `the group maximum (${tour.groupSize.max}) is under its minimum (${tour.groupSize.min})`,
      ),
    );
  }
  checkItinerary(tour, trip.days, issues);
  checkActivityRules(tour, issues);
  checkPermitsUnambiguous(tour, issues);
  const confirmation = fliggyConfirmation(tour.confirmation, issues);
  checkCancellationTiers(tour, issues);
  const prices = cnyPrices(tour, context.fx, issues);
  const departures = bookableDepartures(tour, context.today, issues);
  const images = checkedImages(tour.images, issues);
  const subTitles = subTitlesOf(tour.highlights, issues);
  if (prices === null || confirmation === null || hasError(issues)) return { item: null, issues };
  return {
    item: buildItem(tour, { title, trip, confirmation, prices, departures, images, subTitles }),
    issues,
  };
}

interface TripLength {
  days: number;
  nights: number;
  hours: number | null;
}

/** A trip given in hours is a one-day trip without a night. */
function tripLength(duration: TourDuration): TripLength {
  return 'days' in duration
    ? { days: duration.days, nights: duration.nights, hours: null }
    : { days: 1, nights: 0, hours: duration.hours };
}

function checkItinerary(tour: TourPackage, tripDays: number, issues: ChannelIssue[]): void {
  let lastDay = 0;
  for (const day of tour.itinerary) lastDay = Math.max(lastDay, day.day);
  if (lastDay > tripDays) {
    issues.push(
      error(
        'ITINERARY_LONGER_THAN_TRIP',
        'itinerary',
        `the itinerary describes day ${lastDay} of a ${tripDays}-day trip`,
      ),
    );
  }
}

/** "gorilla permit", "canopy walk ticket": the kind as words, for messages. */
function permitName(permit: PermitKind): string {
  return permit.replaceAll('-', ' ');
}

function permitStatement(tour: TourPackage, permit: PermitKind): { included: boolean; excluded: boolean } {
  return {
    included: tour.inclusions.some((fee) => fee.kind === permit),
    excluded: tour.exclusions.some((fee) => fee.kind === permit),
  };
}

function checkActivityRules(tour: TourPackage, issues: ChannelIssue[]): void {
  for (const [category, rule] of ACTIVITY_RULES) {
    const { included, excluded } = permitStatement(tour, rule.permit);
    if (tour.category !== category && !included && !excluded) continue;
    if (tour.minimumAge === undefined || tour.minimumAge < rule.minimumAge) {
      issues.push(
        error(
          'MINIMUM_AGE_TOO_LOW',
          'minimumAge',
          `${rule.activity} is only for travellers aged ${rule.minimumAge} or more; the minimum age is ${tour.minimumAge ?? 'not given'}`,
        ),
      );
    }
    if (!included && !excluded) {
      issues.push(
        error(
          'PERMIT_NOT_STATED',
          'inclusions',
          `say whether the ${permitName(rule.permit)} is included: list it under inclusions or exclusions`,
        ),
      );
    }
  }
}

/** A permit is either in the price or not: listed on both sides, the traveller cannot tell. */
function checkPermitsUnambiguous(tour: TourPackage, issues: ChannelIssue[]): void {
  for (const permit of PERMIT_KINDS) {
    const { included, excluded } = permitStatement(tour, permit);
    if (included && excluded) {
      issues.push(
        error(
          'PERMIT_CONTRADICTORY',
          'exclusions',
          `the ${permitName(permit)} is listed both as included and as excluded`,
        ),
      );
    }
  }
}

function fliggyConfirmation(confirmation: Confirmation, issues: ChannelIssue[]): FliggyConfirmation | null {
  if (confirmation.kind === 'instant') {
    return { type: 'instant', confirmType: 1, withinHours: null, confirmTime: null };
  }
  const window = FLIGGY_CONFIRM_WITHIN_HOURS.findIndex((hours) => confirmation.withinHours <= hours);
  if (window === -1) {
    issues.push(
      error(
        'CONFIRMATION_TOO_SLOW',
        'confirmation.withinHours',
        `confirmation within ${confirmation.withinHours} hours; Fliggy needs overseas tours confirmed within ${FLIGGY_CONFIRM_WITHIN_HOURS.at(-1)} hours`,
      ),
    );
    return null;
  }
  return {
    type: 'on-request',
    confirmType: 2,
    withinHours: confirmation.withinHours,
    confirmTime: (window + 1) as 1 | 2 | 3 | 4,
  };
}

function checkCancellationTiers(tour: TourPackage, issues: ChannelIssue[]): void {
  const inversion = firstNonMonotonicTier(tour.cancellationTiers);
  if (inversion !== null) {
    issues.push(
      error(
        'CANCELLATION_TIERS_NOT_MONOTONIC',
        'cancellationTiers',
        `cancelling ${inversion.later.daysBefore} days before refunds ${inversion.later.refundPercent} %, more than the ${inversion.earlier.refundPercent} % of cancelling ${inversion.earlier.daysBefore} days before`,
      ),
    );
  }
  const ranges = refundRules(tour.cancellationTiers).length;
  if (ranges > FLIGGY_MAX_REFUND_RULES) {
    issues.push(
      error(
        'CANCELLATION_TIERS_TOO_MANY',
        'cancellationTiers',
        `the tiers make ${ranges} refund ranges; Fliggy takes at most ${FLIGGY_MAX_REFUND_RULES}`,
      ),
    );
  }
}

function cnyPrices(tour: TourPackage, fx: FxRates, issues: ChannelIssue[]): CnyTourPrices | null {
  const { adult, child, singleSupplement } = tour.prices;
  const adultCny = toCnyPrice(adult, fx, 'prices.adult', issues);
  const childCny = child === undefined ? null : toCnyPrice(child.price, fx, 'prices.child.price', issues);
  const singleCny =
    singleSupplement === undefined
      ? null
      : toCnyPrice(singleSupplement, fx, 'prices.singleSupplement', issues);
  // One currency per tour (the model's rule), so the operator's own amounts compare directly.
  if (child !== undefined && child.price.minor > adult.minor) {
    issues.push(
      warning(
        'CHILD_PRICE_ABOVE_ADULT',
        'prices.child.price',
        'the child price is above the adult price: check the two are not swapped',
      ),
    );
  }
  if (adultCny === null || (child !== undefined && childCny === null)) return null;
  if (singleSupplement !== undefined && singleCny === null) return null;
  return {
    adult: adultCny,
    child:
      child === undefined || childCny === null
        ? null
        : { price: childCny, minAge: child.minAge, maxAge: child.maxAge },
    singleSupplement: singleCny,
  };
}

/** Every departure still bookable on `today`, within the horizon; none left is an error. */
function bookableDepartures(tour: TourPackage, today: string, issues: ChannelIssue[]): DepartureDay[] {
  const window = calendarWindow(today, tour.bookingCutoff);
  const { departures, continuesAfter } = departuresWithin(tour.departures, window);
  const horizonEnd = isoDateOf(window.lastDay);
  if (departures.length === 0) {
    issues.push(
      error(
        'DEPARTURES_NONE_FUTURE',
        'departures',
        continuesAfter
          ? `no departure can be booked before ${horizonEnd}: Fliggy lists departures up to ${CALENDAR_HORIZON_DAYS} days ahead`
          : `no departure can still be booked on ${today} (after the ${tour.bookingCutoff.daysBefore}-day booking cut-off)`,
      ),
    );
  } else if (continuesAfter) {
    issues.push(
      warning(
        'CALENDAR_TRUNCATED',
        'departures',
        `departures after ${horizonEnd} are not listed yet: the calendar reaches ${CALENDAR_HORIZON_DAYS} days ahead`,
      ),
    );
  }
  return departures;
}

function checkedImages(images: readonly string[], issues: ChannelIssue[]): string[] {
  if (images.length === 0) {
    issues.push(
      error('IMAGES_MISSING', 'images', 'Fliggy needs at least one image (the first is the main image)'),
    );
  } else if (images.length > FLIGGY_MAX_IMAGES) {
    issues.push(
      warning(
        'IMAGES_TRUNCATED',
        'images',
        `${images.length} images; Fliggy shows the first ${FLIGGY_MAX_IMAGES}, the others are left out`,
      ),
    );
  }
  return images.slice(0, FLIGGY_MAX_IMAGES);
}

function subTitlesOf(highlights: readonly string[], issues: ChannelIssue[]): string[] {
  const subTitles: string[] = [];
  highlights.forEach((highlight, index) => {
    const length = characterCount(highlight);
    if (length <= FLIGGY_SUBTITLE_MAX_CHARACTERS) subTitles.push(highlight);
    else {
      issues.push(
        warning(
          'SUBTITLE_TOO_LONG',
          `highlights.${index}`,
          `highlight ${index + 1} has ${length} characters; Fliggy sub-titles hold ${FLIGGY_SUBTITLE_MAX_CHARACTERS}, so it is left out`,
        ),
      );
    }
  });
  return subTitles;
}

interface Checked {
  title: TourTitle;
  trip: TripLength;
  confirmation: FliggyConfirmation;
  prices: CnyTourPrices;
  departures: DepartureDay[];
  images: string[];
  subTitles: string[];
}

function buildItem(tour: TourPackage, checked: Checked): FliggyItem {
  const { title, trip, prices } = checked;
  const cutoff = tour.bookingCutoff;
  const cutoffTime = cutoffTimeText(cutoff);
  return {
    outProductId: tour.code,
    tourType: trip.days === 1 ? 'day-tour' : 'multi-day-tour',
    title: title.text,
    titleComposed: title.composed,
    titleEn: tour.names.en ?? null,
    subTitles: checked.subTitles,
    description: tour.description ?? null,
    category: { code: tour.category, nameZh: TOUR_CATEGORY_ZH[tour.category] },
    start: endpoint(tour.start),
    end: endpoint(tour.end),
    destinations: tour.destinations.map(place),
    tripDays: trip.days,
    tripNights: trip.nights,
    durationHours: trip.hours,
    itinerary: [...tour.itinerary]
      .sort((a, b) => a.day - b.day)
      .map((day) => ({
        dayOrder: day.day,
        title: day.title,
        description: day.description ?? null,
        meals: { breakfast: day.meals.breakfast, lunch: day.meals.lunch, dinner: day.meals.dinner },
        mealsZh: mealsZh(day.meals),
        accommodation: day.accommodation ?? null,
      })),
    feeInclude: tour.inclusions.map(feeLine),
    feeExclude: tour.exclusions.map(feeLine),
    permits: permitsOf(tour),
    guideLanguages: tour.guideLanguages.map((code) => ({ code, nameZh: GUIDE_LANGUAGE_ZH[code] })),
    groupSize: { min: tour.groupSize.min, max: tour.groupSize.max },
    minimumAge: tour.minimumAge ?? null,
    fitnessLevel:
      tour.fitnessLevel === undefined
        ? null
        : { level: tour.fitnessLevel, nameZh: FITNESS_LEVEL_ZH[tour.fitnessLevel] },
    booking: {
      cutoffDaysBefore: cutoff.daysBefore,
      cutoffTime,
      reserveLimit: `${cutoff.daysBefore}_${cutoffTime.replace(':', '_')}`,
    },
    confirmation: checked.confirmation,
    refundRules: refundRules(tour.cancellationTiers),
    images: checked.images,
    prices,
    calendar: checked.departures.map((departure) => ({
      date: isoDateOf(departure.day),
      bookableUntil: bookableUntil(departure.day, cutoff),
      seats: departure.seats,
      adult: prices.adult.minor,
      child: prices.child === null ? null : prices.child.price.minor,
      singleRoom: prices.singleSupplement === null ? null : prices.singleSupplement.minor,
    })),
  };
}

function place(id: PlaceId): FliggyPlace {
  const entry = placeById(id);
  return { placeId: id, name: entry.name, nameZh: entry.nameZh };
}

function endpoint(where: TourPlace): FliggyEndpoint {
  const entry = placeById(where.placeId);
  return {
    ...place(where.placeId),
    meetingPoint: where.meetingPoint ?? null,
    city: place(entry.gatewayTown),
  };
}

function feeLine(fee: FeeItem): FliggyFeeLine {
  return {
    text: fee.text,
    textZh: fee.textZh ?? (fee.kind === undefined ? null : FEE_ITEM_KIND_ZH[fee.kind]),
    kind: fee.kind ?? null,
  };
}

function permitsOf(tour: TourPackage): FliggyItem['permits'] {
  const permits: FliggyItem['permits'] = [];
  for (const kind of PERMIT_KINDS) {
    const { included, excluded } = permitStatement(tour, kind);
    if (included || excluded) permits.push({ kind, nameZh: FEE_ITEM_KIND_ZH[kind], included });
  }
  return permits;
}

function mealsZh(meals: TourPackage['itinerary'][number]['meals']): string {
  const names = (Object.keys(MEAL_ZH) as Array<keyof typeof MEAL_ZH>)
    .filter((meal) => meals[meal])
    .map((meal) => MEAL_ZH[meal]);
  return names.length === 0 ? NO_MEALS_ZH : `含${names.join('、')}`;
}
