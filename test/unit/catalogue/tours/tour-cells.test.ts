/** Each tour cell parser on the forms operators write, expected values written by hand. */
import { describe, expect, it } from 'vitest';
import { parseCancellationTiers } from '../../../../functions/core/catalogue/tours/cancellation-tiers.ts';
import { parseDepartureCells } from '../../../../functions/core/catalogue/tours/departures-cell.ts';
import { parseDuration } from '../../../../functions/core/catalogue/tours/duration.ts';
import { feeKindOf, parseFeeItems } from '../../../../functions/core/catalogue/tours/fee-items.ts';
import { parseItineraryCell, parseMeals } from '../../../../functions/core/catalogue/tours/itinerary-cell.ts';
import { parseTourDate } from '../../../../functions/core/catalogue/tours/tour-dates.ts';
import {
  parseBookingCutoff,
  parseCategory,
  parseConfirmation,
  parseGroupSize,
  parseLanguages,
  parsePlaces,
} from '../../../../functions/core/catalogue/tours/tour-values.ts';

const codes = (result: { ok: boolean; problems?: { code: string }[] }) =>
  result.ok ? [] : (result.problems ?? []).map((problem) => problem.code);

describe('departure dates', () => {
  it.each([
    ['2026-12-05', '2026-12-05'],
    ['05/12/2026', '2026-12-05'],
    ['5.12.2026', '2026-12-05'],
    ['5 déc. 2026', '2026-12-05'],
    ['5 décembre 2026', '2026-12-05'],
    ['1er janvier 2027', '2027-01-01'],
    ['5 December 2026', '2026-12-05'],
    ['December 5, 2026', '2026-12-05'],
    ['Dec 5th 2026', '2026-12-05'],
    ['5 Ukuboza 2026', '2026-12-05'],
    ['46361', '2026-12-05'],
  ])('%s is %s', (text, date) => {
    expect(parseTourDate(text)).toEqual({ ok: true, date });
  });

  it.each(['31/11/2026', '5 déc.', 'demain', '2026-13-01'])('%s is refused', (text) => {
    expect(parseTourDate(text).ok).toBe(false);
  });
});

describe('the departures cell', () => {
  it('reads a list of dates with their seats in brackets or after a colon', () => {
    expect(parseDepartureCells({ cell: '05/12/2026 (8); 28/11/2026 (6), 2026-12-12: 0' })).toEqual({
      ok: true,
      value: {
        kind: 'dates',
        dates: [
          { date: '2026-12-05', seats: 8 },
          { date: '2026-11-28', seats: 6 },
          { date: '2026-12-12', seats: 0 },
        ],
      },
    });
  });

  it('takes the seats column for dates that give none, and dates written with the month in words', () => {
    expect(parseDepartureCells({ cell: '5 déc. 2026, 12 déc. 2026', seats: 8 })).toEqual({
      ok: true,
      value: {
        kind: 'dates',
        dates: [
          { date: '2026-12-05', seats: 8 },
          { date: '2026-12-12', seats: 8 },
        ],
      },
    });
  });

  it('reads "daily" in three languages over the season column', () => {
    for (const cell of ['Daily', 'tous les jours', 'Buri munsi']) {
      expect(parseDepartureCells({ cell, season: '20 Dec 2026 – 3 Jan 2027', seats: 12 })).toEqual({
        ok: true,
        value: {
          kind: 'weekly',
          weekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
          from: '2026-12-20',
          to: '2027-01-03',
          blackouts: [],
          seats: 12,
        },
      });
    }
  });

  it.each([
    ['Mon, Wed, Fri', ['mon', 'wed', 'fri']],
    ['lundi, mercredi', ['mon', 'wed']],
    ['tous les samedis', ['sat']],
    ['Saturdays and Sundays', ['sat', 'sun']],
    ['kuwa gatandatu', ['sat']],
  ])('reads the weekdays of %j', (cell, weekdays) => {
    const read = parseDepartureCells({ cell, from: '01/12/2026', to: '31/03/2027', seats: 6 });
    expect(read.ok && read.value?.kind === 'weekly' ? read.value.weekdays : null).toEqual(weekdays);
  });

  it('reads the season, the blackouts and the seats written in the cell itself', () => {
    expect(
      parseDepartureCells({
        cell: 'Samedis du 01/12/2026 au 31/03/2027, sauf 26/12/2026 et 02/01/2027 — 6 places',
      }),
    ).toEqual({
      ok: true,
      value: {
        kind: 'weekly',
        weekdays: ['sat'],
        from: '2026-12-01',
        to: '2027-03-31',
        blackouts: ['2026-12-26', '2027-01-02'],
        seats: 6,
      },
    });
  });

  it('is empty for an empty cell (the departures come from a departures table)', () => {
    expect(parseDepartureCells({ cell: '  ' })).toEqual({ ok: true, value: null });
  });

  it.each([
    [{ cell: '31/11/2026 (4)' }, 'TOUR_DEPARTURE_DATE_INVALID'],
    [{ cell: 'le 5 décembre', seats: 4 }, 'TOUR_DEPARTURE_DATE_INVALID'],
    [{ cell: '05/12/2026, bientôt', seats: 4 }, 'TOUR_DEPARTURE_DATE_INVALID'],
    [{ cell: 'Mon, Wed', seats: 4 }, 'TOUR_DEPARTURES_INVALID'],
    [{ cell: 'Mon, Wed', season: '01/12/2026 - 31/03/2027' }, 'TOUR_DEPARTURES_INVALID'],
    [{ cell: '05/12/2026' }, 'TOUR_DEPARTURES_INVALID'],
    [{ cell: '05/12/2026 (4); 05/12/2026 (2)' }, 'TOUR_DEPARTURES_INVALID'],
    [{ cell: 'Saturdays', season: '01/12/2026 - 31/02/2027', seats: 4 }, 'TOUR_DEPARTURE_DATE_INVALID'],
  ])('refuses %j with %s', (cells, code) => {
    expect(codes(parseDepartureCells(cells))).toContain(code);
  });
});

