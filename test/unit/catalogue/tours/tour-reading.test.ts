/**
 * Reading tour catalogues through readOfferings: the kind told by the columns, second sheets and
 * second JSON arrays keyed by tour code, the bounds, and hostile workbooks. Expected outcomes
 * written by hand.
 */
import { describe, expect, it } from 'vitest';
import { CatalogueFileError, type RowIssue } from '../../../../functions/core/catalogue/codes.ts';
import type { Offering } from '../../../../functions/core/catalogue/offering.ts';
import type { ReadCatalogueOptions } from '../../../../functions/core/catalogue/read-catalogue.ts';
import { type OfferingsSummary, readOfferings } from '../../../../functions/core/catalogue/read-offerings.ts';
import { MiB, sheetBombXml } from '../../../support/reader-bombs.ts';
import { inlineRow, workbookBytes } from '../../../support/xlsx-parts.ts';
import { deflateChunks } from '../../../support/zip-writer.ts';

async function read(
  bytes: Uint8Array | string,
  fileName: string,
  options: Partial<ReadCatalogueOptions> = {},
): Promise<{ summary: OfferingsSummary; offerings: Offering[] }> {
  const offerings: Offering[] = [];
  const summary = await readOfferings(
    typeof bytes === 'string' ? Buffer.from(bytes) : bytes,
    { producerId: 'virunga-trails', fileName, ...options },
    (offering) => {
      offerings.push(offering);
    },
  );
  return { summary, offerings };
}

async function refusal(
  bytes: Uint8Array | string,
  fileName: string,
  options: Partial<ReadCatalogueOptions> = {},
) {
  try {
    await read(bytes, fileName, options);
  } catch (error) {
    if (error instanceof CatalogueFileError) return { code: error.code, message: error.message };
    throw error;
  }
  return null;
}

const codesOf = (issues: readonly RowIssue[]) =>
  issues.map(({ row, sku, field, code }) => ({ row, sku, field, code }));

const englishCsv = [
  'Tour code,Tour name,Activity,Destinations,Start,Duration,Group size,Price (USD),Departures,Seats,Booking cut-off,Confirmation',
  'VT-1,Gorilla trek,Gorilla trekking,Volcanoes,Musanze,1 day,1-8,1500,05/12/2026; 12/12/2026,8,2 days before,Instant',
].join('\r\n');

