/**
 * The producer profile's column mappings in tour catalogues: tour fields as targets, checked when
 * the profile is saved, winning over the alias table, counted when telling a file's kind; a tour
 * target in a product file and a product target in a tour file. Expected outcomes written by hand.
 */
import { describe, expect, it } from 'vitest';
import { CatalogueFileError, type RowIssue } from '../../../../functions/core/catalogue/codes.ts';
import type { Offering } from '../../../../functions/core/catalogue/offering.ts';
import {
  checkProducerProfile,
  type ProducerProfile,
} from '../../../../functions/core/catalogue/producer-profile.ts';
import { type OfferingsSummary, readOfferings } from '../../../../functions/core/catalogue/read-offerings.ts';

function profileOf(document: unknown): ProducerProfile {
  const checked = checkProducerProfile(document);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked.profile;
}

async function read(
  text: string,
  fileName: string,
  producerId: string,
  profile?: unknown,
): Promise<{ summary: OfferingsSummary; offerings: Offering[] }> {
  const offerings: Offering[] = [];
  const summary = await readOfferings(
    Buffer.from(text),
    { producerId, fileName, ...(profile === undefined ? {} : { profile: profileOf(profile) }) },
    (offering) => {
      offerings.push(offering);
    },
  );
  return { summary, offerings };
}

const tours = (offerings: readonly Offering[]) =>
  offerings.flatMap((offering) => (offering.kind === 'tour' ? [offering.tour] : []));
const issuesOf = (issues: readonly RowIssue[]) =>
  issues.map(({ row, field, code }) => ({ row, field, code }));

// An Akagera operator's sheet: the price, the departures and the group size under its own words.
const akagera = [
  'Réf;Nom du circuit;Activité;Parcs;Ville de départ;Durée;Nb pax;Prix safari (USD);Sorties;Délai de réservation;Confirmation;Code interne',
  'AK-2J;Safari Akagera 2 jours;Safari;Akagera;Kigali;2 jours / 1 nuit;2-6;640;Samedis du 05/12/2026 au 27/03/2027 (6 places);3 jours avant;sous 24 h;OPS-31',
  'AK-1J;Safari Akagera journée;Safari;Akagera;Kigali;1 jour;2-6;185;12/12/2026 (4);2 jours avant;immédiate;OPS-32',
].join('\n');
const akageraProfile = {
  columns: {
    'Prix safari (USD)': 'prices.adult',
    Sorties: 'departures',
    'Nb pax': 'groupSize',
    'Code interne': 'ignore',
  },
};