describe('the itinerary cell', () => {
  const dinner = { breakfast: false, lunch: false, dinner: true };
  it.each([
    ['Day 1: Arrival in Kigali ; Meals: D ; Accommodation: Kigali Serena Hotel | Day 2: Kigali to Musanze'],
    ['Jour 1 : Arrival in Kigali ; Repas : dîner ; Nuit : Kigali Serena Hotel\nJour 2 : Kigali to Musanze'],
    [
      'Umunsi wa 1: Arrival in Kigali ; Amafunguro: nimugoroba ; Icumbi: Kigali Serena Hotel | Umunsi wa 2: Kigali to Musanze',
    ],
  ])('reads the days of %j', (cell) => {
    expect(parseItineraryCell(cell)).toEqual({
      ok: true,
      value: [
        { day: 1, title: 'Arrival in Kigali', meals: dinner, accommodation: 'Kigali Serena Hotel' },
        { day: 2, title: 'Kigali to Musanze', meals: { breakfast: false, lunch: false, dinner: false } },
      ],
    });
  });

  it('splits a title from its description at a spaced dash, and keeps an unlabelled part in the description', () => {
    expect(parseItineraryCell('Jour 2 : Kigali to Musanze — Drive north ; caves in the afternoon')).toEqual({
      ok: true,
      value: [
        {
          day: 2,
          title: 'Kigali to Musanze',
          description: 'Drive north; caves in the afternoon',
          meals: { breakfast: false, lunch: false, dinner: false },
        },
      ],
    });
  });

  it.each(['Arrival in Kigali, then the city', 'Jour 1 : A | Jour 1 : B', 'Day 1: Trek ; Meals: champagne'])(
    'refuses %j',
    (cell) => {
      expect(codes(parseItineraryCell(cell))).toEqual(expect.arrayContaining(['TOUR_ITINERARY_INVALID']));
    },
  );

  it.each([
    ['B, L, D', { breakfast: true, lunch: true, dinner: true }],
    ['petit-déjeuner, déjeuner', { breakfast: true, lunch: true, dinner: false }],
    ['pension complète', { breakfast: true, lunch: true, dinner: true }],
    ['demi-pension', { breakfast: true, lunch: false, dinner: true }],
    ['none', { breakfast: false, lunch: false, dinner: false }],
  ])('reads the meals %j', (text, meals) => {
    expect(parseMeals(text)).toEqual({ ok: true, meals });
  });
});

describe('inclusions and exclusions', () => {
  it.each([
    ['Gorilla trekking permit (USD 1,500 per person)', 'gorilla-permit'],
    ['Permis gorille', 'gorilla-permit'],
    ['Uruhushya rwo gusura ingagi', 'gorilla-permit'],
    ['One chimpanzee trekking permit per person', 'chimpanzee-permit'],
    ['Golden monkey permit', 'golden-monkey-permit'],
    ['Nyungwe canopy walk', 'canopy-walk-ticket'],
    ['Park entry fees (Akagera, Nyungwe)', 'park-entry'],
    ['Tips for rangers and porters', 'tips'],
    ['Private 4x4 with a Chinese-speaking driver-guide', 'transport'],
    ['7 nights in lodges and hotels, full board', 'accommodation'],
    ['Packed lunch and drinking water', 'meals'],
    ['Travel insurance', 'travel-insurance'],
    ['Vols internationaux', 'international-flights'],
    ['RDB ranger guides and trackers', 'guide'],
    ['Porter on the trail (USD 20, paid on the day)', undefined],
    ['Entrance to the Kigali Genocide Memorial', undefined],
  ])('%s is %s', (text, kind) => {
    expect(feeKindOf(text)).toBe(kind);
  });

  it('splits items on line breaks and semicolons, keeping commas inside one, and reads the Chinese wording', () => {
    expect(
      parseFeeItems(
        'Park entry fees (Akagera, Nyungwe)\nPacked lunch and drinking water / 午餐便当及饮用水; Porter',
      ),
    ).toEqual([
      { text: 'Park entry fees (Akagera, Nyungwe)', kind: 'park-entry' },
      { text: 'Packed lunch and drinking water', textZh: '午餐便当及饮用水', kind: 'meals' },
      { text: 'Porter' },
    ]);
  });
});

