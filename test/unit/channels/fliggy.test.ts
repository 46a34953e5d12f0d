import { describe, expect, it } from 'vitest';
import { PLACE_IDS } from '../../../functions/core/catalogue/rwanda-gazetteer.ts';
import { TOUR_CATEGORIES, type TourPackage } from '../../../functions/core/catalogue/tour-model.ts';
import { characterCount } from '../../../functions/core/channels/channel-helpers.ts';
import type { ChannelIssue } from '../../../functions/core/channels/contract.ts';
import { fliggyChannel } from '../../../functions/core/channels/fliggy/channel.ts';
import {
  FLIGGY_TITLE_MAX_CHARACTERS,
  tourTitle,
} from '../../../functions/core/channels/fliggy/tour-title.ts';
import type { FliggyItem } from '../../../functions/core/channels/fliggy/transform.ts';
import { loadFxRates } from '../../../functions/core/money.ts';
import { loadConfigFxRates } from '../../support/product-factory.ts';
import { fliggyValidators } from '../../support/schema-validators.ts';
import { makeTour, TOUR_TODAY } from '../../support/tour-factory.ts';

const fx = loadConfigFxRates();
const context = { fx, today: TOUR_TODAY };
const validators = fliggyValidators();

const transform = (tour: TourPackage) => fliggyChannel.transform(tour, context);
const codes = (issues: ChannelIssue[]) =>
  issues.map((issue) => `${issue.severity}:${issue.code}@${issue.field}`);
const findings = (tour: TourPackage) => codes(transform(tour).issues);

function accepted(tour: TourPackage): FliggyItem {
  const { item, issues } = transform(tour);
  if (item === null) throw new Error(`rejected: ${codes(issues).join(', ')}`);
  expect(validators.item(item)).toEqual([]);
  return item;
}

const gorillaPermit = { text: 'Gorilla permit', kind: 'gorilla-permit' } as const;

