/**
 * JSON tours written in the canonical model's own shape (money objects, departures with their
 * kind, itinerary days, fee items and tiers as objects), as a booking system exports them: read
 * whole and checked by the model's schema, each refusal a row error with its path and a stable
 * code, the keys the model has no place for warned about once. Expected outcomes written by hand.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RowIssue } from '../../../../functions/core/catalogue/codes.ts';
import type { Offering } from '../../../../functions/core/catalogue/offering.ts';
import { type OfferingsSummary, readOfferings } from '../../../../functions/core/catalogue/read-offerings.ts';
import type { TourPackage } from '../../../../functions/core/catalogue/tour-model.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/tours/${name}`, import.meta.url));

async function read(
  bytes: Uint8Array | string,
  producerId: string,
): Promise<{ summary: OfferingsSummary; tours: TourPackage[] }> {
  const offerings: Offering[] = [];
  const summary = await readOfferings(
    typeof bytes === 'string' ? Buffer.from(bytes) : bytes,
    { producerId, fileName: 'tours.json' },
    (offering) => {
      offerings.push(offering);
    },
  );
  return {
    summary,
    tours: offerings.flatMap((offering) => (offering.kind === 'tour' ? [offering.tour] : [])),
  };
}

const codesOf = (issues: readonly RowIssue[]) =>
  issues.map(({ row, sku, field, code }) => ({ row, sku, field, code }));

describe('a booking system’s export in the canonical shape', () => {
  it('reads each tour whole, the lists it leaves out empty and the end its start, and refuses the draft with every path', async () => {
    const { summary, tours } = await read(
      fixture('canonical/lake-kivu-escapes-export.json'),
      'lake-kivu-escapes',
    );
    expect(summary.offeringKind).toBe('tour');
    expect(summary.rows).toEqual({ total: 3, accepted: 2, rejected: 1, skipped: 0 });
    expect(tours).toEqual([
      {
        producerId: 'lake-kivu-escapes',
        code: 'KVE-BOAT-6H',
        names: {
          en: 'Lake Kivu boat day to Napoleon Island',
          fr: "Journée en bateau sur le lac Kivu jusqu'à l'île Napoléon",
        },
        description:
          "A wooden boat from Rubavu's port to Napoleon Island and its fruit bats, a swim off Amahoro Island and fresh tilapia lunch on the shore.",
        highlights: ['Fruit bat colony on Napoleon Island', 'Swim stop at Amahoro Island'],
        category: 'lake',
        destinations: ['lake-kivu', 'rubavu'],
        start: { placeId: 'rubavu', meetingPoint: 'Rubavu port, Kivu Serena jetty' },
        end: { placeId: 'rubavu', meetingPoint: 'Rubavu port, Kivu Serena jetty' },
        duration: { hours: 6 },
        itinerary: [
          {
            day: 1,
            title: 'Napoleon Island and Amahoro Island',
            meals: { breakfast: false, lunch: true, dinner: false },
          },
        ],
        inclusions: [
          { text: 'Boat and skipper', kind: 'transport' },
          { text: 'Tilapia lunch on the shore', textZh: '湖畔罗非鱼午餐', kind: 'meals' },
          { text: 'Life jackets' },
        ],
        exclusions: [{ text: 'Tips for the crew', kind: 'tips' }],
        guideLanguages: ['en', 'fr', 'rw'],
        groupSize: { min: 2, max: 12 },
        minimumAge: 4,
        fitnessLevel: 'easy',
        prices: {
          adult: { minor: 6500, currency: 'USD' },
          child: { price: { minor: 3500, currency: 'USD' }, minAge: 4, maxAge: 11 },
        },
        departures: {
          kind: 'dates',
          dates: [
            { date: '2026-12-06', seats: 12 },
            { date: '2026-12-13', seats: 9 },
            { date: '2026-12-20', seats: 12 },
          ],
        },
        bookingCutoff: { daysBefore: 1, time: '16:00' },
        confirmation: { kind: 'instant' },
        cancellationTiers: [
          { daysBefore: 2, refundPercent: 100 },
          { daysBefore: 0, refundPercent: 0 },
        ],
        images: ['https://media.lakekivuescapes.example/boat/napoleon-island.jpg'],
      },
      {
        producerId: 'lake-kivu-escapes',
        code: 'KVE-CNT-3D',
        names: { en: 'Congo Nile Trail, Rubavu to Karongi', 'zh-CN': '卢旺达刚果尼罗河步道3日徒步' },
        highlights: [],
        category: 'hiking',
        destinations: ['lake-kivu', 'rubavu', 'karongi'],
        start: { placeId: 'rubavu', meetingPoint: 'Inzu Lodge, Rubavu' },
        end: { placeId: 'karongi' },
        duration: { days: 3, nights: 2 },
        itinerary: [
          {
            day: 1,
            title: 'Rubavu to Kinunu',
            description: 'Tea and coffee hills above the lake, a washing station visit at Kinunu.',
            meals: { breakfast: false, lunch: true, dinner: true },
            accommodation: 'Kinunu guest house',
          },
          {
            day: 2,
            title: 'Kinunu to Mukura',
            meals: { breakfast: true, lunch: true, dinner: true },
            accommodation: 'Mukura camp',
          },
          { day: 3, title: 'Mukura to Karongi', meals: { breakfast: true, lunch: true, dinner: false } },
        ],
        inclusions: [
          { text: 'Two nights full board', kind: 'accommodation' },
          { text: 'Trail guide', kind: 'guide' },
        ],
        exclusions: [
          { text: 'Transfer back to Rubavu', kind: 'transport' },
          { text: 'Travel insurance', kind: 'travel-insurance' },
        ],
        guideLanguages: ['en'],
        groupSize: { min: 2, max: 8 },
        minimumAge: 12,
        fitnessLevel: 'challenging',
        prices: {
          adult: { minor: 42000, currency: 'USD' },
          singleSupplement: { minor: 6000, currency: 'USD' },
        },
        departures: {
          kind: 'weekly',
          weekdays: ['mon', 'thu'],
          from: '2026-12-01',
          to: '2027-05-31',
          blackouts: ['2026-12-24', '2026-12-31'],
          seats: 8,
        },
        bookingCutoff: { daysBefore: 3 },
        confirmation: { kind: 'on-request', withinHours: 24 },
        cancellationTiers: [
          { daysBefore: 14, refundPercent: 100 },
          { daysBefore: 7, refundPercent: 50 },
        ],
        images: [],
      },
    ]);
    expect(codesOf(summary.errors)).toEqual([
      { row: 3, sku: 'KVE-CANOPY-1D', field: 'destinations.0', code: 'TOUR_PLACE_UNKNOWN' },
      { row: 3, sku: 'KVE-CANOPY-1D', field: 'prices.adult.currency', code: 'TOUR_PRICE_INVALID' },
      { row: 3, sku: 'KVE-CANOPY-1D', field: 'departures.dates.0.date', code: 'TOUR_DEPARTURE_DATE_INVALID' },
      { row: 3, sku: 'KVE-CANOPY-1D', field: 'bookingCutoff', code: 'TOUR_REQUIRED_MISSING' },
    ]);
    expect(summary.errors[0]?.message).toBe(
      'destinations.0: "nyungwe" is not a gazetteer id; the model writes it "nyungwe-national-park".',
    );
    // The booking system's own keys, on every tour: one warning each for the file.
    expect(codesOf(summary.warnings)).toEqual([
      { row: null, sku: null, field: 'id', code: 'COLUMN_UNKNOWN' },
      { row: null, sku: null, field: 'internalName', code: 'COLUMN_UNKNOWN' },
      { row: null, sku: null, field: 'timeZone', code: 'COLUMN_UNKNOWN' },
      { row: null, sku: null, field: 'updatedAt', code: 'COLUMN_UNKNOWN' },
    ]);
    expect(summary.columns.filter((column) => column.field === null).map((column) => column.header)).toEqual([
      'id',
      'internalName',
      'timeZone',
      'updatedAt',
    ]);
  });

  it('reads the pipeline’s hand-written canonical tours exactly as written', async () => {
    for (const [name, producerId] of [
      ['virunga-trails.json', 'virunga-trails'],
      ['kivu-horizons.json', 'kivu-horizons'],
    ] as const) {
      const written = JSON.parse(fixture(name).toString('utf8')) as { tours: TourPackage[] };
      const { summary, tours } = await read(fixture(name), producerId);
      expect(summary.errors).toEqual([]);
      expect(summary.warnings).toEqual([]);
      expect(tours).toEqual(written.tours);
    }
  });
});

describe('canonical and sheet-like objects, told apart per object', () => {
  const canonical = {
    code: 'KV-C',
    names: { en: 'Kivu kayak morning' },
    category: 'lake',
    destinations: ['lake-kivu'],
    start: { placeId: 'karongi' },
    duration: { hours: 4 },
    groupSize: { min: 1, max: 6 },
    prices: { adult: { minor: 4000, currency: 'USD' } },
    departures: { kind: 'dates', dates: [{ date: '2026-12-09', seats: 6 }] },
    bookingCutoff: { daysBefore: 1 },
    confirmation: { kind: 'instant' },
  };
  const sheetLike = {
    code: 'KV-S',
    name: 'Kivu sunset cruise',
    category: 'lake',
    destinations: 'Lac Kivu',
    start: 'Karongi',
    duration: '2 heures',
    'group size': '2-10',
    price: 'USD 30',
    departures: '09/12/2026 (10)',
    'booking cut-off': 'la veille',
    confirmation: 'immédiate',
  };

  it('reads a file mixing both, each its own way', async () => {
    const { summary, tours } = await read(JSON.stringify({ tours: [sheetLike, canonical] }), 'kivu-kayaks');
    expect(summary.errors).toEqual([]);
    expect(tours.map(({ code, prices, duration, end }) => ({ code, prices, duration, end }))).toEqual([
      {
        code: 'KV-S',
        prices: { adult: { minor: 3000, currency: 'USD' } },
        duration: { hours: 2 },
        end: { placeId: 'karongi' },
      },
      {
        code: 'KV-C',
        prices: { adult: { minor: 4000, currency: 'USD' } },
        duration: { hours: 4 },
        end: { placeId: 'karongi' },
      },
    ]);
  });

  it('reads an object with any part in the model’s structure whole as the model: a cell-like part is refused at its path', async () => {
    const { summary, tours } = await read(
      JSON.stringify([{ ...canonical, duration: '4 hours', confirmation: 'instant' }]),
      'kivu-kayaks',
    );
    expect(tours).toEqual([]);
    expect(codesOf(summary.errors)).toEqual([
      { row: 1, sku: 'KV-C', field: 'duration', code: 'TOUR_DURATION_INVALID' },
      { row: 1, sku: 'KV-C', field: 'confirmation', code: 'TOUR_VALUE_INVALID' },
    ]);
  });

  it('refuses a canonical tour that the second arrays also give departures (they belong in one place)', async () => {
    const json = JSON.stringify({
      tours: [canonical],
      departures: [{ tour: 'KV-C', date: '2026-12-16', seats: 6 }],
    });
    const { summary, tours } = await read(json, 'kivu-kayaks');
    expect(tours).toEqual([]);
    expect(codesOf(summary.errors)).toEqual([
      { row: 1, sku: 'KV-C', field: 'departures', code: 'TOUR_DEPARTURES_INVALID' },
    ]);
  });

  it('applies the cell checks of every reader and refuses another operator’s tour', async () => {
    const json = JSON.stringify([
      { ...canonical, description: '=HYPERLINK("https://evil.example","Book now")' },
      { ...canonical, code: 'KV-D', producerId: 'someone-else' },
      { ...canonical, code: 'KV-E', producerId: 'kivu-kayaks', names: { en: 'Kivu\u200b kayak' } },
    ]);
    const { summary, tours } = await read(json, 'kivu-kayaks');
    expect(codesOf(summary.errors)).toEqual([
      { row: 1, sku: 'KV-C', field: 'description', code: 'CELL_FORMULA' },
      { row: 2, sku: 'KV-D', field: 'producerId', code: 'PRODUCER_MISMATCH' },
    ]);
    expect(tours.map((tour) => [tour.code, tour.names.en])).toEqual([['KV-E', 'Kivu kayak']]);
    expect(codesOf(summary.warnings)).toEqual([
      { row: 3, sku: 'KV-E', field: 'names.en', code: 'CELL_INVISIBLE_CHARACTERS_REMOVED' },
    ]);
  });

  it('never lets a key reach an object’s prototype: "__proto__" and "constructor" are keys the model has no place for', async () => {
    const json = `[${JSON.stringify(canonical).slice(0, -1)},"__proto__":{"polluted":true},"start.constructor.prototype.x":1}]`;
    const { summary, tours } = await read(json, 'kivu-kayaks');
    expect(tours.map((tour) => tour.code)).toEqual(['KV-C']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(codesOf(summary.warnings).map((warning) => warning.field)).toEqual([
      '__proto__.polluted',
      'start.constructor.prototype.x',
    ]);
  });
});