describe('which kind a file is, told by its columns', () => {
  it('reads a tour catalogue with English headers', async () => {
    const { summary, offerings } = await read(englishCsv, 'anything.csv');
    expect(summary.offeringKind).toBe('tour');
    expect(summary.rows).toEqual({ total: 1, accepted: 1, rejected: 0, skipped: 0 });
    expect(offerings[0]).toMatchObject({
      kind: 'tour',
      tour: {
        code: 'VT-1',
        names: { en: 'Gorilla trek' },
        duration: { days: 1, nights: 0 },
        prices: { adult: { minor: 150000, currency: 'USD' } },
        departures: {
          kind: 'dates',
          dates: [
            { date: '2026-12-05', seats: 8 },
            { date: '2026-12-12', seats: 8 },
          ],
        },
      },
    });
    expect(summary.columns.map((column) => column.field)).toEqual([
      'code',
      'names.en',
      'category',
      'destinations',
      'start.placeId',
      'duration',
      'groupSize',
      'prices.adult',
      'departures',
      'departures.seats',
      'bookingCutoff',
      'confirmation',
    ]);
  });

  it('reads one with French headers under a title line, and one with Kinyarwanda headers', async () => {
    const french = [
      'Circuits 2027;;;;;;;;;;;',
      'Code;Nom du circuit;Activité;Destinations;Lieu de départ;Durée;Groupe;Prix (EUR);Départs;Places;Réservation avant;Confirmation',
      'FR-1;Trek des gorilles;Trek gorilles;Parc national des Volcans;Ruhengeri;1 jour;1 à 8;1400;05/12/2026;8;la veille;immédiate',
    ].join('\r\n');
    const kinyarwanda = [
      'Kode;Izina;Ubwoko;Aho bazasura;Aho bahagurukira;Igihe;Itsinda;Igiciro (RWF);Amatariki;Imyanya;Igihe ntarengwa cyo kubika;Kwemeza',
      'RW-1;Gusura ingagi;Ingagi;Ibirunga;Musanze;Umunsi 1;1-8;2000000;05/12/2026;8;1;ako kanya',
    ].join('\r\n');
    const fr = await read(french, 'circuits.csv');
    expect(fr.summary.offeringKind).toBe('tour');
    expect(fr.summary.headerRow).toBe(2);
    expect(fr.summary.errors).toEqual([]);
    expect(fr.offerings[0]).toMatchObject({
      tour: { names: { fr: 'Trek des gorilles' }, start: { placeId: 'musanze' } },
    });
    const rw = await read(kinyarwanda, 'ingendo.csv', { producerId: 'virunga-trails' });
    expect(rw.summary.offeringKind).toBe('tour');
    expect(rw.summary.errors).toEqual([]);
    expect(rw.offerings[0]).toMatchObject({
      tour: {
        names: { rw: 'Gusura ingagi' },
        category: 'gorilla-trekking',
        prices: { adult: { minor: 2000000, currency: 'RWF' } },
      },
    });
  });

  it('keeps a product catalogue a product catalogue, even with a shelf-life "Durée" and a category', async () => {
    const csv =
      'SKU;Nom;Type;Catégorie;Prix (RWF);Durée de conservation (mois)\r\nHC-1;Café vert;café vert;Café;12000;12\r\n';
    const { summary, offerings } = await read(csv, 'tours.csv');
    expect(summary.offeringKind).toBe('product');
    expect(offerings.map((offering) => offering.kind)).toEqual(['product']);
  });

  it('says a table is neither a product nor a tour catalogue', async () => {
    const refused = await refusal('Colour;Size;Weight\r\nred;M;2\r\n', 'x.csv');
    expect(refused?.code).toBe('HEADER_REQUIRED_COLUMN_MISSING');
    expect(refused?.message).toContain('Nor is it a tour catalogue');
  });

  it('refuses a tour header without a price column, naming it', async () => {
    const refused = await refusal(
      'Tour code,Tour name,Duration,Departures\r\nT-1,Trek,1 day,05/12/2026 (8)\r\n',
      't.csv',
    );
    expect(refused).toEqual({
      code: 'TOUR_HEADER_COLUMN_MISSING',
      message: expect.stringContaining('no column for prices.adult'),
    });
  });

  it('rejects a second row with the same code, keeping the first', async () => {
    const csv = `${englishCsv}\r\n${englishCsv.split('\r\n')[1]?.replace('Gorilla trek', 'Gorilla trek again')}`;
    const { summary } = await read(csv, 't.csv');
    expect(codesOf(summary.errors)).toEqual([
      { row: 3, sku: 'VT-1', field: 'code', code: 'TOUR_CODE_DUPLICATE' },
    ]);
  });
});

const TOURS_HEADER = [
  'Tour code',
  'Name',
  'Activity',
  'Destinations',
  'Start',
  'Duration',
  'Group size',
  'Price (USD)',
  'Departures',
  'Booking cut-off',
  'Confirmation',
];
const tourRow = (code: string, departures = '') => [
  code,
  `Trek ${code}`,
  'Hiking',
  'Volcanoes',
  'Musanze',
  '1 day',
  '1-8',
  '130',
  departures,
  '1',
  'Instant',
];

function toursSheet(rows: string[][]) {
  return [
    inlineRow(1, ['Virunga Trails tours']),
    inlineRow(2, TOURS_HEADER),
    ...rows.map((row, index) => inlineRow(index + 3, row)),
  ].join('');
}

function table(header: string[], rows: string[][]) {
  return [inlineRow(1, header), ...rows.map((row, index) => inlineRow(index + 2, row))].join('');
}

