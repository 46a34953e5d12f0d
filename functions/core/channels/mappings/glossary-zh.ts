import type { CERTIFICATION_CODES, ProductType, QuantityUnit, SalesUnit } from '../../catalogue/model.ts';

/**
 * Simplified Chinese terms used to compose titles and spec texts when the producer gave no
 * zh-CN name. Curated data, never machine translation: an unknown term is left out of a title
 * rather than guessed. Place-name transliterations follow common Xinhua-style renderings and are
 * illustrative; a producer's own zh-CN name always wins.
 */

/** Keys of Product.attributes the title composer reads (what the row parser maps headers to). */
export const TITLE_ATTRIBUTE_KEYS = { variety: 'variety', process: 'process', roast: 'roast' } as const;

export const PRODUCT_TYPE_ZH: Readonly<Record<ProductType, string | null>> = {
  'coffee-green': '生咖啡豆', // also sold as 绿咖啡豆; 生咖啡豆 is the customs and trade wording
  'coffee-roasted': '烘焙咖啡豆',
  'dried-chili': '干辣椒',
  'fresh-chili': '鲜辣椒',
  avocado: '牛油果',
  beef: '牛肉',
  tea: '茶叶',
  honey: '蜂蜜',
  macadamia: '夏威夷果',
  other: null, // nothing honest to say in Chinese about an unknown product
};

export const COUNTRY_ZH = { RW: '卢旺达' } as const;

/** All 30 districts of Rwanda (2006 administrative reform), keyed by their official spelling. */
export const DISTRICT_ZH: Readonly<Record<string, string>> = {
  // City of Kigali
  Gasabo: '加萨博',
  Kicukiro: '基库基罗',
  Nyarugenge: '尼亚鲁根盖',
  // Northern Province
  Burera: '布雷拉',
  Gakenke: '加肯凯',
  Gicumbi: '吉昆比',
  Musanze: '穆桑泽',
  Rulindo: '鲁林多',
  // Southern Province
  Gisagara: '吉萨加拉',
  Huye: '胡耶',
  Kamonyi: '卡莫尼',
  Muhanga: '穆汉加',
  Nyamagabe: '尼亚马加贝',
  Nyanza: '尼扬扎',
  Nyaruguru: '尼亚鲁古鲁',
  Ruhango: '鲁杭戈',
  // Eastern Province
  Bugesera: '布盖塞拉',
  Gatsibo: '加奇博',
  Kayonza: '卡荣扎',
  Kirehe: '基雷赫',
  Ngoma: '恩戈马',
  Nyagatare: '尼亚加塔雷',
  Rwamagana: '鲁瓦马加纳',
  // Western Province
  Karongi: '卡龙吉',
  Ngororero: '恩戈罗雷罗',
  Nyabihu: '尼亚比胡',
  Nyamasheke: '尼亚马谢凯',
  Rubavu: '鲁巴武',
  Rusizi: '鲁西齐',
  Rutsiro: '鲁齐罗',
};

/** Coffee processing methods, with the French and common English spellings producers use. */
export const PROCESS_ZH: Readonly<Record<string, string>> = {
  washed: '水洗',
  'fully washed': '水洗',
  wet: '水洗',
  lavé: '水洗',
  lave: '水洗',
  natural: '日晒',
  dry: '日晒',
  'sun dried': '日晒',
  nature: '日晒',
  naturel: '日晒',
  honey: '蜜处理',
  'honey process': '蜜处理',
  miel: '蜜处理',
  'semi washed': '半水洗',
  'pulped natural': '半水洗',
  anaerobic: '厌氧发酵',
  'anaerobic natural': '厌氧日晒',
  'carbonic maceration': '二氧化碳浸渍',
};

/** Varieties and cultivars of the catalogue's crops and breeds. */
export const VARIETY_ZH: Readonly<Record<string, string>> = {
  // coffee
  'red bourbon': '红波旁',
  bourbon: '波旁',
  'yellow bourbon': '黄波旁',
  'orange bourbon': '橙波旁',
  jackson: '杰克逊',
  mibirizi: '米比里齐',
  typica: '铁皮卡',
  caturra: '卡杜拉',
  catuai: '卡杜艾',
  catimor: '卡蒂姆',
  geisha: '瑰夏',
  gesha: '瑰夏',
  sl28: 'SL28',
  sl34: 'SL34',
  // avocado
  hass: '哈斯',
  fuerte: '福尔特',
  ettinger: '埃廷格',
  // chili
  "bird's eye": '小米辣',
  'birds eye': '小米辣',
  habanero: '哈瓦那',
  'scotch bonnet': '苏格兰帽',
  cayenne: '卡宴',
  // beef
  ankole: '安科尔',
  inyambo: '安科尔',
};

