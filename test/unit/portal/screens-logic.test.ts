import { describe, expect, it } from 'vitest';
import { itemPreview } from '../../../portal/src/channels/item-preview.ts';
import { createTranslator, isoMinutes } from '../../../portal/src/i18n/translate.ts';
import {
  channelFindings,
  findingRows,
  matchesFilters,
  NO_FILTERS,
} from '../../../portal/src/lib/findings.ts';
import { withColumn, withDefault } from '../../../portal/src/profile/profile-edit.ts';
import { PROFILE_DISTRICTS, PROFILE_PRODUCT_TYPES } from '../../../portal/src/profile/profile-fields.ts';
import { parseRoute, pathOf, type Route } from '../../../portal/src/router.ts';

describe('portal routes', () => {
  it.each<[string, Route]>([
    ['/', { name: 'upload' }],
    ['/upload', { name: 'upload' }],
    ['/uploads', { name: 'uploads' }],
    ['/uploads/cat-01J', { name: 'report', catalogueId: 'cat-01J' }],
    ['/channels', { name: 'channels' }],
    ['/channels/freshippo', { name: 'channel', channel: 'freshippo' }],
    ['/channels/tmall-global/items/HU%2F001', { name: 'item', channel: 'tmall-global', sku: 'HU/001' }],
    ['/callback', { name: 'callback' }],
    ['/producers/p1/profile', { name: 'notFound' }],
    ['/uploads/%E0%A4%A', { name: 'notFound' }],
  ])('%s', (path, route) => {
    expect(parseRoute(path)).toEqual(route);
  });

  it('round-trips every route through its path, a SKU with "/" included', () => {
    const route: Route = { name: 'item', channel: 'tmall-global', sku: 'HU/001 A' };
    expect(pathOf(route)).toBe('/channels/tmall-global/items/HU%2F001%20A');
    expect(parseRoute(pathOf(route))).toEqual(route);
  });
});

describe('findings in the page', () => {
  const items = [
    {
      sku: 'HU-001',
      state: 'REJECTED' as const,
      reasons: [{ code: 'HS_CODE_MISMATCH', field: 'hsCode', message: 'HS 0902 is tea' }],
      warnings: [{ code: 'IMAGES_MISSING', field: 'images', message: 'no image' }],
      updatedAt: '2026-05-01T00:00:00Z',
    },
  ];

  it("turns a channel's reasons into errors and its warnings into warnings", () => {
    expect(channelFindings(items)).toEqual([
      {
        row: null,
        sku: 'HU-001',
        code: 'HS_CODE_MISMATCH',
        field: 'hsCode',
        message: 'HS 0902 is tea',
        severity: 'error',
      },
      {
        row: null,
        sku: 'HU-001',
        code: 'IMAGES_MISSING',
        field: 'images',
        message: 'no image',
        severity: 'warning',
      },
    ]);
  });

  it('filters as the findings route does: code and field exact, SKU by prefix', () => {
    const [error] = channelFindings(items);
    if (!error) throw new Error('expected a finding');
    expect(matchesFilters(error, NO_FILTERS)).toBe(true);
    expect(matchesFilters(error, { ...NO_FILTERS, sku: 'HU-' })).toBe(true);
    expect(matchesFilters(error, { ...NO_FILTERS, sku: 'U-0' })).toBe(false);
    expect(matchesFilters(error, { ...NO_FILTERS, code: 'HS_CODE' })).toBe(false);
    expect(matchesFilters(error, { ...NO_FILTERS, field: 'hsCode', severity: 'error' })).toBe(true);
    expect(matchesFilters(error, { ...NO_FILTERS, severity: 'warning' })).toBe(false);
  });

  it('writes CSV rows in the order of the header, with the message it is given', () => {
    expect(
      findingRows(
        channelFindings(items),
        (f) => `msg:${f.code}`,
        (s) => (s === 'error' ? 'Ikosa' : 'Umuburo'),
      ),
    ).toEqual([
      [null, 'HU-001', 'hsCode', 'HS_CODE_MISMATCH', 'Ikosa', 'msg:HS_CODE_MISMATCH'],
      [null, 'HU-001', 'images', 'IMAGES_MISSING', 'Umuburo', 'msg:IMAGES_MISSING'],
    ]);
  });
});

describe('profile edits', () => {
  const profile = { defaults: { currency: 'USD' }, columns: { 'Qté dispo': 'stock' }, values: {} };

  it('maps a column, and "as read" removes the mapping', () => {
    expect(withColumn(profile, 'Igiciro (RWF)', 'price').columns).toEqual({
      'Qté dispo': 'stock',
      'Igiciro (RWF)': 'price',
    });
    expect(withColumn(profile, 'Qté dispo', '').columns).toEqual({});
    expect(profile.columns).toEqual({ 'Qté dispo': 'stock' });
  });

  it('sets and clears a default', () => {
    expect(withDefault(profile, 'district', 'Huye').defaults).toEqual({ currency: 'USD', district: 'Huye' });
    expect(withDefault(profile, 'currency', '').defaults).toEqual({});
  });

  it('offers every product type and all 30 districts', () => {
    expect(PROFILE_PRODUCT_TYPES).toContain('coffee-green');
    expect(PROFILE_PRODUCT_TYPES).toContain('other');
    expect(PROFILE_DISTRICTS).toHaveLength(30);
    expect(PROFILE_DISTRICTS).toContain('Nyamasheke');
  });
});