describe('second sheets of a workbook', () => {
  it('takes departures and itinerary days from sheets named in French, keyed by tour code', async () => {
    const bytes = await workbookBytes({
      sheets: [
        {
          name: 'Circuits',
          part: 'xl/worksheets/sheet1.xml',
          rows: toursSheet([tourRow('T-1'), tourRow('T-2', '09/01/2027 (6)')]),
        },
        {
          name: 'Départs',
          part: 'xl/worksheets/sheet2.xml',
          rows: table(
            ['Code circuit', 'Date de départ', 'Places'],
            [
              ['T-1', '2027-01-16', '4'],
              ['t-1', '23/01/2027', '6'],
            ],
          ),
        },
        {
          name: 'Programme',
          part: 'xl/worksheets/sheet3.xml',
          rows: table(
            ['Code circuit', 'Jour', 'Titre', 'Repas'],
            [['T-1', '1', 'Bisoke crater lake', 'déjeuner']],
          ),
        },
      ],
    });
    const { summary, offerings } = await read(bytes, 'tours.xlsx');
    expect(summary.sheet).toBe('Circuits');
    expect(summary.errors).toEqual([]);
    const [first, second] = offerings.map((offering) => (offering.kind === 'tour' ? offering.tour : null));
    expect(first?.departures).toEqual({
      kind: 'dates',
      dates: [
        { date: '2027-01-16', seats: 4 },
        { date: '2027-01-23', seats: 6 },
      ],
    });
    expect(first?.itinerary).toEqual([
      { day: 1, title: 'Bisoke crater lake', meals: { breakfast: false, lunch: true, dinner: false } },
    ]);
    expect(second?.departures).toEqual({ kind: 'dates', dates: [{ date: '2027-01-09', seats: 6 }] });
    expect(second?.itinerary).toEqual([]);
  });

  it('knows a second sheet by any name of its column (one table: "Amatariki yo kugenda", "Itineraries"), and leaves other sheets alone', async () => {
    const bytes = await workbookBytes({
      sheets: [
        { name: 'Ingendo', part: 'xl/worksheets/sheet1.xml', rows: toursSheet([tourRow('T-1')]) },
        {
          name: 'Amatariki yo kugenda',
          part: 'xl/worksheets/sheet2.xml',
          rows: table(['Kode', 'Itariki', 'Imyanya'], [['T-1', '2027-02-06', '5']]),
        },
        {
          name: 'Itineraries',
          part: 'xl/worksheets/sheet3.xml',
          rows: table(['Tour code', 'Day', 'Title'], [['T-1', '1', 'Gorilla trek']]),
        },
        {
          name: 'Notes',
          part: 'xl/worksheets/sheet4.xml',
          rows: table(['Tour code', 'Date', 'Seats'], [['T-1', '2027-03-06', '9']]),
        },
      ],
    });
    const { summary, offerings } = await read(bytes, 'tours.xlsx');
    expect(summary.sheet).toBe('Ingendo');
    expect(summary.errors).toEqual([]);
    const [tour] = offerings.map((offering) => (offering.kind === 'tour' ? offering.tour : null));
    expect(tour?.departures).toEqual({ kind: 'dates', dates: [{ date: '2027-02-06', seats: 5 }] });
    expect(tour?.itinerary).toEqual([
      { day: 1, title: 'Gorilla trek', meals: { breakfast: false, lunch: false, dinner: false } },
    ]);
  });

  it('without a departures sheet, a tour with no departures cell is rejected for its departures', async () => {
    const bytes = await workbookBytes({
      sheets: [{ name: 'Tours', part: 'xl/worksheets/sheet1.xml', rows: toursSheet([tourRow('T-1')]) }],
    });
    const { summary } = await read(bytes, 'tours.xlsx');
    expect(codesOf(summary.errors)).toEqual([
      { row: 3, sku: 'T-1', field: 'departures', code: 'TOUR_REQUIRED_MISSING' },
    ]);
  });

  it('reports a departures row for an unknown tour code on its own row, and one with a date that is not a date on its tour', async () => {
    const bytes = await workbookBytes({
      sheets: [
        {
          name: 'Tours',
          part: 'xl/worksheets/sheet1.xml',
          rows: toursSheet([tourRow('T-1'), tourRow('T-2')]),
        },
        {
          name: 'Departures',
          part: 'xl/worksheets/sheet2.xml',
          rows: table(
            ['Tour code', 'Date', 'Seats'],
            [
              ['T-1', '2027-01-16', '4'],
              ['T-9', '2027-01-16', '4'],
              ['T-2', 'soon', '4'],
              ['', '2027-01-30', '2'],
            ],
          ),
        },
      ],
    });
    const { summary, offerings } = await read(bytes, 'tours.xlsx');
    expect(offerings).toHaveLength(1);
    expect(codesOf(summary.errors)).toEqual([
      { row: 4, sku: 'T-2', field: 'departures', code: 'TOUR_DEPARTURE_DATE_INVALID' },
      { row: 5, sku: null, field: 'departures', code: 'TOUR_DEPARTURE_UNKNOWN_TOUR' },
      { row: 3, sku: 'T-9', field: 'departures', code: 'TOUR_DEPARTURE_UNKNOWN_TOUR' },
    ]);
  });

  it('refuses departures both in the cell and in the sheet', async () => {
    const bytes = await workbookBytes({
      sheets: [
        {
          name: 'Tours',
          part: 'xl/worksheets/sheet1.xml',
          rows: toursSheet([tourRow('T-1', '09/01/2027 (6)')]),
        },
        {
          name: 'Departures',
          part: 'xl/worksheets/sheet2.xml',
          rows: table(['Tour code', 'Date', 'Seats'], [['T-1', '2027-01-16', '4']]),
        },
      ],
    });
    const { summary } = await read(bytes, 'tours.xlsx');
    expect(codesOf(summary.errors)).toEqual([
      { row: 3, sku: 'T-1', field: 'departures', code: 'TOUR_DEPARTURES_INVALID' },
    ]);
  });

  it('holds the workbook limits on a departures sheet that is a bomb (its directory lying about its size)', async () => {
    const bomb = await deflateChunks(sheetBombXml(24 * MiB));
    const bytes = await workbookBytes({
      sheets: [
        { name: 'Tours', part: 'xl/worksheets/sheet1.xml', rows: toursSheet([tourRow('T-1')]) },
        { name: 'Departures', part: 'xl/worksheets/sheet2.xml', xml: bomb, declaredSize: 10_000 },
      ],
    });
    const refused = await refusal(bytes, 'tours.xlsx', { limits: { maxInflatedBytes: 8 * MiB } });
    expect(refused?.code).toBe('XLSX_TOO_LARGE');
  });

  it('refuses second sheets past the row bound, and a tour table past the tour bound', async () => {
    const rows = Array.from({ length: 30 }, (_, index) => [
      'T-1',
      `2027-01-${String((index % 28) + 1).padStart(2, '0')}`,
      '4',
    ]);
    const bytes = await workbookBytes({
      sheets: [
        { name: 'Tours', part: 'xl/worksheets/sheet1.xml', rows: toursSheet([tourRow('T-1')]) },
        {
          name: 'Departures',
          part: 'xl/worksheets/sheet2.xml',
          rows: table(['Tour code', 'Date', 'Seats'], rows),
        },
      ],
    });
    expect((await refusal(bytes, 'tours.xlsx', { tourLimits: { maxSecondTableRows: 20 } }))?.code).toBe(
      'TOUR_CATALOGUE_TOO_LARGE',
    );
    const many = [
      englishCsv,
      ...['VT-2', 'VT-3'].map((code) => englishCsv.split('\r\n')[1]?.replace('VT-1', code)),
    ].join('\r\n');
    expect((await refusal(many, 't.csv', { tourLimits: { maxTours: 2 } }))?.code).toBe(
      'TOUR_CATALOGUE_TOO_LARGE',
    );
    expect((await refusal(many, 't.csv', { tourLimits: { maxBytes: 100 } }))?.code).toBe(
      'TOUR_CATALOGUE_TOO_LARGE',
    );
  });
});

