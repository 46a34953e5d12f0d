import { describe, expect, it } from 'vitest';
import {
  daysPerDurationUnit,
  resolveCertification,
  resolveCurrency,
  resolveLocale,
  resolveProductType,
  resolveQuantityUnit,
  resolveSalesUnit,
} from '../../../functions/core/catalogue/vocabulary.ts';

describe('product types', () => {
  it.each([
    ['green coffee', 'coffee-green'],
    ['Café vert', 'coffee-green'],
    ['CAFE VERT', 'coffee-green'],
    ['ikawa itatunganyijwe', 'coffee-green'],
    ["ikawa y'ibitumbwe", 'coffee-green'],
    ['coffee-green', 'coffee-green'],
    ['Roasted coffee', 'coffee-roasted'],
    ['café torréfié', 'coffee-roasted'],
    ['ikawa ikaranze', 'coffee-roasted'],
    ['Tea', 'tea'],
    ['thé', 'tea'],
    ['icyayi', 'tea'],
    ['Dried chili', 'dried-chili'],
    ['piment séché', 'dried-chili'],
    ['urusenda rwumye', 'dried-chili'],
    ['fresh chilli', 'fresh-chili'],
    ['Piment frais', 'fresh-chili'],
    ['urusenda', 'fresh-chili'],
    ['avocado', 'avocado'],
    ['Avocat', 'avocado'],
    ['avoka', 'avocado'],
    ['beef', 'beef'],
    ['Viande de bœuf', 'beef'],
    ['boeuf', 'beef'],
    ["inyama z'inka", 'beef'],
    ['honey', 'honey'],
    ['Miel', 'honey'],
    ['ubuki', 'honey'],
    ['Macadamia', 'macadamia'],
    ['noix de macadamia', 'macadamia'],
    ['Café vert (Arabica)', 'coffee-green'],
    ['other', 'other'],
  ])('%s -> %s', (text, type) => {
    expect(resolveProductType(text)).toBe(type);
  });

  it('does not guess: ambiguous or unknown words resolve to nothing', () => {
    expect(['café', 'piment', 'avocado oil', 'goat meat', ''].map(resolveProductType)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('other vocabularies', () => {
  it('resolves certifications in three languages', () => {
    expect(
      [
        'Organic',
        'bio',
        'Biologique',
        'USDA Organic',
        'EU organic',
        'Fairtrade',
        'fair trade',
        'Commerce équitable',
        'Rainforest Alliance',
        'RA',
        'UTZ',
        '4C',
        'Halal',
        'GlobalG.A.P.',
        'HACCP',
        'ISO 22000',
        'Kosher',
      ].map(resolveCertification),
    ).toEqual([
      'organic',
      'organic',
      'organic',
      'organic',
      'organic',
      'fairtrade',
      'fairtrade',
      'fairtrade',
      'rainforest-alliance',
      'rainforest-alliance',
      'utz',
      '4c',
      'halal',
      'global-gap',
      'haccp',
      'iso-22000',
      null,
    ]);
  });

  it('resolves sales units, including a described package by its first word', () => {
    expect(
      [
        'sac',
        'Bag',
        'umufuka',
        'boîte',
        'box',
        'pot',
        'jar',
        'carton',
        'barquette',
        'tray',
        'bouteille',
        'bottle',
        'pièce',
        'piece',
        'kg',
        'sac de 1 kg',
        'sachet',
        'crate',
      ].map(resolveSalesUnit),
    ).toEqual([
      'bag',
      'bag',
      'bag',
      'box',
      'box',
      'jar',
      'jar',
      'carton',
      'tray',
      'tray',
      'bottle',
      'bottle',
      'piece',
      'piece',
      'kg',
      'bag',
      'bag',
      null,
    ]);
  });

  it('resolves currencies, units, durations and languages', () => {
    expect(
      ['RWF', 'Frw', 'FRW', 'rwf', '$', 'US$', 'usd', 'dollars', '€', 'euro', 'RMB', '¥', 'GBP'].map(
        resolveCurrency,
      ),
    ).toEqual(['RWF', 'RWF', 'RWF', 'RWF', 'USD', 'USD', 'USD', 'USD', 'EUR', 'EUR', 'CNY', 'CNY', null]);
    expect(
      ['g', 'grammes', 'kilo', 'Kg', 't', 'lbs', 'ml', 'litre', 'L', 'cl', 'sacks'].map(resolveQuantityUnit),
    ).toEqual([
      { unit: 'g', shift: 0 },
      { unit: 'g', shift: 0 },
      { unit: 'kg', shift: 0 },
      { unit: 'kg', shift: 0 },
      { unit: 't', shift: 0 },
      { unit: 'lb', shift: 0 },
      { unit: 'ml', shift: 0 },
      { unit: 'l', shift: 0 },
      { unit: 'l', shift: 0 },
      { unit: 'ml', shift: 1 },
      null,
    ]);
    expect(
      ['jours', 'days', 'iminsi', 'mois', 'months', 'ans', 'semaines', 'lunes'].map(daysPerDurationUnit),
    ).toEqual([1, 1, 1, 30, 30, 365, 7, null]);
    expect(['FR', 'en', 'Kinyarwanda', '中文', 'zh-CN', 'xx'].map(resolveLocale)).toEqual([
      'fr',
      'en',
      'rw',
      'zh-CN',
      'zh-CN',
      null,
    ]);
  });
});
