import { describe, expect, it } from 'vitest';
import { AliasMatcher } from '../../../../functions/core/catalogue/columns/alias-matcher.ts';
import { headerWords } from '../../../../functions/core/catalogue/columns/header-words.ts';
import { mapHeader } from '../../../../functions/core/catalogue/headers.ts';

describe('headerWords', () => {
  it('splits words from units wherever the unit is written', () => {
    expect(headerWords('Min. temp (°C)')).toEqual({ words: ['min', 'temp'], units: ['degc'], index: null });
    expect(headerWords('Prix en RWF')).toEqual({ words: ['prix'], units: ['rwf'], index: null });
    expect(headerWords('Température minimale de stockage')).toEqual({
      words: ['temp', 'min', 'stockage'],
      units: [],
      index: null,
    });
    expect(headerWords('Poids (g)')).toEqual({ words: ['poid'], units: ['g'], index: null });
    expect(headerWords('Photo 3')).toEqual({ words: ['photo'], units: [], index: 3 });
    expect(headerWords("Igiciro cy'igicuruzwa (Frw)")).toEqual({
      words: ['igiciro', 'igicuruzwa'],
      units: ['frw'],
      index: null,
    });
  });

  it('reads "en" as a language only where it cannot be the French preposition', () => {
    expect(headerWords('Nom EN').units).toEqual(['en']);
    expect(headerWords('Prix en USD').units).toEqual(['usd']);
  });

  it('keeps single letters as words outside brackets ("Type A" is not a type in amperes)', () => {
    expect(headerWords('Type A')).toEqual({ words: ['type', 'a'], units: [], index: null });
    expect(headerWords('Volume (l)').units).toEqual(['l']);
  });
});

describe('mapHeader: headers as producers write them', () => {
  it.each([
    ['Min. temp (°C)', 'storageTemperature.minC', '°c'],
    ['Temp. max °C', 'storageTemperature.maxC', 'degc'],
    ['Température minimale de stockage', 'storageTemperature.minC', null],
    ['Maximum storage temperature (°F)', 'storageTemperature.maxC', 'degf'],
    ['Prix en RWF', 'price', 'rwf'],
    ['Prix unitaire de vente TTC', 'price', null],
    ['Price incl. VAT (USD)', 'price', 'usd'],
    ['Selling price per kg', 'price', 'kg'],
    ['Poids (g)', 'netContent', 'g'],
    ['Net qty', 'netContent', null],
    ['Quantité disponible en stock', 'stock', null],
    ['Qté', 'stock', null],
    ['Référence article', 'sku', null],
    ["Nom de l'article", 'names.fr', null],
    ['Lot No.', 'lot', null],
    ['N° de lot', 'lot', null],
    ['Unit of measure', 'netContent.unit', null],
    ['Weight unit', 'netContent.unit', null],
    ['Gross weight in kg', 'grossWeight', 'kg'],
    ["Poids d'expédition (kg)", 'grossWeight', 'kg'],
    ['Prix promo', 'salePrice', null],
    ['Product page URL', 'link', null],
    ['Image URL 2', 'images', null],
    ["Igiciro cy'igicuruzwa (Frw)", 'price', 'frw'],
    ['Ibiciro', 'price', null],
    ['Ububiko', 'stock', null],
    ['Igipimo', 'netContent.unit', null],
    ['Roast date', 'packDate', null],
  ])('%s -> %s', (header, field, unit) => {
    const mapped = mapHeader(header);
    expect(mapped?.field).toBe(field);
    expect(mapped?.headerUnit ?? null).toBe(unit);
  });

  it.each([['Code postal'], ['Notes internes'], ['Type A'], ['Couleur'], ['Prix d’achat fournisseur']])(
    '%s maps to nothing',
    (header) => {
      expect(mapHeader(header)).toBeNull();
    },
  );
});

describe('AliasMatcher', () => {
  const matcher = new AliasMatcher({
    packaging: ['type of packaging', 'packaging'],
    kind: ['type'],
    volume: ['unit volume'],
    unit: ['volume unit'],
  });

  it('tells apart two aliases with the same words by the header word order', () => {
    expect(matcher.match(headerWords('Unit volume'))).toMatchObject({ kind: 'match', field: 'volume' });
    expect(matcher.match(headerWords('Volume unit'))).toMatchObject({ kind: 'match', field: 'unit' });
  });

  it('leaves a header two fields explain equally well ambiguous', () => {
    const both = new AliasMatcher({ a: ['alpha beta'], b: ['beta gamma'] });
    expect(both.match(headerWords('alpha beta gamma'))).toEqual({ kind: 'ambiguous', fields: ['a', 'b'] });
  });

  it('suggests the closest fields for a header it cannot place', () => {
    expect(matcher.suggest(headerWords('Packagings'))).toEqual([{ field: 'packaging', score: 1 }]);
    // "volume" is the field's own name (every field is an alias of itself), hence the full score.
    expect(matcher.suggest(headerWords('Volum'))).toEqual([
      { field: 'volume', score: 1 },
      { field: 'unit', score: 0.5 },
    ]);
  });

  it('refuses a table where two fields claim the same words in the same order', () => {
    expect(() => new AliasMatcher({ a: ['net weight'], b: ['Net  Weight'] })).toThrow(/same words/);
  });
});
