import { describe, expect, it } from 'vitest';
import { PRODUCT_TYPES } from '../../../functions/core/catalogue/model.ts';
import { chineseTitle } from '../../../functions/core/channels/chinese-title.ts';
import {
  DISTRICT_ZH,
  districtZh,
  processZh,
  varietyZh,
} from '../../../functions/core/channels/mappings/glossary-zh.ts';
import {
  allowedHsHeadingsText,
  hsCodeFitsProductType,
} from '../../../functions/core/channels/mappings/hs-headings.ts';
import { makeProduct, without } from '../../support/product-factory.ts';

describe('Chinese titles', () => {
  it('uses the producer zh-CN name as given', () => {
    expect(chineseTitle(makeProduct('tea', { names: { 'zh-CN': '卢旺达红茶' } }))).toEqual({
      text: '卢旺达红茶',
      composed: false,
    });
  });

  it('composes origin, district, variety, process, product and net content', () => {
    expect(chineseTitle(makeProduct('coffee-green'))).toEqual({
      text: '卢旺达 胡耶 红波旁 水洗 生咖啡豆 1kg',
      composed: true,
    });
    expect(chineseTitle(makeProduct('coffee-roasted'))?.text).toBe(
      '卢旺达 尼亚马谢凯 红波旁 日晒 中烘 烘焙咖啡豆 250g',
    );
    expect(chineseTitle(makeProduct('dried-chili'))?.text).toBe('卢旺达 布盖塞拉 小米辣 干辣椒 500g');
    expect(chineseTitle(makeProduct('avocado'))?.text).toBe('卢旺达 穆桑泽 哈斯 牛油果 1kg');
    expect(chineseTitle(makeProduct('macadamia'))?.text).toBe('卢旺达 卡荣扎 夏威夷果 500g');
  });

  it('has a Chinese word for every product type but other', () => {
    for (const type of PRODUCT_TYPES) {
      const composed = chineseTitle(makeProduct(type, { names: { en: 'x' } }));
      if (type === 'other') expect(composed).toBeNull();
      else expect(composed?.text).toMatch(/^卢旺达 .*[\u4e00-\u9fff]/);
    }
  });

  it('leaves out what the glossary does not know instead of guessing', () => {
    const product = makeProduct('coffee-green', {
      attributes: { variety: 'Some New Cultivar', process: 'secret' },
      origin: { country: 'RW', district: 'Atlantis' },
    });
    expect(chineseTitle(product)?.text).toBe('卢旺达 生咖啡豆 1kg');
    expect(chineseTitle(without(makeProduct('honey'), 'netContent'))?.text).toBe('卢旺达 尼亚鲁古鲁 蜂蜜');
  });

  it('reads producer spellings: case, hyphens, French, district suffixes', () => {
    expect(districtZh('HUYE')).toBe('胡耶');
    expect(districtZh('Huye District')).toBe('胡耶');
    expect(districtZh('Akarere ka Nyamasheke')).toBe('尼亚马谢凯');
    expect(districtZh(' rubavu ')).toBe('鲁巴武');
    expect(processZh('Fully-Washed')).toBe('水洗');
    expect(processZh('lavé')).toBe('水洗');
    expect(processZh('Natural')).toBe('日晒');
    expect(processZh('honey')).toBe('蜜处理');
    expect(varietyZh('RED  BOURBON')).toBe('红波旁');
    expect(varietyZh('Bird’s eye')).toBe('小米辣');
  });

  it('covers all 30 districts of Rwanda', () => {
    expect(Object.keys(DISTRICT_ZH)).toHaveLength(30);
    expect(new Set(Object.values(DISTRICT_ZH)).size).toBe(30);
  });
});

describe('HS headings by product type', () => {
  it.each([
    ['coffee-green', '090111', true],
    ['coffee-green', '0901120000', true],
    ['coffee-green', '090121', false],
    ['coffee-roasted', '0901220000', true],
    ['dried-chili', '09042200', true],
    ['dried-chili', '090421', true],
    ['fresh-chili', '07096000', true],
    ['fresh-chili', '090421', false],
    ['avocado', '08044000', true],
    ['beef', '020130', true],
    ['beef', '020230', true],
    ['beef', '020311', false],
    ['tea', '090240', true],
    ['honey', '040900', true],
    ['honey', '041000', false],
    ['macadamia', '080261', true],
    ['macadamia', '080262', true],
    ['macadamia', '080290', false],
    ['other', '999999', true],
  ] as const)('%s with %s: %s', (type, code, fits) => {
    expect(hsCodeFitsProductType(code, type)).toBe(fits);
  });

  it('describes the allowed headings for messages', () => {
    expect(allowedHsHeadingsText('coffee-green')).toBe('0901.11 or 0901.12');
  });
});
