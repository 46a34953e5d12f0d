/**
 * The words tour operators write in cells, in English, French and Kinyarwanda: weekdays, months,
 * "daily", meals, categories, fitness levels, guide languages, and the keywords that tell what
 * an inclusion or exclusion is (a gorilla permit above all). Data only; matched after foldText
 * (lower case, no accents), word by word.
 */
import type { Weekday } from '../../iso-dates.ts';
import type { FeeItemKind, FitnessLevel, GuideLanguage, TourCategory } from '../tour-model.ts';

export const WEEKDAY_WORDS: Readonly<Record<Weekday, readonly string[]>> = {
  mon: ['monday', 'mondays', 'mon', 'lundi', 'lundis', 'lun', 'mbere'],
  tue: ['tuesday', 'tuesdays', 'tue', 'tues', 'mardi', 'mardis', 'kabiri'],
  wed: ['wednesday', 'wednesdays', 'wed', 'mercredi', 'mercredis', 'mer', 'gatatu'],
  thu: ['thursday', 'thursdays', 'thu', 'thur', 'thurs', 'jeudi', 'jeudis', 'jeu', 'kane'],
  fri: ['friday', 'fridays', 'fri', 'vendredi', 'vendredis', 'ven', 'gatanu'],
  sat: ['saturday', 'saturdays', 'sat', 'samedi', 'samedis', 'sam', 'gatandatu'],
  sun: ['sunday', 'sundays', 'sun', 'dimanche', 'dimanches', 'dim', 'cyumweru'],
};

/** Every day of the week. Phrases are matched on the whole folded cell, words one by one. */
export const DAILY_PHRASES: readonly string[] = [
  'daily',
  'every day',
  'everyday',
  'tous les jours',
  'quotidien',
  'quotidienne',
  'chaque jour',
  'buri munsi',
  '7/7',
  '7j/7',
];

/** Words that may stand around weekdays without changing them: "every Saturday", "les samedis". */
export const WEEKDAY_FILLERS: ReadonlySet<string> = new Set([
  'every',
  'each',
  'on',
  'only',
  'and',
  'departures',
  'departure',
  'tous',
  'toutes',
  'les',
  'le',
  'chaque',
  'et',
  'uniquement',
  'seulement',
  'departs',
  'depart',
  'buri',
  'kuwa',
  'ku',
  'na',
]);

/** Month names (folded) by month number, for dates written "5 déc. 2026" or "December 5, 2026". */
export const MONTH_WORDS: Readonly<Record<number, readonly string[]>> = {
  1: ['january', 'jan', 'janvier', 'janv', 'mutarama'],
  2: ['february', 'feb', 'fevrier', 'fevr', 'fev', 'gashyantare'],
  3: ['march', 'mar', 'mars', 'werurwe'],
  4: ['april', 'apr', 'avril', 'avr', 'mata'],
  5: ['may', 'mai', 'gicurasi'],
  6: ['june', 'jun', 'juin', 'kamena'],
  7: ['july', 'jul', 'juillet', 'juil', 'nyakanga'],
  8: ['august', 'aug', 'aout', 'kanama'],
  9: ['september', 'sep', 'sept', 'septembre', 'nzeri'],
  10: ['october', 'oct', 'octobre', 'ukwakira'],
  11: ['november', 'nov', 'novembre', 'ugushyingo'],
  12: ['december', 'dec', 'decembre', 'ukuboza'],
};

/** Words that open the blackout dates inside a departures cell: "Samedis, sauf 26/12/2026". */
export const EXCEPT_WORDS: readonly string[] = [
  'sauf',
  'except',
  'excluding',
  'hors',
  'not on',
  'uretse',
  'blackout',
  'blackouts',
];

/** Meals of one itinerary day, by the words that name them (folded; "petit-déjeuner" before "déjeuner"). */
export const MEAL_WORDS = {
  breakfast: ['breakfast', 'b', 'pdj', 'petit dejeuner', 'petit-dejeuner', 'mu gitondo'],
  lunch: ['lunch', 'l', 'dejeuner', 'dej', 'packed lunch', 'pique-nique', 'saa sita'],
  dinner: ['dinner', 'd', 'diner', 'din', 'souper', 'nimugoroba'],
} as const;