describe('fliggy transform: a clean tour', () => {
  it('accepts the clean gorilla trek with no findings', () => {
    const { item, issues } = transform(makeTour());
    expect(issues).toEqual([]);
    expect(validators.item(item)).toEqual([]);
  });

  it('builds the item field by field (a one-day gorilla trek in USD)', () => {
    expect(accepted(makeTour())).toEqual({
      outProductId: 'GOR-1D',
      tourType: 'day-tour',
      title: '卢旺达火山国家公园山地大猩猩徒步一日游',
      titleComposed: false,
      titleEn: 'Mountain gorilla trek',
      subTitles: ['One hour with a gorilla family'],
      description: 'A habituated gorilla family in Volcanoes National Park.',
      category: { code: 'gorilla-trekking', nameZh: '山地大猩猩徒步' },
      start: {
        placeId: 'musanze',
        name: 'Musanze',
        nameZh: '穆桑泽',
        meetingPoint: 'Hotel pick-up',
        city: { placeId: 'musanze', name: 'Musanze', nameZh: '穆桑泽' },
      },
      end: {
        placeId: 'musanze',
        name: 'Musanze',
        nameZh: '穆桑泽',
        meetingPoint: null,
        city: { placeId: 'musanze', name: 'Musanze', nameZh: '穆桑泽' },
      },
      destinations: [
        { placeId: 'volcanoes-national-park', name: 'Volcanoes National Park', nameZh: '火山国家公园' },
      ],
      tripDays: 1,
      tripNights: 0,
      durationHours: null,
      itinerary: [
        {
          dayOrder: 1,
          title: 'Gorilla trek',
          description: null,
          meals: { breakfast: false, lunch: true, dinner: false },
          mealsZh: '含午餐',
          accommodation: null,
        },
      ],
      feeInclude: [{ text: 'Gorilla permit', textZh: '山地大猩猩徒步许可证', kind: 'gorilla-permit' }],
      feeExclude: [{ text: 'Tips', textZh: '小费', kind: 'tips' }],
      permits: [{ kind: 'gorilla-permit', nameZh: '山地大猩猩徒步许可证', included: true }],
      guideLanguages: [{ code: 'en', nameZh: '英语' }],
      groupSize: { min: 1, max: 8 },
      minimumAge: 15,
      fitnessLevel: { level: 'challenging', nameZh: '体力要求较高' },
      booking: { cutoffDaysBefore: 1, cutoffTime: '18:00', reserveLimit: '1_18_00' },
      confirmation: { type: 'instant', confirmType: 1, withinHours: null, confirmTime: null },
      refundRules: [
        {
          minDaysBefore: 30,
          maxDaysBefore: null,
          refundPercent: 100,
          penaltyPercent: 0,
          textZh: '出行前30天及以上取消，全额退款',
        },
        {
          minDaysBefore: 7,
          maxDaysBefore: 29,
          refundPercent: 50,
          penaltyPercent: 50,
          textZh: '出行前7至29天取消，退还50%费用',
        },
        {
          minDaysBefore: 0,
          maxDaysBefore: 6,
          refundPercent: 0,
          penaltyPercent: 100,
          textZh: '出行前6天内（含出行当天）取消，不予退款',
        },
      ],
      images: ['https://cdn.example.rw/gorilla.jpg'],
      prices: {
        // 1,750.00 USD x 7.1050 = 12,433.75 CNY exactly
        adult: {
          minor: 1243375,
          currency: 'CNY',
          formatted: '12433.75',
          fx: { from: 'USD', to: 'CNY', rate: '7.1050', date: '2026-11-27', source: 'PBoC central parity' },
          original: { minor: 175000, currency: 'USD' },
        },
        child: null,
        singleSupplement: null,
      },
      calendar: [
        // booking closes the day before at 18:00 in Kigali, 16:00 UTC
        {
          date: '2026-12-05',
          bookableUntil: '2026-12-04T16:00:00Z',
          seats: 8,
          adult: 1243375,
          child: null,
          singleRoom: null,
        },
        {
          date: '2026-12-12',
          bookableUntil: '2026-12-11T16:00:00Z',
          seats: 4,
          adult: 1243375,
          child: null,
          singleRoom: null,
        },
      ],
    });
  });

  it('sorts the itinerary by day and says which meals are included in Chinese', () => {
    const item = accepted(
      makeTour({
        category: 'multi-day-circuit',
        duration: { days: 3, nights: 2 },
        itinerary: [
          { day: 3, title: 'Back to Kigali', meals: { breakfast: true, lunch: false, dinner: false } },
          {
            day: 1,
            title: 'To Musanze',
            meals: { breakfast: false, lunch: false, dinner: false },
            accommodation: 'Lodge',
          },
          {
            day: 2,
            title: 'Trek',
            meals: { breakfast: true, lunch: true, dinner: true },
            accommodation: 'Lodge',
          },
        ],
      }),
    );
    expect(item.tourType).toBe('multi-day-tour');
    expect(item.itinerary.map((day) => [day.dayOrder, day.mealsZh])).toEqual([
      [1, '不含餐'],
      [2, '含早餐、午餐、晚餐'],
      [3, '含早餐'],
    ]);
  });

  it('takes the departure city from the gateway town of a start place that is not a town', () => {
    const item = accepted(
      makeTour({ start: { placeId: 'volcanoes-national-park', meetingPoint: 'Kinigi' } }),
    );
    expect(item.start.nameZh).toBe('火山国家公园');
    expect(item.start.city).toEqual({ placeId: 'musanze', name: 'Musanze', nameZh: '穆桑泽' });
  });

  it('treats a trip given in hours as one day without a night', () => {
    const item = accepted(
      makeTour({
        category: 'city-and-culture',
        duration: { hours: 4 },
        minimumAge: undefined,
        inclusions: [],
      }),
    );
    expect([item.tripDays, item.tripNights, item.durationHours]).toEqual([1, 0, 4]);
  });
});

