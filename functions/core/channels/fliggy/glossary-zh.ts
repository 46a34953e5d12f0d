import type {
  FeeItemKind,
  FitnessLevel,
  GuideLanguage,
  ItineraryDay,
  TourCategory,
} from '../../catalogue/tour-model.ts';

/**
 * Simplified Chinese terms for tour packages: the activity and duration words of composed titles
 * (卢旺达 + 火山国家公园 + 山地大猩猩徒步 + 1日游) and the labels of structured fields. Curated data,
 * never machine translation: an operator's free text (itinerary, highlights) is carried as written.
 * Place names live in the gazetteer (catalogue/rwanda-gazetteer.ts).
 */

/** The activity as Chinese listings name it; Rwanda's gorillas are all mountain gorillas (山地大猩猩). */
export const TOUR_CATEGORY_ZH: Readonly<Record<TourCategory, string>> = {
  'gorilla-trekking': '山地大猩猩徒步',
  'chimpanzee-trekking': '黑猩猩徒步',
  'wildlife-safari': '野生动物游猎',
  'canopy-walk': '树冠栈道',
  hiking: '徒步',
  birding: '观鸟',
  lake: '游湖',
  'city-and-culture': '城市文化',
  'multi-day-circuit': '环线',
  other: '其他',
};

/** Categories whose word says nothing a title should carry. */
export const UNTITLED_CATEGORIES: ReadonlySet<TourCategory> = new Set(['other']);

/** A trip of at most this many hours is a half-day trip (半日游); longer ones are 1日游. */
export const HALF_DAY_MAX_HOURS = 5;

export const MEAL_ZH: Readonly<Record<keyof ItineraryDay['meals'], string>> = {
  breakfast: '早餐',
  lunch: '午餐',
  dinner: '晚餐',
};
export const NO_MEALS_ZH = '不含餐';

export const FEE_ITEM_KIND_ZH: Readonly<Record<FeeItemKind, string>> = {
  'gorilla-permit': '山地大猩猩徒步许可证',
  'chimpanzee-permit': '黑猩猩徒步许可证',
  'golden-monkey-permit': '金丝猴徒步许可证',
  'canopy-walk-ticket': '树冠栈道门票',
  'park-entry': '国家公园门票',
  guide: '导游服务',
  transport: '当地交通',
  accommodation: '住宿',
  meals: '餐饮',
  'drinking-water': '饮用水',
  'airport-transfer': '机场接送',
  'travel-insurance': '旅游保险',
  visa: '签证费用',
  'international-flights': '国际机票',
  tips: '小费',
  'personal-expenses': '个人消费',
};

export const GUIDE_LANGUAGE_ZH: Readonly<Record<GuideLanguage, string>> = {
  en: '英语',
  fr: '法语',
  rw: '卢旺达语',
  sw: '斯瓦希里语',
  zh: '中文',
  de: '德语',
  es: '西班牙语',
  it: '意大利语',
  pt: '葡萄牙语',
  nl: '荷兰语',
  ar: '阿拉伯语',
  ja: '日语',
  ko: '韩语',
  ru: '俄语',
};

export const FITNESS_LEVEL_ZH: Readonly<Record<FitnessLevel, string>> = {
  easy: '体力要求低',
  moderate: '体力要求中等',
  challenging: '体力要求较高',
  strenuous: '体力要求很高',
};