/** Meal plans that name several meals at once. */
export const MEAL_PLANS: Readonly<Record<string, readonly ('breakfast' | 'lunch' | 'dinner')[]>> = {
  'full board': ['breakfast', 'lunch', 'dinner'],
  'pension complete': ['breakfast', 'lunch', 'dinner'],
  'all meals': ['breakfast', 'lunch', 'dinner'],
  'tous les repas': ['breakfast', 'lunch', 'dinner'],
  'half board': ['breakfast', 'dinner'],
  'demi-pension': ['breakfast', 'dinner'],
  'demi pension': ['breakfast', 'dinner'],
  none: [],
  'no meals': [],
  aucun: [],
  'sans repas': [],
  ntayo: [],
  '-': [],
};

/** Labels inside one itinerary day ("Repas : ...", "Nuit : ..."). */
export const ITINERARY_LABELS = {
  meals: ['meals', 'meal', 'repas', 'amafunguro', 'ifunguro'],
  accommodation: [
    'accommodation',
    'overnight',
    'hotel',
    'lodge',
    'hebergement',
    'nuit',
    'icumbi',
    'aho barara',
  ],
} as const;

/** Day markers of an itinerary cell: "Day 1", "Jour 1", "J1", "Umunsi wa 1", "D1". */
export const DAY_MARKERS: readonly string[] = ['day', 'jour', 'umunsi wa', 'umunsi', 'j', 'd'];

export const CATEGORY_ALIASES = {
  'gorilla-trekking': [
    'gorilla trekking',
    'gorilla trek',
    'gorillas',
    'gorilla',
    'trek gorilles',
    'trekking gorilles',
    'gorilles',
    'suivi des gorilles',
    'ingagi',
    'gusura ingagi',
  ],
  'chimpanzee-trekking': [
    'chimpanzee trekking',
    'chimpanzee trek',
    'chimpanzees',
    'chimps',
    'trek chimpanzes',
    'chimpanzes',
    'impundu',
  ],
  'wildlife-safari': [
    'wildlife safari',
    'safari',
    'game drive',
    'safari animalier',
    'safari faune',
    'inyamaswa',
  ],
  'canopy-walk': ['canopy walk', 'canopy', 'canopee', 'passerelle de canopee'],
  hiking: ['hiking', 'hike', 'trekking', 'randonnee', 'marche', 'gutembera n amaguru'],
  birding: ['birding', 'birdwatching', 'bird watching', 'ornithologie', 'observation des oiseaux', 'inyoni'],
  lake: ['lake', 'lake tour', 'boat trip', 'lac', 'croisiere', 'excursion en bateau', 'ikiyaga'],
  'city-and-culture': [
    'city and culture',
    'city tour',
    'culture',
    'city',
    'ville et culture',
    'visite de ville',
    'visite culturelle',
    'culturel',
    'umujyi',
    'umuco',
  ],
  'multi-day-circuit': [
    'multi-day circuit',
    'circuit',
    'multi-day',
    'multi day tour',
    'circuit de plusieurs jours',
    'urugendo rw iminsi myinshi',
  ],
  other: ['other', 'autre', 'ibindi'],
} as const satisfies { readonly [K in TourCategory]: readonly string[] };

export const FITNESS_ALIASES = {
  easy: ['easy', 'facile', 'light', 'leger', 'byoroshye'],
  moderate: ['moderate', 'modere', 'moyen', 'medium', 'bisanzwe'],
  challenging: ['challenging', 'difficult', 'difficile', 'hard', 'bikomeye'],
  strenuous: ['strenuous', 'very difficult', 'tres difficile', 'exigeant', 'intense', 'bikomeye cyane'],
} as const satisfies { readonly [K in FitnessLevel]: readonly string[] };

export const LANGUAGE_ALIASES = {
  en: ['english', 'anglais', 'icyongereza', 'eng'],
  fr: ['french', 'francais', 'igifaransa', 'fra'],
  rw: ['kinyarwanda', 'ikinyarwanda', 'kin'],
  sw: ['swahili', 'kiswahili', 'igiswahili'],
  zh: ['chinese', 'mandarin', 'chinois', 'igishinwa', '中文', 'zh-cn'],
  de: ['german', 'allemand', 'ikidage', 'deutsch'],
  es: ['spanish', 'espagnol', 'espanol'],
  it: ['italian', 'italien', 'italiano'],
  pt: ['portuguese', 'portugais'],
  nl: ['dutch', 'neerlandais', 'nederlands'],
  ar: ['arabic', 'arabe'],
  ja: ['japanese', 'japonais'],
  ko: ['korean', 'coreen'],
  ru: ['russian', 'russe'],
} as const satisfies { readonly [K in GuideLanguage]: readonly string[] };