describe('fliggy price calendar, to the fen (rates of config/fx-rates.json)', () => {
  it('converts adult, child and single-room prices in USD once, and repeats them on every date', () => {
    const item = accepted(
      makeTour({
        category: 'multi-day-circuit',
        duration: { days: 8, nights: 7 },
        prices: {
          adult: { minor: 489500, currency: 'USD' }, // 4,895.00 x 7.1050 = 34,778.975 -> 34,778.98 (half up)
          child: { price: { minor: 439500, currency: 'USD' }, minAge: 15, maxAge: 17 }, // 31,226.475 -> 31,226.48
          singleSupplement: { minor: 65000, currency: 'USD' }, // 650.00 x 7.1050 = 4,618.25
        },
      }),
    );
    expect([
      item.prices.adult.minor,
      item.prices.child?.price.minor,
      item.prices.singleSupplement?.minor,
    ]).toEqual([3477898, 3122648, 461825]);
    expect(item.prices.child).toMatchObject({ minAge: 15, maxAge: 17 });
    for (const date of item.calendar) {
      expect([date.adult, date.child, date.singleRoom]).toEqual([3477898, 3122648, 461825]);
    }
  });

  it('rounds half up from RWF, which has no minor unit', () => {
    const item = accepted(
      makeTour({
        prices: {
          adult: { minor: 45000, currency: 'RWF' }, // 45,000 x 0.004895 = 220.275 CNY = 22,027.5 fen -> 22,028
          child: { price: { minor: 22500, currency: 'RWF' }, minAge: 5, maxAge: 12 }, // 110.1375 -> 11,014 fen
        },
      }),
    );
    expect(item.prices.adult).toMatchObject({
      minor: 22028,
      formatted: '220.28',
      original: { minor: 45000, currency: 'RWF' },
    });
    expect(item.prices.adult.fx?.source).toBe('BNR reference rate');
    expect(item.calendar[0]).toMatchObject({ adult: 22028, child: 11014, singleRoom: null });
  });

  it('converts EUR, and keeps CNY as given with no rate', () => {
    // 1,234.56 EUR x 7.7180 = 9,528.33408 CNY -> 952,833 fen
    expect(
      accepted(makeTour({ prices: { adult: { minor: 123456, currency: 'EUR' } } })).prices.adult.minor,
    ).toBe(952833);
    const cny = accepted(makeTour({ prices: { adult: { minor: 980000, currency: 'CNY' } } })).prices.adult;
    expect(cny).toMatchObject({ minor: 980000, fx: null });
  });

  it('lists seats as given, a sold-out date with 0', () => {
    const item = accepted(
      makeTour({
        departures: {
          kind: 'dates',
          dates: [
            { date: '2026-12-05', seats: 0 },
            { date: '2026-12-06', seats: 3 },
          ],
        },
      }),
    );
    expect(item.calendar.map((date) => [date.date, date.seats])).toEqual([
      ['2026-12-05', 0],
      ['2026-12-06', 3],
    ]);
  });
});