describe('JSON tour catalogues', () => {
  const tour = {
    code: 'J-1',
    name: 'Gorilla trek',
    category: 'gorilla trekking',
    destinations: ['Volcanoes National Park'],
    start: 'Musanze',
    duration: '1 day',
    'group size': '1-8',
    price: 'USD 1500',
    'booking cut-off': '2 days before, 18:00',
    confirmation: 'instant',
    inclusions: ['Gorilla permit', 'Packed lunch'],
  };

  it('reads a tour’s own nested itinerary and departures (itinerary.0.title, departures.0.date)', async () => {
    const json = JSON.stringify([
      {
        ...tour,
        itinerary: [{ day: 1, title: 'Trek', meals: { breakfast: false, lunch: true, dinner: false } }],
        departures: [{ date: '2026-12-05', seats: 8 }],
      },
    ]);
    const { summary, offerings } = await read(json, 'tours.json');
    expect(summary.offeringKind).toBe('tour');
    expect(summary.errors).toEqual([]);
    expect(offerings[0]).toMatchObject({
      tour: {
        itinerary: [{ day: 1, title: 'Trek', meals: { breakfast: false, lunch: true, dinner: false } }],
        departures: { kind: 'dates', dates: [{ date: '2026-12-05', seats: 8 }] },
        inclusions: [
          { text: 'Gorilla permit', kind: 'gorilla-permit' },
          { text: 'Packed lunch', kind: 'meals' },
        ],
      },
    });
  });

  it('refuses a file whose top level names another operator (FILE_PRODUCER_MISMATCH), whatever the tours say', async () => {
    for (const [key, value] of [
      ['operator', 'kivu-horizons'],
      ['opérateur', 'Kivu Horizons'],
      ['producerId', 'huye-coop'],
    ] as const) {
      const json = JSON.stringify({ [key]: value, tours: [{ ...tour, operator: 'virunga-trails' }] });
      expect(await refusal(json, 'tours.json'), key).toMatchObject({ code: 'FILE_PRODUCER_MISMATCH' });
    }
    // The uploader's own id, written loosely, is accepted.
    const own = JSON.stringify({
      operator: 'Virunga Trails',
      tours: [{ ...tour, departures: [{ date: '2027-01-09', seats: 8 }] }],
    });
    const { summary } = await read(own, 'tours.json');
    expect(summary.errors).toEqual([]);
    expect(summary.rows.accepted).toBe(1);
  });

  it('reads second top-level arrays keyed by tour code, after the tours, and reports an unknown code', async () => {
    const json = JSON.stringify({
      tours: [tour],
      departures: [
        { tour: 'J-1', date: '05/12/2026', seats: 8 },
        { tour: 'J-7', date: '06/12/2026', seats: 8 },
      ],
      itinerary: [{ tour: 'J-1', day: 1, title: 'Trek', meals: 'lunch' }],
    });
    const { summary, offerings } = await read(json, 'tours.json');
    expect(offerings[0]).toMatchObject({
      tour: {
        departures: { kind: 'dates', dates: [{ date: '2026-12-05', seats: 8 }] },
        itinerary: [{ day: 1, title: 'Trek', meals: { breakfast: false, lunch: true, dinner: false } }],
      },
    });
    expect(codesOf(summary.errors)).toEqual([
      { row: 2, sku: 'J-7', field: 'departures', code: 'TOUR_DEPARTURE_UNKNOWN_TOUR' },
    ]);
  });

  it('warns once about each key naming no tour field (COLUMN_UNKNOWN), not once per tour, a list of objects once for all its positions', async () => {
    const json = JSON.stringify({
      tours: [
        {
          ...tour,
          departures: '05/12/2026 (8)',
          internalRef: 'OPS-114',
          media: [{ url: 'https://cdn.example/1.jpg' }, { url: 'https://cdn.example/2.jpg' }],
        },
        {
          ...tour,
          code: 'J-2',
          departures: '06/12/2026 (8)',
          internalRef: 'OPS-115',
          supplier: { id: 7 },
          media: [
            { url: 'https://cdn.example/1.jpg' },
            { url: 'https://cdn.example/2.jpg' },
            { url: 'https://cdn.example/3.jpg' },
          ],
        },
      ],
    });
    const { summary, offerings } = await read(json, 'tours.json');
    expect(offerings).toHaveLength(2);
    expect(summary.errors).toEqual([]);
    expect(summary.warnings.map(({ row, field, code }) => ({ row, field, code }))).toEqual([
      { row: null, field: 'internalRef', code: 'COLUMN_UNKNOWN' },
      { row: null, field: 'media.0.url', code: 'COLUMN_UNKNOWN' },
      { row: null, field: 'supplier.id', code: 'COLUMN_UNKNOWN' },
    ]);
    expect(summary.warnings[0]?.message).toBe(
      'Key "internalRef" is not a tour field; it was not read. To map it, add to your profile: "columns": { "internalRef": "<tour field>" }.',
    );
  });

  it('refuses a tour that would not fit one sync message (emoji), row by row, and reads the same tour in Chinese', async () => {
    // The description and every itinerary day at their longest: in emoji each half of a character is a 6-byte escape in the task.
    const long = (char: string) => ({
      ...tour,
      duration: '21 days',
      description: char.repeat(5000 / char.length),
      departures: [{ date: '2026-12-05', seats: 8 }],
      itinerary: Array.from({ length: 21 }, (_, index) => ({
        day: index + 1,
        title: char.repeat(60 / char.length),
        description: char.repeat(1500 / char.length),
        meals: 'lunch',
        accommodation: char.repeat(120 / char.length),
      })),
    });
    const json = JSON.stringify([
      { ...long('🦍'), code: 'BIG-1' },
      { ...long('猩'), code: 'BIG-2' },
    ]);
    const { summary, offerings } = await read(json, 'tours.json');
    expect(summary.rows).toEqual({ total: 2, accepted: 1, rejected: 1, skipped: 0 });
    expect(codesOf(summary.errors)).toEqual([
      { row: 1, sku: 'BIG-1', field: 'tour', code: 'TOUR_TOO_LARGE' },
    ]);
    expect(summary.errors[0]?.message).toMatch(/^The tour takes 2\d\d\.\d KB .* at most 224 KB fit/u);
    expect(offerings.map((offering) => offering.kind === 'tour' && offering.tour.code)).toEqual(['BIG-2']);
  });
});