describe('item preview card', () => {
  it('shows a Tmall Global item as the channel does: Chinese title, CNY price, image, shelf life, certifications', () => {
    const preview = itemPreview('tmall-global', {
      sku: 'HU-001',
      title: '卢旺达 胡耶 红波旁 水洗 生咖啡豆 1kg',
      titleEn: 'Huye Red Bourbon washed green coffee',
      origin: { country: 'RW', countryZh: '卢旺达', region: 'Huye', regionZh: '胡耶' },
      hsCode: '090111',
      skus: [{ skuCode: 'HU-001', price: { minor: 13144, currency: 'CNY', formatted: '131.44' }, stock: 40 }],
      images: ['http://insecure.example/a.jpg'],
      shelfLifeDays: 365,
      certifications: [{ code: 'organic', label: 'Bio', nameZh: '有机' }],
      crossBorderMode: 'direct-mail',
    });
    expect(preview).toEqual({
      title: '卢旺达 胡耶 红波旁 水洗 生咖啡豆 1kg',
      subtitle: 'Huye Red Bourbon washed green coffee',
      priceCny: '131.44',
      pricePer500gCny: null,
      imageUrl: null,
      shelfLifeDays: 365,
      certifications: ['有机'],
      facts: [
        ['origin', '卢旺达 胡耶'],
        ['crossBorderMode', 'direct-mail'],
        ['hsCode', '090111'],
      ],
    });
  });

  it('shows a Fliggy tour with its trip length, start city, first departure with seats and its price, and permits', () => {
    const preview = itemPreview('fliggy', {
      outProductId: 'VT-GOR-1D',
      title: '卢旺达火山国家公园山地大猩猩徒步1日游',
      titleEn: 'Mountain gorilla trek in Volcanoes National Park',
      start: { placeId: 'musanze', city: { placeId: 'musanze', name: 'Musanze', nameZh: '穆桑泽' } },
      tripDays: 1,
      tripNights: 0,
      durationHours: null,
      permits: [{ kind: 'gorilla-permit', nameZh: '山地大猩猩徒步许可证', included: true }],
      confirmation: { type: 'on-request', confirmType: 2, withinHours: 6 },
      images: ['https://cdn.example/gorilla.jpg'],
      // The first date is sold out: the preview shows the first one a traveller can still book.
      calendar: [
        { date: '2026-12-01', seats: 0, adult: 1314418, child: null, singleRoom: null },
        { date: '2026-12-05', seats: 8, adult: 1299000, child: null, singleRoom: null },
      ],
    });
    expect(preview).toEqual({
      title: '卢旺达火山国家公园山地大猩猩徒步1日游',
      subtitle: 'Mountain gorilla trek in Volcanoes National Park',
      priceCny: '12990.00',
      pricePer500gCny: null,
      imageUrl: 'https://cdn.example/gorilla.jpg',
      shelfLifeDays: null,
      certifications: [],
      facts: [
        ['trip', '1天0晚'],
        ['start', '穆桑泽'],
        ['nextDeparture', '2026-12-05 (8)'],
        ['permits', '山地大猩猩徒步许可证 ✓'],
        ['confirmation', 'on-request'],
      ],
    });
    expect(itemPreview('fliggy', { durationHours: 4.5, calendar: [] }).facts).toEqual([['trip', '4.5小时']]);
  });

  it('shows a Freshippo item with its spec, per-500 g price and storage range', () => {
    const preview = itemPreview('freshippo', {
      nameZh: '卢旺达 牛油果',
      nameEn: 'Kayonza avocado',
      spec: '1kg/箱',
      unitPrice: { minor: 2990, currency: 'CNY', formatted: '29.90' },
      pricePer500g: { minor: 1495, currency: 'CNY', formatted: '14.95' },
      shelfLifeDays: 21,
      storage: { coldChain: true, minC: 5, maxC: 8 },
      origin: { country: 'RW', district: 'Kayonza', districtZh: '卡永扎', farm: null },
      harvestDate: '2026-05-02',
      lot: null,
      gtin: '06009900000011',
      certifications: [],
    });
    expect(preview.title).toBe('卢旺达 牛油果');
    expect(preview.priceCny).toBe('29.90');
    expect(preview.pricePer500gCny).toBe('14.95');
    expect(preview.facts).toEqual([
      ['spec', '1kg/箱'],
      ['origin', '卡永扎'],
      ['storage', '5–8 °C'],
      ['harvestDate', '2026-05-02'],
      ['gtin', '06009900000011'],
    ]);
  });

  it('still makes a card for a channel it has no reader for', () => {
    expect(
      itemPreview('fliggy', { title: '卢旺达火山国家公园山地大猩猩徒步1日游', images: ['https://x/y.jpg'] }),
    ).toMatchObject({ title: '卢旺达火山国家公园山地大猩猩徒步1日游', imageUrl: 'https://x/y.jpg' });
  });
});

describe('dates without the browser knowing the language', () => {
  it('writes them as numbers, in local time', () => {
    expect(isoMinutes(new Date(2026, 5, 1, 8, 5))).toBe('2026-06-01 08:05');
  });

  it('keeps an unreadable date as the API wrote it', () => {
    expect(createTranslator('fr').dateTime('not a date')).toBe('not a date');
  });
});
