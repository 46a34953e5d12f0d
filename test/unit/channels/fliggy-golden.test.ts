import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FliggyItem } from '../../../functions/core/channels/fliggy/transform.ts';
import { goldenDir, renderSamplePreview, sampleProducers } from '../../support/golden-previews.ts';
import { fliggyValidators } from '../../support/schema-validators.ts';
import { GOLDEN_TODAY, renderTourGolden, TOUR_OPERATORS, tourGoldenDir } from '../../support/tour-golden.ts';

const validators = fliggyValidators();
const golden = (operator: string, path: string) =>
  readFileSync(new URL(`${operator}/${path}`, tourGoldenDir), 'utf8');

describe.each(TOUR_OPERATORS)('golden fliggy document of %s', (operator) => {
  it('renders exactly the reviewed document and report', async () => {
    const { report, documents } = await renderTourGolden(operator);
    expect(`${JSON.stringify(report, null, 2)}\n`).toBe(golden(operator, 'report.json'));
    expect([...documents.keys()]).toEqual([`fliggy/${operator}.json`]);
    for (const [path, text] of documents) expect(text, path).toBe(golden(operator, path));
  });

  it('renders a document the schema accepts', async () => {
    const { documents } = await renderTourGolden(operator);
    expect(validators.document(JSON.parse(documents.get(`fliggy/${operator}.json`) ?? 'null'))).toEqual([]);
  });
});

describe.each(TOUR_OPERATORS)('golden preview of the %s sample, read from its file', (operator) => {
  const sample = sampleProducers().find((producer) => producer.producerId === operator);
  const sampleGolden = (path: string) => readFileSync(new URL(`${operator}/${path}`, goldenDir), 'utf8');

  it('is listed for npm start, and previews to the reviewed fliggy document and report only', async () => {
    if (!sample) throw new Error(`samples/producers.json lists no ${operator}`);
    const { report, documents } = await renderSamplePreview(sample);
    expect(report).toMatchObject({ offeringKind: 'tour' });
    expect(`${JSON.stringify(report, null, 2)}\n`).toBe(sampleGolden('report.json'));
    expect([...documents.keys()]).toEqual([`fliggy/${operator}.json`]);
    const text = documents.get(`fliggy/${operator}.json`) ?? 'null';
    expect(text).toBe(sampleGolden(`fliggy/${operator}.json`));
    expect(validators.document(JSON.parse(text))).toEqual([]);
  });

  it('carries the hand-written tours exactly as their reviewed golden does, calendar to the fen', async () => {
    if (!sample) throw new Error(`samples/producers.json lists no ${operator}`);
    const { documents } = await renderSamplePreview(sample);
    const read = JSON.parse(documents.get(`fliggy/${operator}.json`) ?? 'null') as { items: FliggyItem[] };
    const reviewed = JSON.parse(golden(operator, `fliggy/${operator}.json`)) as { items: FliggyItem[] };
    const byCode = new Map(read.items.map((item) => [item.outProductId, item]));
    for (const item of reviewed.items) expect(byCode.get(item.outProductId), item.outProductId).toEqual(item);
  });
});

/** The reviewed values, computed by hand from config/fx-rates.json and a wall calendar. */
describe('golden price calendars, to the fen', () => {
  const items = (operator: string): Map<string, FliggyItem> => {
    const document = JSON.parse(golden(operator, `fliggy/${operator}.json`)) as { items: FliggyItem[] };
    return new Map(document.items.map((item) => [item.outProductId, item]));
  };

  it('is rendered for 29 November 2026 in Kigali', () => {
    expect(GOLDEN_TODAY).toBe('2026-11-29');
  });

  it('prices the gorilla trek from Musanze in USD, on the explicit dates still bookable', () => {
    const trek = items('virunga-trails').get('VT-GOR-1D');
    // 1,849.99 USD x 7.1050 = 13,144.17895 CNY -> 1,314,418 fen (half up)
    expect(trek?.prices.adult.minor).toBe(1314418);
    // 28 Nov is past; 30 Nov closed on 28 Nov (2 days before); 1 Dec closes today at 18:00 Kigali
    expect(trek?.calendar.map((date) => [date.date, date.bookableUntil, date.seats, date.adult])).toEqual([
      ['2026-12-01', '2026-11-29T16:00:00Z', 2, 1314418],
      ['2026-12-02', '2026-11-30T16:00:00Z', 4, 1314418],
      ['2026-12-05', '2026-12-03T16:00:00Z', 8, 1314418],
      ['2026-12-12', '2026-12-10T16:00:00Z', 0, 1314418],
    ]);
  });

  it('prices the Kigali city tour in RWF, daily over its season minus two blackout days', () => {
    const city = items('virunga-trails').get('VT-KGL-CITY');
    // adult 45,000 RWF x 0.004895 = 220.275 CNY -> 22,028 fen; child 22,500 RWF -> 110.1375 -> 11,014 fen
    expect(city?.calendar.map((date) => [date.date, date.adult, date.child])).toEqual(
      [
        '2026-12-20',
        '2026-12-21',
        '2026-12-22',
        '2026-12-23',
        '2026-12-24',
        '2026-12-26',
        '2026-12-27',
        '2026-12-28',
        '2026-12-29',
        '2026-12-30',
        '2026-12-31',
        '2027-01-02',
        '2027-01-03',
      ].map((date) => [date, 22028, 11014]),
    );
    // no cut-off time given: 23:59 in Kigali the day before, 21:59 UTC
    expect(city?.calendar[0]?.bookableUntil).toBe('2026-12-19T21:59:00Z');
  });

  it('prices the 8-day circuit on its Saturdays, minus blackouts and the 14-day cut-off', () => {
    const circuit = items('kivu-horizons').get('KH-CIRCUIT-8D');
    // adult 4,895.00 USD x 7.1050 = 34,778.975 -> 3,477,898 fen; child 4,395.00 -> 31,226.475 -> 3,122,648;
    // single room 650.00 -> 4,618.25 -> 461,825
    expect(circuit?.calendar.map((date) => [date.date, date.adult, date.child, date.singleRoom])).toEqual(
      [
        // 5 and 12 Dec closed on 21 and 28 Nov; 26 Dec and 2 Jan are blacked out
        '2026-12-19',
        '2027-01-09',
        '2027-01-16',
        '2027-01-23',
        '2027-01-30',
        '2027-02-06',
        '2027-02-13',
        '2027-02-20',
        '2027-02-27',
        '2027-03-06',
        '2027-03-13',
        '2027-03-20',
        '2027-03-27',
      ].map((date) => [date, 3477898, 3122648, 461825]),
    );
    expect(circuit?.title).toBe('卢旺达火山国家公园+基伍湖+纽恩威国家公园环线8日游');
  });
});
