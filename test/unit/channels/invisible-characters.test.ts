import { describe, expect, it } from 'vitest';
import { renderPreview } from '../../support/golden-previews.ts';

/*
 * Invisible controls (bidirectional overrides, zero-width characters, a BOM inside text) and
 * noncharacters are stripped from every cell, once, before any channel sees the product: the
 * XML writer used to drop some of them while the JSON writer passed them through verbatim.
 */

const HEADER =
  'sku;name;type;price;currency;net weight (kg);unit;stock;gtin;hs code;shelf life (days);district;farm';
// A row both channels accept, so the cleaned text is in both feeds.
const row = (name: string, farm: string) =>
  `HMC-GB-001;${name};green coffee;18 500;RWF;1;bag;240;6163001000012;0901.11;365;Huye;${farm}`;

const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF\uFFFE\uFFFF\uFDD0]/u;

describe('invisible characters in a cell', () => {
  it('reach neither feed, and the row says what was removed', async () => {
    // "Huye coffee" with a right-to-left override that would show it reversed, and a farm name
    // with a stray right-to-left mark and zero-width space from a copy-paste.
    const csv = `${HEADER}\n${row('\u202EHuye coffee\u202C', 'Maraba\u200F\u200B coop')}\n`;
    const { report, documents } = await renderPreview(Buffer.from(csv, 'utf8'), {
      producerId: 'huye-coop',
      format: 'csv',
    });
    expect(report.rows).toEqual({ total: 1, accepted: 1, rejected: 0, skipped: 0 });
    const tmall = documents.get('tmall-global/huye-coop.json') ?? '';
    const freshippo = documents.get('freshippo/huye-coop.xml') ?? '';
    expect(tmall).toContain('"titleEn":"Huye coffee"');
    expect(freshippo).toContain('<name lang="en">Huye coffee</name>');
    // Only freshippo carries the farm.
    expect(freshippo).toContain('<farm>Maraba coop</farm>');
    for (const feed of [tmall, freshippo]) expect(feed).not.toMatch(INVISIBLE);
    expect(report.rowWarnings.map((warning) => [warning.row, warning.field, warning.code])).toEqual([
      [2, 'names.en', 'CELL_INVISIBLE_CHARACTERS_REMOVED'],
      [2, 'origin.farm', 'CELL_INVISIBLE_CHARACTERS_REMOVED'],
    ]);
    expect(report.rowWarnings[0]?.message).toContain('U+202E');
  });

  it('are removed from JSON values and lists alike, noncharacters included', async () => {
    const json = JSON.stringify([
      {
        sku: 'HMC-GB-001',
        name: 'Huye\uFEFF coffee\uFFFF',
        productType: 'green coffee',
        price: 'RWF 18500',
        netContent: '1 kg',
        certifications: ['Fair\u2066trade\u2069', '\uFDD0Organic'],
        gtin: '6163001000012',
        hsCode: '0901.11',
        shelfLifeDays: 365,
        farm: 'Maraba',
        district: 'Huye',
        stock: 3,
        // google-merchant needs a product page and an image, so its documents carry the item too
        link: 'https://huye-mountain.rw/shop/hmc-gb-001',
        images: ['https://cdn.huye-mountain.rw/img/hmc-gb-001.jpg'],
      },
    ]);
    const { documents } = await renderPreview(Buffer.from(json, 'utf8'), {
      producerId: 'huye-coop',
      format: 'json',
    });
    for (const feed of documents.values()) {
      expect(feed).toContain('Huye coffee');
      expect(feed).not.toMatch(INVISIBLE);
    }
  });
});
