import { describe, expect, it } from 'vitest';
import { buildAliasIndex, foldText, normaliseKey } from '../../../functions/core/catalogue/normalise-key.ts';

describe('normaliseKey', () => {
  it('matches headers regardless of case, accents, spacing and a bracketed language', () => {
    expect(
      ['Désignation', 'designation', 'DESIGNATION ', ' Dé-sig_na.tion'].map((h) => normaliseKey(h)),
    ).toEqual([
      { key: 'designation', unit: null },
      { key: 'designation', unit: null },
      { key: 'designation', unit: null },
      { key: 'designation', unit: null },
    ]);
    expect(normaliseKey('Désignation (FR)')).toEqual({ key: 'designation', unit: 'fr' });
  });

  it('splits off a trailing unit in parentheses or brackets and keeps it for the caller', () => {
    expect(normaliseKey('Poids net (kg)')).toEqual({ key: 'poidsnet', unit: 'kg' });
    expect(normaliseKey('Prix [RWF]')).toEqual({ key: 'prix', unit: 'rwf' });
    expect(normaliseKey('Durée de conservation ( jours )')).toEqual({
      key: 'dureedeconservation',
      unit: 'jours',
    });
    expect(normaliseKey('Température (℃)')).toEqual({ key: 'temperature', unit: '°c' });
    // Full-width brackets from a Chinese-locale Excel are folded too.
    expect(normaliseKey('中文名（简体）')).toEqual({ key: '中文名', unit: '简体' });
    expect(normaliseKey("Izina ry'igicuruzwa")).toEqual({ key: 'izinaryigicuruzwa', unit: null });
  });

  it('keeps a bracket that is the whole text, and folds ligatures', () => {
    expect(normaliseKey('(RWF)')).toEqual({ key: 'rwf', unit: null });
    expect(normaliseKey('Viande de bœuf').key).toBe(normaliseKey('viande de boeuf').key);
  });

  it('refuses an alias table where two values claim the same alias', () => {
    expect(() => buildAliasIndex({ a: ['Prix'], b: ['prix '] })).toThrow(/claimed by both a and b/);
    expect(buildAliasIndex({ a: ['Prix unitaire'] }).get('prixunitaire')).toBe('a');
  });
});

describe('foldText', () => {
  it('lower-cases plain ASCII and keeps its spacing and punctuation', () => {
    expect(foldText('Poids NET (KG) ')).toBe('poids net (kg) ');
    expect(foldText('SKU\t#1/2-A_b.c')).toBe('sku\t#1/2-a_b.c');
    expect(foldText('')).toBe('');
  });

  it('folds accents, compatibility forms and ligatures, with ASCII beside them', () => {
    expect(foldText('DÉSIGNATION (FR)')).toBe('designation (fr)');
    expect(foldText('Température (℃)')).toBe('temperature (°c)');
    expect(foldText('ＳＫＵ（kg）')).toBe('sku(kg)');
    expect(foldText('BŒUF Æ')).toBe('boeuf ae');
  });
});