describe('cancellation tiers', () => {
  it('reads tiers in the order written, "moins de" as the tier from 0 days', () => {
    expect(
      parseCancellationTiers('60 jours avant : 100 %; 30 jours : 70 %; moins de 14 jours : 0 %'),
    ).toEqual({
      ok: true,
      value: [
        { daysBefore: 60, refundPercent: 100 },
        { daysBefore: 30, refundPercent: 70 },
        { daysBefore: 0, refundPercent: 0 },
      ],
    });
    expect(parseCancellationTiers('30+ days 100%, 7 days 50%')).toEqual({
      ok: true,
      value: [
        { daysBefore: 30, refundPercent: 100 },
        { daysBefore: 7, refundPercent: 50 },
      ],
    });
  });

  it('reads "non remboursable" as no tier at all', () => {
    expect(parseCancellationTiers('Non remboursable')).toEqual({ ok: true, value: [] });
    expect(parseCancellationTiers('non-refundable')).toEqual({ ok: true, value: [] });
  });

  it.each(['30 jours : remboursé', '100 %', '30 days: 100%; 30 days: 50%', '30 days: 150%'])(
    'refuses %j',
    (text) => {
      expect(codes(parseCancellationTiers(text))).toEqual(
        expect.arrayContaining(['TOUR_CANCELLATION_INVALID']),
      );
    },
  );
});

describe('duration', () => {
  it.each([
    ['8 jours / 7 nuits', null, { days: 8, nights: 7 }],
    ['8 days 7 nights', null, { days: 8, nights: 7 }],
    ['8D/7N', null, { days: 8, nights: 7 }],
    ['Iminsi 3, amajoro 2', null, { days: 3, nights: 2 }],
    ['1 day', null, { days: 1, nights: 0 }],
    ['3 jours', null, { days: 3, nights: 2 }],
    ['4 hours', null, { hours: 4 }],
    ['3,5 heures', null, { hours: 3.5 }],
    ['amasaha 4', null, { hours: 4 }],
    ['8', 'jours', { days: 8, nights: 7 }],
  ])('%s (header unit %s)', (text, unit, duration) => {
    expect(parseDuration(text, unit)).toEqual({ ok: true, value: duration });
  });

  it.each(['une semaine', 'half day', '8', '30 days', '30 hours', '2 days / 3 nights'])(
    'refuses %j',
    (text) => {
      expect(codes(parseDuration(text, null))).toEqual(['TOUR_DURATION_INVALID']);
    },
  );
});

describe('the smaller cells', () => {
  it('reads categories, languages, places, group sizes, cut-offs and confirmations in three languages', () => {
    expect(parseCategory('Trek gorilles')).toEqual({ ok: true, value: 'gorilla-trekking' });
    expect(parseCategory('Ville et culture')).toEqual({ ok: true, value: 'city-and-culture' });
    expect(codes(parseCategory('Plongée'))).toEqual(['TOUR_CATEGORY_UNKNOWN']);
    expect(parseLanguages('Anglais, Chinois et Kinyarwanda')).toEqual({
      ok: true,
      value: ['en', 'zh', 'rw'],
    });
    expect(parsePlaces('Parc national des Volcans, Lac Kivu + Nyungwe', 'destinations')).toEqual({
      ok: true,
      value: ['volcanoes-national-park', 'lake-kivu', 'nyungwe-national-park'],
    });
    expect(codes(parsePlaces('Kigali, Goma', 'destinations'))).toEqual(['TOUR_PLACE_UNKNOWN']);
    expect(parseGroupSize('2 à 6')).toEqual({ ok: true, value: { min: 2, max: 6 } });
    expect(parseGroupSize('8')).toEqual({ ok: true, value: { min: 1, max: 8 } });
    expect(parseBookingCutoff('14 jours avant, 12h00')).toEqual({
      ok: true,
      value: { daysBefore: 14, time: '12:00' },
    });
    expect(parseBookingCutoff('2 days before, 18:00')).toEqual({
      ok: true,
      value: { daysBefore: 2, time: '18:00' },
    });
    expect(parseBookingCutoff('la veille')).toEqual({ ok: true, value: { daysBefore: 1 } });
    expect(parseConfirmation('Immédiate')).toEqual({ ok: true, value: { kind: 'instant' } });
    expect(parseConfirmation('sous 6 h')).toEqual({
      ok: true,
      value: { kind: 'on-request', withinHours: 6 },
    });
    expect(parseConfirmation('mu masaha 24')).toEqual({
      ok: true,
      value: { kind: 'on-request', withinHours: 24 },
    });
  });
});