export const ROAST_ZH: Readonly<Record<string, string>> = {
  light: '浅烘',
  'medium light': '中浅烘',
  medium: '中烘',
  'medium dark': '中深烘',
  dark: '深烘',
  espresso: '意式烘焙',
  clair: '浅烘',
  moyen: '中烘',
  foncé: '深烘',
  fonce: '深烘',
};

/** How a net content reads in a Chinese title or spec ("500g", "1.5kg", "2磅"). */
export const QUANTITY_UNIT_ZH: Readonly<Record<QuantityUnit, string>> = {
  g: 'g',
  kg: 'kg',
  t: '吨',
  lb: '磅',
  ml: 'ml',
  l: 'L',
};

/** The packaging word after the slash in a spec text ("500g/袋"). */
export const SALES_UNIT_ZH: Readonly<Record<SalesUnit, string>> = {
  bag: '袋',
  box: '盒',
  jar: '罐',
  tin: '罐',
  tray: '盒',
  carton: '箱',
  bottle: '瓶',
  piece: '个',
  kg: '份', // sold by weight: one portion of the stated mass
};

export const CERTIFICATION_ZH: Readonly<Record<(typeof CERTIFICATION_CODES)[number], string>> = {
  organic: '有机',
  fairtrade: '公平贸易',
  'rainforest-alliance': '雨林联盟',
  utz: 'UTZ认证',
  '4c': '4C认证',
  halal: '清真',
  'global-gap': '全球良好农业规范',
  haccp: 'HACCP',
  'iso-22000': 'ISO 22000',
  other: '其他认证',
};

// Lookups are keyed by a normalised form built once here, so per-item work is one normalise + get.
const SEPARATORS = /[\s_\-–]+/g;
const APOSTROPHES = /[’`]/g;

/** Lower case, one space between words, hyphens and underscores read as spaces, curly apostrophes straight. */
export function normaliseTerm(text: string): string {
  return text.trim().toLowerCase().replace(APOSTROPHES, "'").replace(SEPARATORS, ' ');
}

function normalisedMap(entries: Readonly<Record<string, string>>): ReadonlyMap<string, string> {
  return new Map(Object.entries(entries).map(([key, value]) => [normaliseTerm(key), value]));
}

const DISTRICTS = normalisedMap(DISTRICT_ZH);
const PROCESSES = normalisedMap(PROCESS_ZH);
const VARIETIES = normalisedMap(VARIETY_ZH);
const ROASTS = normalisedMap(ROAST_ZH);

const DISTRICT_PREFIXES = ['akarere ka ', 'district de ', 'district of '] as const;
const DISTRICT_SUFFIXES = [' district', ' akarere'] as const;

/**
 * A catalogue repeats the same few spellings ("Huye", "washed") across thousands of rows, so each
 * lookup remembers what raw text resolved to; the cap keeps hostile input from growing it unbounded.
 */
function remembered(lookup: (text: string) => string | null): (text: string) => string | null {
  const seen = new Map<string, string | null>();
  return (text) => {
    const known = seen.get(text);
    if (known !== undefined) return known;
    const result = lookup(text);
    if (seen.size < 4096) seen.set(text, result);
    return result;
  };
}

/** Chinese name of a district from what the producer wrote ("huye district" -> 胡耶), or null. */
export const districtZh = remembered((district) => {
  let key = normaliseTerm(district);
  for (const prefix of DISTRICT_PREFIXES) if (key.startsWith(prefix)) key = key.slice(prefix.length);
  for (const suffix of DISTRICT_SUFFIXES) if (key.endsWith(suffix)) key = key.slice(0, -suffix.length);
  return DISTRICTS.get(key) ?? null;
});

export const processZh = remembered((process) => PROCESSES.get(normaliseTerm(process)) ?? null);

export const varietyZh = remembered((variety) => VARIETIES.get(normaliseTerm(variety)) ?? null);

export const roastZh = remembered((roast) => ROASTS.get(normaliseTerm(roast)) ?? null);