describe('fliggy rules', () => {
  describe('departures', () => {
    it('rejects a tour with no future departure left (DEPARTURES_NONE_FUTURE)', () => {
      const past = makeTour({ departures: { kind: 'dates', dates: [{ date: '2026-11-28', seats: 4 }] } });
      expect(findings(past)).toEqual(['error:DEPARTURES_NONE_FUTURE@departures']);
      expect(transform(past).item).toBeNull();
    });

    it('leaves out a departure already past or inside the booking cut-off, keeping those after', () => {
      const tour = makeTour({
        bookingCutoff: { daysBefore: 2, time: '18:00' },
        departures: {
          kind: 'dates',
          dates: [
            { date: '2026-11-28', seats: 1 }, // past
            { date: '2026-11-29', seats: 1 }, // today, inside the 2-day cut-off
            { date: '2026-11-30', seats: 1 }, // bookings closed yesterday
            { date: '2026-12-01', seats: 1 }, // bookings close today at 18:00: still listed
          ],
        },
      });
      expect(accepted(tour).calendar.map((date) => [date.date, date.bookableUntil])).toEqual([
        ['2026-12-01', '2026-11-29T16:00:00Z'],
      ]);
    });

    it('rejects a tour whose only departures are inside the cut-off', () => {
      const tour = makeTour({
        bookingCutoff: { daysBefore: 14 },
        departures: { kind: 'dates', dates: [{ date: '2026-12-05', seats: 6 }] },
      });
      expect(findings(tour)).toEqual(['error:DEPARTURES_NONE_FUTURE@departures']);
    });

    it('rejects a weekly rule whose every date is blacked out', () => {
      const tour = makeTour({
        departures: {
          kind: 'weekly',
          weekdays: ['sat'],
          from: '2026-12-01',
          to: '2026-12-13',
          blackouts: ['2026-12-05', '2026-12-12'],
          seats: 4,
        },
      });
      expect(findings(tour)).toEqual(['error:DEPARTURES_NONE_FUTURE@departures']);
    });

    it('says when the only departures are beyond the 365-day horizon', () => {
      const tour = makeTour({ departures: { kind: 'dates', dates: [{ date: '2028-01-08', seats: 4 }] } });
      const issue = transform(tour).issues[0];
      expect(issue).toMatchObject({ code: 'DEPARTURES_NONE_FUTURE', severity: 'error' });
      expect(issue?.message).toContain('365 days ahead');
    });

    it('warns that a long season is listed 365 days ahead only (CALENDAR_TRUNCATED)', () => {
      const tour = makeTour({
        bookingCutoff: { daysBefore: 0 },
        departures: {
          kind: 'weekly',
          weekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
          from: '2026-01-01',
          to: '2030-12-31',
          blackouts: [],
          seats: 9,
        },
      });
      const { item, issues } = transform(tour);
      expect(codes(issues)).toEqual(['warning:CALENDAR_TRUNCATED@departures']);
      expect(item?.calendar).toHaveLength(365);
      expect(item?.calendar[0]?.date).toBe('2026-11-29');
      expect(item?.calendar.at(-1)?.date).toBe('2027-11-28');
    });

    it('expands a weekly rule over its season, minus blackouts', () => {
      const tour = makeTour({
        bookingCutoff: { daysBefore: 0 },
        departures: {
          kind: 'weekly',
          weekdays: ['wed', 'sat'],
          from: '2026-12-01',
          to: '2026-12-20',
          blackouts: ['2026-12-09', '2026-12-25'],
          seats: 5,
        },
      });
      // Wednesdays 2, 9 (blacked out), 16; Saturdays 5, 12, 19 of December 2026
      expect(accepted(tour).calendar.map((date) => date.date)).toEqual([
        '2026-12-02',
        '2026-12-05',
        '2026-12-12',
        '2026-12-16',
        '2026-12-19',
      ]);
    });
  });

  it('rejects a group maximum under its minimum (GROUP_SIZE_INVERTED), and accepts them equal', () => {
    expect(findings(makeTour({ groupSize: { min: 6, max: 4 } }))).toEqual([
      'error:GROUP_SIZE_INVERTED@groupSize.max',
    ]);
    expect(findings(makeTour({ groupSize: { min: 4, max: 4 } }))).toEqual([]);
  });

  it.each([
    ['prices.adult', { adult: { minor: 0, currency: 'USD' } }],
    [
      'prices.child.price',
      {
        adult: { minor: 100000, currency: 'USD' },
        child: { price: { minor: 0, currency: 'USD' }, minAge: 15, maxAge: 17 },
      },
    ],
    [
      'prices.singleSupplement',
      { adult: { minor: 100000, currency: 'USD' }, singleSupplement: { minor: 0, currency: 'USD' } },
    ],
    // 1 RWF is 0.004895 CNY: 0 fen after conversion
    ['prices.adult', { adult: { minor: 1, currency: 'RWF' } }],
  ] as const)('rejects a price of zero at %s (PRICE_NOT_POSITIVE)', (field, prices) => {
    expect(findings(makeTour({ prices }))).toEqual([`error:PRICE_NOT_POSITIVE@${field}`]);
  });

  it('rejects a price in a currency the rates table lacks (FX_RATE_MISSING)', () => {
    const noUsd = loadFxRates({
      rates: [{ from: 'RWF', to: 'CNY', rate: '0.004895', date: '2026-11-27', source: 'BNR' }],
    });
    const { item, issues } = fliggyChannel.transform(makeTour(), { fx: noUsd, today: TOUR_TODAY });
    expect(item).toBeNull();
    expect(codes(issues)).toEqual(['error:FX_RATE_MISSING@prices.adult.currency']);
  });

  it('warns when the child price is above the adult price (CHILD_PRICE_ABOVE_ADULT), and keeps the tour', () => {
    const prices = {
      adult: { minor: 100000, currency: 'USD' as const },
      child: { price: { minor: 100001, currency: 'USD' as const }, minAge: 15, maxAge: 17 },
    };
    const { item, issues } = transform(makeTour({ prices }));
    expect(codes(issues)).toEqual(['warning:CHILD_PRICE_ABOVE_ADULT@prices.child.price']);
    expect(item).not.toBeNull();
    expect(
      findings(makeTour({ prices: { ...prices, child: { ...prices.child, price: prices.adult } } })),
    ).toEqual([]);
  });

  it('rejects cancellation tiers that refund more closer to departure (CANCELLATION_TIERS_NOT_MONOTONIC)', () => {
    const tiers = [
      { daysBefore: 30, refundPercent: 50 },
      { daysBefore: 7, refundPercent: 80 },
    ];
    expect(findings(makeTour({ cancellationTiers: tiers }))).toEqual([
      'error:CANCELLATION_TIERS_NOT_MONOTONIC@cancellationTiers',
    ]);
    // the same refund for more notice is fine, in any order of writing
    const flat = [
      { daysBefore: 7, refundPercent: 50 },
      { daysBefore: 30, refundPercent: 50 },
    ];
    expect(findings(makeTour({ cancellationTiers: flat }))).toEqual([]);
  });

  it('rejects tiers that make more than Fliggy’s 5 refund ranges (CANCELLATION_TIERS_TOO_MANY)', () => {
    const five = [60, 45, 30, 14, 7].map((daysBefore, index) => ({
      daysBefore,
      refundPercent: 100 - index * 20,
    }));
    // five tiers above 0 days, plus the implied "less than 7 days: nothing back": six ranges
    expect(findings(makeTour({ cancellationTiers: five }))).toEqual([
      'error:CANCELLATION_TIERS_TOO_MANY@cancellationTiers',
    ]);
    const fiveWithTheLastDay = [60, 30, 14, 7, 0].map((daysBefore, index) => ({
      daysBefore,
      refundPercent: 80 - index * 20,
    }));
    expect(findings(makeTour({ cancellationTiers: fiveWithTheLastDay }))).toEqual([]);
  });

  it('renders no tiers as one non-refundable range', () => {
    expect(accepted(makeTour({ cancellationTiers: [] })).refundRules).toEqual([
      {
        minDaysBefore: 0,
        maxDaysBefore: null,
        refundPercent: 0,
        penaltyPercent: 100,
        textZh: '出行前任何时间取消，不予退款',
      },
    ]);
  });

  it('rejects an itinerary longer than the trip (ITINERARY_LONGER_THAN_TRIP)', () => {
    const twoDays = [
      { day: 1, title: 'Trek', meals: { breakfast: false, lunch: true, dinner: false } },
      { day: 2, title: 'Again', meals: { breakfast: false, lunch: true, dinner: false } },
    ];
    expect(findings(makeTour({ itinerary: twoDays }))).toEqual([
      'error:ITINERARY_LONGER_THAN_TRIP@itinerary',
    ]);
    expect(
      findings(
        makeTour({
          category: 'city-and-culture',
          minimumAge: undefined,
          inclusions: [],
          duration: { hours: 6 },
          itinerary: twoDays,
        }),
      ),
    ).toEqual(['error:ITINERARY_LONGER_THAN_TRIP@itinerary']);
    expect(findings(makeTour({ duration: { days: 2, nights: 1 }, itinerary: twoDays }))).toEqual([]);
  });

  describe('gorilla trekking', () => {
    it('requires a minimum age of at least 15 (MINIMUM_AGE_TOO_LOW)', () => {
      expect(findings(makeTour({ minimumAge: 14 }))).toEqual(['error:MINIMUM_AGE_TOO_LOW@minimumAge']);
      expect(findings(makeTour({ minimumAge: undefined }))).toEqual(['error:MINIMUM_AGE_TOO_LOW@minimumAge']);
      expect(findings(makeTour({ minimumAge: 15 }))).toEqual([]);
    });

    it('holds for any tour that names a gorilla permit, and not for one that does not', () => {
      const circuit = {
        category: 'multi-day-circuit' as const,
        duration: { days: 8, nights: 7 },
        minimumAge: 12,
      };
      expect(findings(makeTour(circuit))).toEqual(['error:MINIMUM_AGE_TOO_LOW@minimumAge']);
      expect(findings(makeTour({ ...circuit, inclusions: [], exclusions: [gorillaPermit] }))).toEqual([
        'error:MINIMUM_AGE_TOO_LOW@minimumAge',
      ]);
      expect(findings(makeTour({ ...circuit, inclusions: [], exclusions: [] }))).toEqual([]);
    });

    it('requires the permit named in the inclusions or exclusions (PERMIT_NOT_STATED)', () => {
      expect(findings(makeTour({ inclusions: [{ text: 'Guide', kind: 'guide' }] }))).toEqual([
        'error:PERMIT_NOT_STATED@inclusions',
      ]);
      const excluded = accepted(makeTour({ inclusions: [], exclusions: [gorillaPermit] }));
      expect(excluded.permits).toEqual([
        { kind: 'gorilla-permit', nameZh: '山地大猩猩徒步许可证', included: false },
      ]);
    });
  });

  it('rejects a permit listed both as included and as excluded (PERMIT_CONTRADICTORY)', () => {
    expect(findings(makeTour({ exclusions: [gorillaPermit] }))).toEqual([
      'error:PERMIT_CONTRADICTORY@exclusions',
    ]);
    const chimp = { text: 'Chimpanzee permit', kind: 'chimpanzee-permit' as const };
    expect(findings(makeTour({ inclusions: [gorillaPermit, chimp], exclusions: [chimp] }))).toEqual([
      'error:PERMIT_CONTRADICTORY@exclusions',
    ]);
  });

  it.each([
    [1, 1],
    [2, 1],
    [3, 2],
    [6, 2],
    [7, 3],
    [9, 3],
    [12, 4],
    [18, 4],
  ])('maps a confirmation within %i hours to Fliggy confirm_time %i', (withinHours, confirmTime) => {
    expect(accepted(makeTour({ confirmation: { kind: 'on-request', withinHours } })).confirmation).toEqual({
      type: 'on-request',
      confirmType: 2,
      withinHours,
      confirmTime,
    });
  });

  it('rejects a confirmation slower than 18 hours (CONFIRMATION_TOO_SLOW)', () => {
    expect(findings(makeTour({ confirmation: { kind: 'on-request', withinHours: 24 } }))).toEqual([
      'error:CONFIRMATION_TOO_SLOW@confirmation.withinHours',
    ]);
  });

  it('rejects a tour without images (IMAGES_MISSING) and keeps the first 5 of more (IMAGES_TRUNCATED)', () => {
    expect(findings(makeTour({ images: [] }))).toEqual(['error:IMAGES_MISSING@images']);
    const six = Array.from({ length: 6 }, (_, index) => `https://cdn.example.rw/${index}.jpg`);
    const { item, issues } = transform(makeTour({ images: six }));
    expect(codes(issues)).toEqual(['warning:IMAGES_TRUNCATED@images']);
    expect(item?.images).toEqual(six.slice(0, 5));
  });

  it('leaves out a highlight longer than 35 characters, counted in characters (SUBTITLE_TOO_LONG)', () => {
    const chinese35 = '猩'.repeat(35); // 105 UTF-8 bytes, 35 characters: fits
    const latin36 = 'a'.repeat(36);
    const { item, issues } = transform(makeTour({ highlights: [chinese35, latin36, 'Short'] }));
    expect(codes(issues)).toEqual(['warning:SUBTITLE_TOO_LONG@highlights.1']);
    expect(item?.subTitles).toEqual([chinese35, 'Short']);
  });

  describe('Chinese titles', () => {
    it('rejects an own title over 30 characters (TITLE_TOO_LONG), counted in characters', () => {
      const thirty = '卢'.repeat(30);
      expect(findings(makeTour({ names: { 'zh-CN': thirty } }))).toEqual([]);
      expect(findings(makeTour({ names: { 'zh-CN': `${thirty}游` } }))).toEqual([
        'error:TITLE_TOO_LONG@names.zh-CN',
      ]);
      // 𠮷 is outside the BMP: two UTF-16 units, one character
      const astral = `${'卢'.repeat(29)}𠮷`;
      expect(astral.length).toBe(31);
      expect(findings(makeTour({ names: { 'zh-CN': astral } }))).toEqual([]);
    });

    it('composes country, destination, activity and duration, and flags it (TITLE_COMPOSED)', () => {
      const { item, issues } = transform(makeTour({ names: { en: 'Gorilla trek' } }));
      expect(item?.title).toBe('卢旺达火山国家公园山地大猩猩徒步1日游');
      expect(item?.titleComposed).toBe(true);
      expect(codes(issues)).toEqual(['warning:TITLE_COMPOSED@names.zh-CN']);
    });

    it('joins destinations with "+" while the title stays within 30 characters', () => {
      const circuit = makeTour({
        names: { en: 'Circuit' },
        category: 'multi-day-circuit',
        duration: { days: 8, nights: 7 },
        destinations: [
          'volcanoes-national-park',
          'lake-kivu',
          'nyungwe-national-park',
          'akagera-national-park',
        ],
      });
      // 3 + 6 + 1 + 3 + 1 + 7 + 2 + 3 = 26; adding +阿卡盖拉国家公园 would make 35
      expect(tourTitle(circuit)).toEqual({
        text: '卢旺达火山国家公园+基伍湖+纽恩威国家公园环线8日游',
        composed: true,
      });
    });

    it('says 半日游 for up to 5 hours and 1日游 beyond, and adds no word for category other', () => {
      const base = { names: { en: 'Kigali' }, destinations: ['kigali' as const], minimumAge: undefined };
      expect(
        tourTitle(makeTour({ ...base, category: 'city-and-culture', duration: { hours: 5 } })).text,
      ).toBe('卢旺达基加利城市文化半日游');
      expect(tourTitle(makeTour({ ...base, category: 'other', duration: { hours: 5.5 } })).text).toBe(
        '卢旺达基加利1日游',
      );
    });

    it('always composes a title that fits, for every category, place and the longest trip', () => {
      for (const category of TOUR_CATEGORIES) {
        for (const place of PLACE_IDS) {
          const tour = makeTour({
            names: { en: 'x' },
            category,
            destinations: [place, ...PLACE_IDS.filter((other) => other !== place)].slice(0, 12),
            duration: { days: 21, nights: 20 },
          });
          expect(characterCount(tourTitle(tour).text)).toBeLessThanOrEqual(FLIGGY_TITLE_MAX_CHARACTERS);
        }
      }
    });
  });

  it('reports every finding at once, in rule order', () => {
    const tour = makeTour({
      names: { en: 'Everything wrong' },
      groupSize: { min: 9, max: 2 },
      minimumAge: 10,
      inclusions: [],
      exclusions: [],
      prices: { adult: { minor: 0, currency: 'USD' } },
      departures: { kind: 'dates', dates: [{ date: '2026-01-01', seats: 1 }] },
      images: [],
    });
    expect(findings(tour)).toEqual([
      'warning:TITLE_COMPOSED@names.zh-CN',
      'error:GROUP_SIZE_INVERTED@groupSize.max',
      'error:MINIMUM_AGE_TOO_LOW@minimumAge',
      'error:PERMIT_NOT_STATED@inclusions',
      'error:PRICE_NOT_POSITIVE@prices.adult',
      'error:DEPARTURES_NONE_FUTURE@departures',
      'error:IMAGES_MISSING@images',
    ]);
  });

  it('refuses a context without a real date (a caller bug, not data)', () => {
    expect(() => fliggyChannel.transform(makeTour(), { fx, today: '29/11/2026' })).toThrow(RangeError);
  });

  it('emits only the codes it declares, with their severity', () => {
    const declared = new Map<string, string>();
    for (const code of fliggyChannel.issueCodes.errors) declared.set(code, 'error');
    for (const code of fliggyChannel.issueCodes.warnings) declared.set(code, 'warning');
    const tours = [
      makeTour({ names: { 'zh-CN': '卢'.repeat(31) }, highlights: ['a'.repeat(40)], images: [] }),
      makeTour({ confirmation: { kind: 'on-request', withinHours: 48 }, exclusions: [gorillaPermit] }),
    ];
    for (const tour of tours) {
      for (const issue of transform(tour).issues)
        expect(declared.get(issue.code), issue.code).toBe(issue.severity);
    }
  });
});
