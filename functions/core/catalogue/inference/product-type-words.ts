/**
 * Words that say what a product is, in the places shops and sheets put them: category paths
 * ("Coffee > Roasted", "Épices > Piment"), tags, shop product types and names. A kind word alone
 * is enough where it names one product type ("miel", "ubuki"); coffee and chili need a second word
 * to tell green from roasted, dried from fresh. Folded like headers (no case, no accents).
 */
import type { ProductType } from '../model.ts';

export interface KindWords {
  /** The words that name the kind of product. */
  kind: readonly string[];
  /** The type the kind word gives on its own, or null when it needs a qualifier. */
  alone: ProductType | null;
  /** Qualifier words and the type each gives with the kind word. */
  qualified: readonly { words: readonly string[]; type: ProductType }[];
}

export const PRODUCT_KIND_WORDS: readonly KindWords[] = [
  {
    kind: ['coffee', 'cafe', 'ikawa', 'kahawa', '咖啡'],
    alone: null,
    qualified: [
      {
        words: [
          'roasted',
          'roast',
          'torrefie',
          'torrefies',
          'torrefaction',
          'ground',
          'moulu',
          'espresso',
          'ikaranze',
          'isekuye',
          '烘焙',
        ],
        type: 'coffee-roasted',
      },
      {
        words: [
          'green',
          'vert',
          'verts',
          'raw',
          'unroasted',
          'mbisi',
          'itatunganyijwe',
          'parchment',
          'parche',
          '生豆',
        ],
        type: 'coffee-green',
      },
    ],
  },
  {
    kind: ['chili', 'chilli', 'chilies', 'chillies', 'piment', 'piments', 'pilipili', 'urusenda', '辣椒'],
    alone: null,
    qualified: [
      {
        words: [
          'dried',
          'dry',
          'sec',
          'seche',
          'seches',
          'secs',
          'powder',
          'poudre',
          'flakes',
          'flocons',
          'crushed',
          'rwumye',
          'rwumishijwe',
          'spices',
          'spice',
          'epices',
          'epice',
          'ibirungo',
          '干',
        ],
        type: 'dried-chili',
      },
      { words: ['fresh', 'frais', 'fraiche', 'rubisi', '鲜', '新鲜'], type: 'fresh-chili' },
    ],
  },
  { kind: ['tea', 'teas', 'icyayi', 'chai', '茶', '茶叶'], alone: 'tea', qualified: [] },
  { kind: ['honey', 'miel', 'ubuki', '蜂蜜'], alone: 'honey', qualified: [] },
  {
    kind: ['avocado', 'avocados', 'avocat', 'avocats', 'avoka', '牛油果', '鳄梨'],
    alone: 'avocado',
    qualified: [],
  },
  { kind: ['beef', 'boeuf', 'inka', '牛肉'], alone: 'beef', qualified: [] },
  {
    kind: ['macadamia', 'macadamias', 'makadamiya', '夏威夷果', '澳洲坚果'],
    alone: 'macadamia',
    qualified: [],
  },
];

/**
 * Words that make a text about something made from a product, or sold beside it, not the product
 * itself: "avocado oil", "honey soap", "coffee mug", "beeswax candle". A text with one of them
 * infers no type.
 */
export const NOT_THE_PRODUCT_WORDS: ReadonlySet<string> = new Set([
  'oil',
  'huile',
  'amavuta',
  'soap',
  'savon',
  'isabune',
  'mug',
  'mugs',
  'tasse',
  'cup',
  'cups',
  'grinder',
  'moulin',
  'machine',
  'filter',
  'filtre',
  'cream',
  'creme',
  'cosmetic',
  'cosmetique',
  'candle',
  'bougie',
  'wax',
  'beeswax',
  'cire',
  'shirt',
  'tshirt',
  'tote',
  'card',
  'voucher',
  'sauce',
  'liqueur',
  'wine',
  'vin',
]);

/** "Thé" names tea, but folded it is the English "the": only the accented word counts (text in NFC). */
export const ACCENTED_TEA = /(?:^|[^\p{L}])thés?(?:$|[^\p{L}])/iu;