/**
 * What an inclusion or exclusion is, by its words. Checked in this order, the first rule whose
 * every group has a word in the text wins: permits before anything else (a gorilla permit is most
 * of a trek's price), tips before guides ("Tips for rangers"), transport before guides ("driver-guide"),
 * accommodation before meals ("full board" lodges).
 */
export const FEE_KIND_RULES: readonly { kind: FeeItemKind; all: readonly (readonly string[])[] }[] = [
  {
    kind: 'gorilla-permit',
    all: [
      ['gorilla', 'gorillas', 'gorille', 'gorilles', 'ingagi'],
      ['permit', 'permits', 'permis', 'uruhushya'],
    ],
  },
  {
    kind: 'chimpanzee-permit',
    all: [
      ['chimpanzee', 'chimpanzees', 'chimp', 'chimps', 'chimpanze', 'chimpanzes', 'impundu'],
      ['permit', 'permits', 'permis', 'uruhushya'],
    ],
  },
  {
    kind: 'golden-monkey-permit',
    all: [
      ['golden', 'dore', 'dores', 'inkima'],
      ['monkey', 'monkeys', 'singe', 'singes', 'inkima'],
      ['permit', 'permits', 'permis', 'uruhushya'],
    ],
  },
  { kind: 'canopy-walk-ticket', all: [['canopy', 'canopee', 'passerelle']] },
  {
    kind: 'park-entry',
    all: [
      ['park', 'parks', 'parc', 'parcs', 'pariki'],
      [
        'entry',
        'entrance',
        'entree',
        'entrees',
        'fee',
        'fees',
        'droits',
        'frais',
        'ticket',
        'tickets',
        'kwinjira',
      ],
    ],
  },
  { kind: 'tips', all: [['tip', 'tips', 'pourboire', 'pourboires', 'gratuity', 'gratuities', 'agashimwe']] },
  { kind: 'international-flights', all: [['flight', 'flights', 'vol', 'vols', 'airfare', 'indege']] },
  {
    kind: 'airport-transfer',
    all: [
      ['airport', 'aeroport', 'ikibuga'],
      ['transfer', 'transfers', 'transfert', 'transferts', 'pickup', 'pick'],
    ],
  },
  { kind: 'travel-insurance', all: [['insurance', 'assurance', 'ubwishingizi']] },
  { kind: 'visa', all: [['visa', 'visas', 'viza']] },
  {
    kind: 'accommodation',
    all: [
      [
        'accommodation',
        'lodge',
        'lodges',
        'hotel',
        'hotels',
        'night',
        'nights',
        'nuit',
        'nuits',
        'hebergement',
        'icumbi',
        'amacumbi',
      ],
    ],
  },
  {
    kind: 'transport',
    all: [
      [
        'transport',
        'transportation',
        '4x4',
        'car',
        'vehicle',
        'vehicule',
        'voiture',
        'driver',
        'chauffeur',
        'minibus',
        'bus',
        'imodoka',
      ],
    ],
  },
  {
    kind: 'meals',
    all: [
      [
        'meal',
        'meals',
        'lunch',
        'breakfast',
        'dinner',
        'repas',
        'dejeuner',
        'diner',
        'board',
        'pension',
        'ifunguro',
        'amafunguro',
      ],
    ],
  },
  { kind: 'drinking-water', all: [['water', 'eau', 'amazi']] },
  {
    kind: 'guide',
    all: [['guide', 'guides', 'ranger', 'rangers', 'tracker', 'trackers', 'umuyobozi', 'abayobozi']],
  },
  { kind: 'personal-expenses', all: [['personal', 'personnel', 'personnelles', 'personnels', 'bwite']] },
];

/** A cancellation cell that says there is no refund at all. */
export const NO_REFUND_PHRASES: readonly string[] = [
  'non-refundable',
  'non refundable',
  'no refund',
  'no refunds',
  'non remboursable',
  'aucun remboursement',
  'ntasubizwa',
];
