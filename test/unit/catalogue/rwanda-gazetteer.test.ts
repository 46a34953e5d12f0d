import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GAZETTEER, placeById, resolvePlace } from '../../../functions/core/catalogue/rwanda-gazetteer.ts';
import { DISTRICT_ZH } from '../../../functions/core/channels/mappings/glossary-zh.ts';

describe('Rwanda gazetteer', () => {
  it.each([
    ['Volcanoes National Park', 'volcanoes-national-park'],
    ['Parc National des Volcans', 'volcanoes-national-park'],
    ["Pariki y'Igihugu y'Ibirunga", 'volcanoes-national-park'],
    ['火山国家公园', 'volcanoes-national-park'],
    ['Kinigi (Volcanoes)', 'volcanoes-national-park'],
    ['nyungwe forest', 'nyungwe-national-park'],
    ['Forêt de Nyungwe', 'nyungwe-national-park'],
    ['FORET DE NYUNGWE', 'nyungwe-national-park'],
    ['纽恩圭国家公园', 'nyungwe-national-park'],
    ['Parc national de l’Akagera', 'akagera-national-park'],
    ['Lac Kivu', 'lake-kivu'],
    ['Ikiyaga cya Kivu', 'lake-kivu'],
    ['基伍湖', 'lake-kivu'],
    ['Gisenyi', 'rubavu'],
    ['Kibuye', 'karongi'],
    ['Cyangugu', 'rusizi'],
    ['Butare', 'huye'],
    ['Ruhengeri', 'musanze'],
    ['Ville de Kigali', 'kigali'],
  ])('reads %s as %s', (written, id) => {
    expect(resolvePlace(written)).toBe(id);
  });

  it('does not guess a place it does not know', () => {
    expect(resolvePlace('Serengeti')).toBeNull();
    expect(resolvePlace('Virunga')).toBeNull(); // the Congolese park, not Volcanoes
    expect(resolvePlace('')).toBeNull();
  });

  it('uses the Chinese names agreed for the brief', () => {
    expect(placeById('volcanoes-national-park').nameZh).toBe('火山国家公园');
    expect(placeById('nyungwe-national-park').nameZh).toBe('纽恩威国家公园');
    expect(placeById('akagera-national-park').nameZh).toBe('阿卡盖拉国家公园');
    expect(placeById('lake-kivu').nameZh).toBe('基伍湖');
    expect(placeById('kigali').nameZh).toBe('基加利');
  });

  it('gives towns the Chinese names of their districts in the product glossary', () => {
    for (const place of GAZETTEER) {
      if (place.kind !== 'town' || place.id === 'kigali') continue; // Kigali is a city of three districts
      expect(DISTRICT_ZH[place.name], place.id).toBe(place.nameZh);
    }
  });

  it('reaches every park and lake from a town of the gazetteer', () => {
    for (const place of GAZETTEER) {
      expect(placeById(place.gatewayTown).kind, place.id).toBe('town');
      if (place.kind === 'town') expect(place.gatewayTown).toBe(place.id);
    }
  });

  it('is listed in docs/tour-packages.md with the same kinds, Chinese names and gateway towns', () => {
    const doc = readFileSync(new URL('../../../docs/tour-packages.md', import.meta.url), 'utf8');
    const rows = [
      ...doc.matchAll(/^\| `([a-z-]+)` \| (park|lake|town) \| [^|]+ \| ([^|]+) \| ([a-z-]+) \|/gm),
    ];
    expect(rows.map((row) => [row[1], row[2], row[3]?.trim(), row[4]])).toEqual(
      GAZETTEER.map((place) => [place.id, place.kind, place.nameZh, place.gatewayTown]),
    );
  });
});
