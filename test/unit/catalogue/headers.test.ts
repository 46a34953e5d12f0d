import { describe, expect, it } from 'vitest';
import {
  HEADER_ALIASES,
  mapHeader,
  mapHeaders,
  missingRequiredColumns,
} from '../../../functions/core/catalogue/headers.ts';

function fieldsOf(keys: string[]): Record<string, string> {
  const { columns } = mapHeaders(keys);
  return Object.fromEntries([...columns].map(([key, column]) => [key, column.field]));
}

describe('mapHeaders', () => {
  it('maps a French spreadsheet header, keeping units from the header', () => {
    const result = mapHeaders([
      'Référence',
      'DÉSIGNATION ',
      'Type de produit',
      'Variété',
      'Procédé',
      'Marque',
      'Prix unitaire (RWF)',
      'Devise',
      'Poids net (kg)',
      'Conditionnement',
      'Quantité en stock',
      'District',
      'Coopérative',
      'Code-barres',
      'Code SH',
      'Durée de conservation (jours)',
      'Température de stockage min (°C)',
      'Date de récolte',
      'Numéro de lot',
      'Labels',
      'Colisage',
    ]);
    expect(result.unknown).toEqual([]);
    expect(Object.fromEntries(result.columns)).toEqual({
      Référence: { field: 'sku' },
      'DÉSIGNATION ': { field: 'names.fr' },
      'Type de produit': { field: 'productType' },
      Variété: { field: 'attributes.variety' },
      Procédé: { field: 'attributes.process' },
      Marque: { field: 'brand' },
      'Prix unitaire (RWF)': { field: 'price', headerUnit: 'rwf' },
      Devise: { field: 'price.currency' },
      'Poids net (kg)': { field: 'netContent', headerUnit: 'kg' },
      Conditionnement: { field: 'salesUnit' },
      'Quantité en stock': { field: 'stock' },
      District: { field: 'origin.district' },
      Coopérative: { field: 'origin.farm' },
      'Code-barres': { field: 'gtin' },
      'Code SH': { field: 'hsCode' },
      'Durée de conservation (jours)': { field: 'shelfLifeDays', headerUnit: 'jours' },
      'Température de stockage min (°C)': { field: 'storageTemperature.minC', headerUnit: '°c' },
      'Date de récolte': { field: 'harvestDate' },
      'Numéro de lot': { field: 'lot' },
      Labels: { field: 'certifications' },
      Colisage: { field: 'casePack' },
    });
  });

  it('maps Kinyarwanda headers', () => {
    expect(
      fieldsOf([
        'Kode',
        'Izina',
        'Izina mu Gishinwa',
        'Ubwoko',
        "Ubwoko bw'imbuto",
        'Igiciro',
        'Ifaranga',
        'Uburemere',
        'Ingano',
        'Ibiri mu bubiko',
        'Akarere',
        'Koperative',
        'Umurima',
        'Igihe kimara (iminsi)',
        "Itariki y'isarura",
        'Ibyemezo',
      ]),
    ).toEqual({
      Kode: 'sku',
      Izina: 'names.rw',
      'Izina mu Gishinwa': 'names.zh-CN',
      Ubwoko: 'productType',
      "Ubwoko bw'imbuto": 'attributes.variety',
      Igiciro: 'price',
      Ifaranga: 'price.currency',
      Uburemere: 'netContent',
      Ingano: 'salesUnit',
      'Ibiri mu bubiko': 'stock',
      Akarere: 'origin.district',
      Koperative: 'origin.farm',
      // A second farm column: kept apart, see the duplicate test.
      'Igihe kimara (iminsi)': 'shelfLifeDays',
      "Itariki y'isarura": 'harvestDate',
      Ibyemezo: 'certifications',
    });
  });

  it('maps English headers and the dotted keys of canonical-shape JSON and XML', () => {
    expect(
      fieldsOf([
        'sku',
        'names.en',
        'names.zh-CN',
        'productType',
        'price.amount',
        'price.currency',
        'netContent.value',
        'netContent.unit',
        'origin.country',
        'origin.district',
        'origin.farm',
        'storageTemperature.minC',
        'storageTemperature.maxC',
        'shelfLifeDays',
        'casePack',
        'salesUnit',
        'hs_code',
        'pack_date',
        'GTIN',
      ]),
    ).toEqual({
      sku: 'sku',
      'names.en': 'names.en',
      'names.zh-CN': 'names.zh-CN',
      productType: 'productType',
      'price.amount': 'price',
      'price.currency': 'price.currency',
      'netContent.value': 'netContent',
      'netContent.unit': 'netContent.unit',
      'origin.country': 'origin.country',
      'origin.district': 'origin.district',
      'origin.farm': 'origin.farm',
      'storageTemperature.minC': 'storageTemperature.minC',
      'storageTemperature.maxC': 'storageTemperature.maxC',
      shelfLifeDays: 'shelfLifeDays',
      casePack: 'casePack',
      salesUnit: 'salesUnit',
      hs_code: 'hsCode',
      pack_date: 'packDate',
      GTIN: 'gtin',
    });
  });

  it('takes a name language from the header unit and units written as a last word', () => {
    expect(
      [
        'Désignation (EN)',
        'NAME (中文)',
        'Nom [rw]',
        'Prix RWF',
        'Poids_net_kg',
        'Image 2',
        'images.1',
        'certifications[0].label',
      ].map(mapHeader),
    ).toEqual([
      { field: 'names.en', headerUnit: 'en' },
      { field: 'names.zh-CN', headerUnit: '中文' },
      { field: 'names.rw', headerUnit: 'rw' },
      { field: 'price', headerUnit: 'rwf' },
      { field: 'netContent', headerUnit: 'kg' },
      { field: 'images' },
      { field: 'images', index: 1 },
      { field: 'certifications', index: 0, part: 'label' },
    ]);
    expect(['Couleur', 'Notes internes', 'Type A'].map(mapHeader)).toEqual([null, null, null]);
  });

  it('keeps unknown headers and a second column for the same field apart, in file order', () => {
    expect(mapHeaders(['SKU', 'Nom', 'Couleur', 'Désignation', 'Image', 'Photo'])).toEqual({
      columns: new Map([
        ['SKU', { field: 'sku' }],
        ['Nom', { field: 'names.fr' }],
        ['Image', { field: 'images' }],
        ['Photo', { field: 'images' }],
      ]),
      unknown: ['Couleur'],
      duplicates: [{ header: 'Désignation', field: 'names.fr', takenBy: 'Nom' }],
    });
  });

  it('lists required fields no column provides', () => {
    const mapped = new Set(
      [...mapHeaders(['Code', 'Prix', 'Stock']).columns.values()].map((column) => column.field),
    );
    expect(missingRequiredColumns(mapped)).toEqual(['names']);
  });

  it('declares aliases in all three languages for every field the brief lists', () => {
    expect(HEADER_ALIASES.sku).toEqual(
      expect.arrayContaining(['sku', 'code', 'référence', 'code article', 'kode']),
    );
    expect(HEADER_ALIASES['origin.farm']).toEqual(
      expect.arrayContaining([
        'farm',
        'cooperative',
        'coopérative',
        'ferme',
        'exploitation',
        'koperative',
        'umurima',
      ]),
    );
  });
});
