import { describe, expect, it } from 'vitest';
import type { TourPackage } from '../../../functions/core/catalogue/tour-model.ts';
import { fliggyChannel } from '../../../functions/core/channels/fliggy/channel.ts';
import type { FliggyItem } from '../../../functions/core/channels/fliggy/transform.ts';
import { loadConfigFxRates } from '../../support/product-factory.ts';
import { fliggyValidators } from '../../support/schema-validators.ts';
import { makeTour, TOUR_TODAY } from '../../support/tour-factory.ts';

const fx = loadConfigFxRates();
const validators = fliggyValidators();

function itemOf(tour: TourPackage): FliggyItem {
  const { item } = fliggyChannel.transform(tour, { fx, today: TOUR_TODAY });
  if (item === null) throw new Error('rejected');
  return item;
}

async function render(items: Iterable<FliggyItem> | AsyncIterable<FliggyItem>, generatedAt: string) {
  const chunks: string[] = [];
  const summary = await fliggyChannel.render(
    'virunga-trails',
    items,
    (chunk) => {
      chunks.push(chunk);
    },
    { generatedAt },
  );
  const text = chunks.join('');
  const document = JSON.parse(text) as { items: FliggyItem[]; itemCount: number; delisted: string[] };
  expect(validators.document(document)).toEqual([]);
  return { text, chunks, summary, document };
}

/** The factory's trek: departures on 5 and 12 December, bookings closing the day before at 18:00 in Kigali. */
const trek = () => itemOf(makeTour());

describe('fliggy render', () => {
  it('writes the document shape with every calendar date still bookable', async () => {
    const { document, summary, text } = await render([trek()], '2026-11-29T06:00:00.000Z');
    expect(Object.keys(document)).toEqual([
      'channel',
      'producerId',
      'kind',
      'generatedAt',
      'items',
      'delisted',
      'itemCount',
    ]);
    expect(document.items[0]?.calendar.map((date) => date.date)).toEqual(['2026-12-05', '2026-12-12']);
    expect(summary).toEqual({ itemCount: 1 });
    expect(text.endsWith('"itemCount":1}\n')).toBe(true);
  });

  it('drops a date once its bookings have closed, without touching the stored item', async () => {
    const item = trek();
    const stored = JSON.stringify(item);
    // 5 December closes at 2026-12-04T16:00:00Z (18:00 in Kigali)
    const before = await render([item], '2026-12-04T15:59:59.999Z');
    expect(before.document.items[0]?.calendar.map((date) => date.date)).toEqual(['2026-12-05', '2026-12-12']);
    const at = await render([item], '2026-12-04T16:00:00.000Z');
    expect(at.document.items[0]?.calendar.map((date) => date.date)).toEqual(['2026-12-12']);
    expect(JSON.stringify(item)).toBe(stored);
  });

  it('leaves out an item with no bookable date left, and does not count it', async () => {
    const city = itemOf(
      makeTour({
        code: 'KGL-CITY',
        category: 'city-and-culture',
        minimumAge: undefined,
        inclusions: [],
        duration: { hours: 4 },
        departures: { kind: 'dates', dates: [{ date: '2027-01-09', seats: 10 }] },
      }),
    );
    const { document, summary } = await render([trek(), city], '2026-12-20T00:00:00.000Z');
    expect(document.items.map((item) => item.outProductId)).toEqual(['KGL-CITY']);
    expect(document.itemCount).toBe(1);
    expect(summary.itemCount).toBe(1);
  });

  it('renders an empty document when every tour has closed', async () => {
    const { text } = await render([trek()], '2027-01-01T00:00:00.000Z');
    expect(text).toBe(
      '{"channel":"fliggy","producerId":"virunga-trails","kind":"full","generatedAt":"2027-01-01T00:00:00.000Z","items":[],"delisted":[],"itemCount":0}\n',
    );
  });

  it('writes one full document per operator; the schema refuses a delta kind or a withdrawn code', async () => {
    expect(fliggyChannel.documentPath('virunga-trails')).toBe('fliggy/virunga-trails.json');
    const { document } = await render([trek()], '2026-11-29T06:00:00.000Z');
    expect(validators.document({ ...document, kind: 'delta' })).not.toEqual([]);
    expect(validators.document({ ...document, delisted: ['OLD-TOUR'] })).not.toEqual([]);
  });

  it('streams many items in chunks from an async source, one item per line', async () => {
    const item = trek();
    async function* many() {
      for (let index = 0; index < 400; index++) yield { ...item, outProductId: `GOR-${index}` };
    }
    const { chunks, document } = await render(many(), '2026-11-29T06:00:00.000Z');
    expect(chunks.length).toBeGreaterThan(1);
    expect(document.itemCount).toBe(400);
    expect(document.items[399]?.outProductId).toBe('GOR-399');
  });

  it('refuses a generatedAt that is not an instant', async () => {
    await expect(
      fliggyChannel.render('virunga-trails', [trek()], () => undefined, { generatedAt: 'now' }),
    ).rejects.toThrow(RangeError);
  });

  it('refuses a document path for something that is not a producer id', () => {
    expect(() => fliggyChannel.documentPath('../etc')).toThrow(RangeError);
  });
});