describe('tour fields as profile column targets, checked when the profile is saved', () => {
  it('accepts tour fields beside product fields in one profile', () => {
    const checked = checkProducerProfile({
      columns: {
        'Prix safari (USD)': 'prices.adult',
        Amatariki: 'departures',
        'Point de ramassage': 'start.meetingPoint',
        'Âge mini enfant': 'prices.child.minAge',
        'Qté dispo': 'stock',
        'Nom FR': 'names.fr',
      },
    });
    expect(checked.ok).toBe(true);
  });

  it('refuses a target that is neither a product nor a tour field (a typo, the producer) with PROFILE_INVALID at its path', () => {
    const checked = checkProducerProfile({
      columns: { 'Prix safari': 'prices.adults', Operator: 'producerId', Sorties: 'departures' },
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems.map(({ path, code }) => ({ path, code }))).toEqual([
      { path: 'columns.Prix safari', code: 'PROFILE_INVALID' },
      { path: 'columns.Operator', code: 'PROFILE_INVALID' },
    ]);
    expect(checked.problems[0]?.message).toContain('for a tour catalogue, one of code, ');
  });
});

describe('profile mappings in a tour catalogue', () => {
  it('reads the columns the aliases do not know, the header still giving the currency', async () => {
    const refused = await read(akagera, 'akagera.csv', 'akagera-safaris').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CatalogueFileError);
    expect((refused as CatalogueFileError).code).toBe('TOUR_HEADER_COLUMN_MISSING');

    const { summary, offerings } = await read(akagera, 'akagera.csv', 'akagera-safaris', akageraProfile);
    expect(summary.offeringKind).toBe('tour');
    expect(summary.rows).toEqual({ total: 2, accepted: 2, rejected: 0, skipped: 0 });
    expect(summary.errors).toEqual([]);
    // "Code interne" is ignored as the profile says: no COLUMN_UNKNOWN for it.
    expect(summary.warnings).toEqual([]);
    expect(summary.columns.slice(6).map(({ header, field, via }) => ({ header, field, via }))).toEqual([
      { header: 'Nb pax', field: 'groupSize', via: 'profile' },
      { header: 'Prix safari (USD)', field: 'prices.adult', via: 'profile' },
      { header: 'Sorties', field: 'departures', via: 'profile' },
      { header: 'Délai de réservation', field: 'bookingCutoff', via: 'alias' },
      { header: 'Confirmation', field: 'confirmation', via: 'alias' },
      { header: 'Code interne', field: null, via: 'ignored' },
    ]);
    const [twoDays, oneDay] = tours(offerings);
    expect(twoDays).toMatchObject({
      code: 'AK-2J',
      groupSize: { min: 2, max: 6 },
      prices: { adult: { minor: 64000, currency: 'USD' } },
      departures: {
        kind: 'weekly',
        weekdays: ['sat'],
        from: '2026-12-05',
        to: '2027-03-27',
        blackouts: [],
        seats: 6,
      },
    });
    expect(oneDay).toMatchObject({
      code: 'AK-1J',
      prices: { adult: { minor: 18500, currency: 'USD' } },
      departures: { kind: 'dates', dates: [{ date: '2026-12-12', seats: 4 }] },
    });
  });

  it('wins over the alias table: "Places" holds the parks, and the mapped price column beats an earlier "Price"', async () => {
    const csv = [
      'Tour code,Tour name,Activity,Places,Start,Duration,Group size,Price,Safari price (USD),Departures,Booking cut-off,Confirmation',
      'SW-3,Lakes and volcanoes,Multi-day circuit,"Volcanoes, Lake Kivu",Kigali,3 days 2 nights,2-8,see website,1200,05/12/2026 (6),7 days before,Instant',
    ].join('\n');
    const profile = { columns: { Places: 'destinations', 'Safari price (USD)': 'prices.adult' } };
    const { summary, offerings } = await read(csv, 'circuits.csv', 'sunbird-ways', profile);
    expect(summary.errors).toEqual([]);
    expect(tours(offerings)[0]).toMatchObject({
      destinations: ['volcanoes-national-park', 'lake-kivu'],
      prices: { adult: { minor: 120000, currency: 'USD' } },
      departures: { kind: 'dates', dates: [{ date: '2026-12-05', seats: 6 }] },
    });
    expect(issuesOf(summary.warnings)).toEqual([{ row: null, field: 'Price', code: 'COLUMN_DUPLICATE' }]);
    expect(summary.columns[3]).toMatchObject({ header: 'Places', field: 'destinations', via: 'profile' });
    expect(summary.columns[7]).toMatchObject({ header: 'Price', field: null });
  });

  it('counts mapped columns when telling the kind: a Kinyarwanda sheet with one tour alias is a tour catalogue with its profile', async () => {
    const csv = [
      'Kode,Izina,Ubwoko,Pariki,Bahagurukira,Iminsi,Abantu,Igiciro (USD),Itariki zo kugenda,Kubika mbere,Kwemeza',
      'NY-CH,Gusura impundu muri Nyungwe,Chimpanzee trekking,Nyungwe,Rusizi,2 days 1 night,1-8,350,05/12/2026 (8); 19/12/2026 (8),1 day before,mu masaha 24',
    ].join('\n');
    const profile = {
      columns: {
        Pariki: 'destinations',
        Bahagurukira: 'start.placeId',
        Iminsi: 'duration',
        Abantu: 'groupSize',
        'Itariki zo kugenda': 'departures',
        'Kubika mbere': 'bookingCutoff',
      },
    };
    // Without it the sheet names one tour-only field (Kwemeza) and is read as products.
    const asProducts = await read(csv, 'ingendo.csv', 'nyungwe-nziza');
    expect(asProducts.summary.offeringKind).toBe('product');

    const { summary, offerings } = await read(csv, 'ingendo.csv', 'nyungwe-nziza', profile);
    expect(summary.offeringKind).toBe('tour');
    expect(summary.errors).toEqual([]);
    expect(tours(offerings)[0]).toMatchObject({
      code: 'NY-CH',
      names: { rw: 'Gusura impundu muri Nyungwe' },
      category: 'chimpanzee-trekking',
      destinations: ['nyungwe-national-park'],
      start: { placeId: 'rusizi' },
      duration: { days: 2, nights: 1 },
      groupSize: { min: 1, max: 8 },
      prices: { adult: { minor: 35000, currency: 'USD' } },
      departures: {
        kind: 'dates',
        dates: [
          { date: '2026-12-05', seats: 8 },
          { date: '2026-12-19', seats: 8 },
        ],
      },
      bookingCutoff: { daysBefore: 1 },
      confirmation: { kind: 'on-request', withinHours: 24 },
    });
  });

  it('does not read a column the profile maps to a product-only field, and says so', async () => {
    const profile = {
      columns: { ...akageraProfile.columns, 'Code interne': 'attributes.internal-code' },
    };
    const { summary, offerings } = await read(akagera, 'akagera.csv', 'akagera-safaris', profile);
    expect(tours(offerings)).toHaveLength(2);
    expect(issuesOf(summary.warnings)).toEqual([
      { row: null, field: 'Code interne', code: 'COLUMN_UNKNOWN' },
    ]);
    expect(summary.warnings[0]?.message).toBe(
      'Column "Code interne" is mapped by your profile to "attributes.internal-code", which only products have; a tour catalogue does not read it.',
    );
  });

  it('maps JSON keys too: a mapped key is read, an ignored one says nothing, a product-only one is warned about once', async () => {
    const tour = {
      code: 'KV-1',
      name: 'Lake Kivu boat day',
      category: 'lake',
      destinations: ['Lake Kivu'],
      start: 'Rubavu',
      duration: '6 hours',
      'group size': '2-10',
      price: 'USD 90',
      'booking cut-off': 'la veille',
      confirmation: 'instant',
    };
    const json = JSON.stringify({
      tours: [
        { ...tour, sailings: ['2026-12-06 (10)'], supplierRef: 'B-12', stockLevel: 4 },
        { ...tour, code: 'KV-2', sailings: ['2026-12-13 (10)'], supplierRef: 'B-13', stockLevel: 2 },
      ],
    });
    const profile = { columns: { sailings: 'departures', supplierRef: 'ignore', stockLevel: 'stock' } };
    const { summary, offerings } = await read(json, 'kivu.json', 'kivu-boats', profile);
    expect(summary.errors).toEqual([]);
    expect(tours(offerings).map((found) => found.departures)).toEqual([
      { kind: 'dates', dates: [{ date: '2026-12-06', seats: 10 }] },
      { kind: 'dates', dates: [{ date: '2026-12-13', seats: 10 }] },
    ]);
    expect(issuesOf(summary.warnings)).toEqual([{ row: null, field: 'stockLevel', code: 'COLUMN_UNKNOWN' }]);
  });
});

describe('a tour mapping in a product catalogue', () => {
  it('is not read: the column stays a product attribute, and the warning says the profile maps it for tours', async () => {
    const csv = [
      'sku,name,type,price,Qté dispo,Durée',
      'HM-250,Huye Mountain roasted 250 g,roasted coffee,RWF 6500,40,12 mois',
    ].join('\n');
    const profile = { columns: { 'Qté dispo': 'stock', Durée: 'duration', Sorties: 'departures' } };
    const { summary, offerings } = await read(csv, 'huye.csv', 'huye-mountain', profile);
    expect(summary.offeringKind).toBe('product');
    expect(offerings).toHaveLength(1);
    expect(offerings[0]).toMatchObject({
      kind: 'product',
      product: { sku: 'HM-250', stock: 40, attributes: { Durée: '12 mois' } },
    });
    expect(issuesOf(summary.warnings)).toEqual([{ row: null, field: 'Durée', code: 'COLUMN_UNKNOWN' }]);
    expect(summary.warnings[0]?.message).toBe(
      'Column "Durée" is mapped by your profile to the tour field "duration", which products do not have; its values are kept as product attributes.',
    );
  });
});
