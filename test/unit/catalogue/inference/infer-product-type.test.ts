import { describe, expect, it } from 'vitest';
import {
  inferProductType,
  typeNamedBy,
} from '../../../../functions/core/catalogue/inference/infer-product-type.ts';

describe('typeNamedBy', () => {
  it.each([
    ['Coffee > Roasted', 'coffee-roasted'],
    ['Café vert', 'coffee-green'],
    ['Café vert Red Bourbon lavé, sac 1 kg', 'coffee-green'],
    ['Épices > Piment', 'dried-chili'],
    ['Piment frais de Gashora', 'fresh-chili'],
    ['Chili flakes', 'dried-chili'],
    ['Miel', 'honey'],
    ['Ubuki bwa Nyagatare', 'honey'],
    ['Thé noir de Gisovu', 'tea'],
    ['Groceries / Tea', 'tea'],
    ['Ikawa ikaranze', 'coffee-roasted'],
    ['卢旺达烘焙咖啡豆', 'coffee-roasted'],
    ['Hass avocados, 4 kg carton', 'avocado'],
  ])('%s -> %s', (text, type) => {
    expect(typeNamedBy(text)).toBe(type);
  });

  it.each([
    ['Coffee'],
    ['Coffee & tea gift box'],
    ['Piment'],
    ['The best of Rwanda'],
    ['Gift cards'],
    ['Café grand cru'],
  ])('%s names no single type', (text) => {
    expect(typeNamedBy(text)).toBeNull();
  });

  it('reads the producer’s own words first', () => {
    expect(
      typeNamedBy('Arabica lavé', (word) => (word === 'Arabica lavé' ? 'coffee-green' : undefined)),
    ).toBe('coffee-green');
  });
});

describe('inferProductType', () => {
  it('takes the first hint that names one type, and says which', () => {
    expect(
      inferProductType([
        { source: 'category', text: 'Coffee' },
        { source: 'tags', text: 'single origin, roasted' },
        { source: 'name', text: 'Huye washed coffee, roasted, 250 g' },
      ]),
    ).toEqual({
      type: 'coffee-roasted',
      from: { source: 'name', text: 'Huye washed coffee, roasted, 250 g' },
    });
  });
});
