/**
 * Deterministic, realistic catalogues for the benchmarks: every product type, English or French
 * headers (with the separator and decimal style Excel uses for each), and about 1% bad rows of
 * the kinds producers really send. The same seed and size always give the same bytes, so runs on
 * different days compare like with like.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { withCheckDigit } from '../functions/core/gtin.ts';
import { seededRandom } from '../test/support/seeded-random.ts';

export type HeaderLanguage = 'en' | 'fr';

export interface GeneratorOptions {
  rows: number;
  seed?: number;
  headers?: HeaderLanguage;
  producerId?: string;
  /** Share of rows made invalid on purpose; default 0.01. */
  badRowRate?: number;
  /** Prefix for SKUs, so several catalogues of one producer do not collide. */
  skuPrefix?: string;
  /** Changes the price of every row whose index is below this, to make "changed" uploads. */
  repriceBelow?: number;
}

interface TypeProfile {
  en: string;
  fr: string;
  names: readonly [string, string][];
  varieties: readonly string[];
  hs: readonly string[];
  unit: string;
  weightsKg: readonly number[];
  shelfLifeDays: readonly number[];
  /** Storage range; present for cold-chain goods (freshippo requires it for beef and avocado). */
  temperature?: string;
  priceRwf: [number, number];
}

const TYPES: readonly TypeProfile[] = [
  {
    en: 'green coffee',
    fr: 'café vert',
    names: [
      ['Washed green coffee', 'Café vert lavé'],
      ['Natural green coffee', 'Café vert nature'],
    ],
    varieties: ['Red Bourbon', 'Jackson', 'Mibirizi'],
    hs: ['0901.11'],
    unit: 'bag',
    weightsKg: [1, 5, 30, 60],
    shelfLifeDays: [365, 540],
    priceRwf: [12_000, 90_000],
  },
  {
    en: 'roasted coffee',
    fr: 'café torréfié',
    names: [
      ['Medium roast coffee beans', 'Café torréfié en grains'],
      ['Ground coffee', 'Café moulu'],
    ],
    varieties: ['Red Bourbon', 'Bourbon Mayaguez'],
    hs: ['0901.21'],
    unit: 'bag',
    weightsKg: [0.25, 0.5, 1],
    shelfLifeDays: [180, 270],
    priceRwf: [6_000, 25_000],
  },
  {
    en: 'dried chili',
    fr: 'piment séché',
    names: [
      ["Dried bird's eye chili", 'Piment oiseau séché'],
      ['Crushed dried chili', 'Piment séché concassé'],
    ],
    varieties: ["Bird's eye", 'Cayenne'],
    hs: ['0904.21', '0904.22'],
    unit: 'bag',
    weightsKg: [0.1, 0.25, 1, 25],
    shelfLifeDays: [365, 720],
    priceRwf: [1_500, 40_000],
  },
  {
    en: 'avocado',
    fr: 'avocat',
    names: [
      ['Hass avocados', 'Avocats Hass'],
      ['Fuerte avocados', 'Avocats Fuerte'],
    ],
    varieties: ['Hass', 'Fuerte'],
    hs: ['0804.40'],
    unit: 'carton',
    weightsKg: [4, 10],
    shelfLifeDays: [21, 28],
    temperature: '5-8',
    priceRwf: [9_000, 30_000],
  },
  {
    en: 'beef',
    fr: 'boeuf',
    names: [
      ['Chilled beef tenderloin', 'Filet de boeuf réfrigéré'],
      ['Chilled beef striploin', 'Faux-filet de boeuf réfrigéré'],
    ],
    varieties: ['Ankole', 'Inyambo'],
    hs: ['0201.30'],
    unit: 'box',
    weightsKg: [1, 2.5, 5],
    shelfLifeDays: [14, 21],
    temperature: '0-4',
    priceRwf: [15_000, 80_000],
  },
  {
    en: 'tea',
    fr: 'thé',
    names: [
      ['Black tea CTC', 'Thé noir CTC'],
      ['Green tea', 'Thé vert'],
    ],
    varieties: ['CTC', 'Orthodox'],
    hs: ['0902.30', '0902.10'],
    unit: 'box',
    weightsKg: [0.1, 0.25, 0.5],
    shelfLifeDays: [720],
    priceRwf: [2_000, 9_000],
  },
  {
    en: 'honey',
    fr: 'miel',
    names: [
      ['Forest honey', 'Miel de forêt'],
      ['Eucalyptus honey', "Miel d'eucalyptus"],
    ],
    varieties: ['Nyungwe', 'Eucalyptus'],
    hs: ['0409.00'],
    unit: 'jar',
    weightsKg: [0.25, 0.5, 1],
    shelfLifeDays: [730],
    priceRwf: [4_000, 15_000],
  },
  {
    en: 'macadamia',
    fr: 'macadamia',
    names: [
      ['Shelled macadamia nuts', 'Noix de macadamia décortiquées'],
      ['Macadamia nuts in shell', 'Noix de macadamia en coque'],
    ],
    varieties: ['Kau', 'Beaumont'],
    hs: ['0802.62', '0802.61'],
    unit: 'bag',
    weightsKg: [0.5, 1, 10],
    shelfLifeDays: [270],
    priceRwf: [8_000, 60_000],
  },
];

const DISTRICTS = ['Huye', 'Nyamagabe', 'Gicumbi', 'Kayonza', 'Nyagatare', 'Rubavu', 'Musanze', 'Karongi'];
const FARMS = ['Coopérative Maraba', 'Koperative Mulindi', 'Kayonza Fresh', 'Abakundakawa', 'Nyungwe Apiary'];
const CERTIFICATIONS = ['Fairtrade', 'Organic', 'Rainforest Alliance', 'Fairtrade, Organic', ''];

const HEADERS: Record<HeaderLanguage, readonly string[]> = {
  en: [
    'SKU',
    'Product name',
    'Product type',
    'Variety',
    'Price',
    'Currency',
    'Net weight (kg)',
    'Sales unit',
    'Stock',
    'District',
    'Cooperative',
    'GTIN',
    'HS code',
    'Shelf life (days)',
    'Storage temperature (°C)',
    'Harvest date',
    'Lot number',
    'Certifications',
    'Image',
    'Product page',
  ],
  fr: [
    'Référence',
    'Désignation',
    'Type de produit',
    'Variété',
    'Prix unitaire',
    'Devise',
    'Poids net (kg)',
    'Conditionnement',
    'Stock',
    'District',
    'Coopérative',
    'Code-barres',
    'Code SH',
    'Durée de conservation (jours)',
    'Température de stockage (°C)',
    'Date de récolte',
    'Numéro de lot',
    'Certifications',
    'Image',
    'Page produit',
  ],
};

const FRENCH_UNITS: Record<string, string> = { bag: 'sac', carton: 'carton', box: 'boîte', jar: 'pot' };

function pick<T>(random: () => number, values: readonly T[]): T {
  const value = values[Math.floor(random() * values.length)];
  if (value === undefined) throw new Error('pick from an empty list');
  return value;
}

/** "12 500" in French exports, "12,500" in English ones: both are what Excel shows producers. */
function formatRwf(amount: number, language: HeaderLanguage): string {
  const digits = String(amount);
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/gu, language === 'fr' ? ' ' : ',');
  return grouped;
}

function formatNumber(value: number, language: HeaderLanguage): string {
  const text = String(value);
  return language === 'fr' ? text.replace('.', ',') : text;
}

function quoteCsv(cell: string, separator: string): string {
  return cell.includes(separator) || cell.includes('"') || cell.includes('\n')
    ? `"${cell.replaceAll('"', '""')}"`
    : cell;
}

/** The kinds of bad rows producers send, each rejected with its own error code. */
const DAMAGE = [
  (cells: string[]) => {
    cells[4] = 'on request'; // PRICE_INVALID
  },
  (cells: string[]) => {
    cells[0] = ''; // REQUIRED_MISSING sku
  },
  (cells: string[]) => {
    cells[2] = 'cassava flour'; // PRODUCT_TYPE_UNKNOWN
  },
  (cells: string[]) => {
    cells[8] = '-12'; // NUMBER_NEGATIVE stock
  },
  (cells: string[]) => {
    cells[15] = '31/02/2026'; // DATE_INVALID
  },
];

/** The rows of one catalogue as CSV lines (header first), generated lazily. */
export function* catalogueLines(options: GeneratorOptions): Generator<string> {
  const language = options.headers ?? 'en';
  const separator = language === 'fr' ? ';' : ',';
  const random = seededRandom(options.seed ?? 20_260_601);
  const badRate = options.badRowRate ?? 0.01;
  const prefix = options.skuPrefix ?? 'BN';
  yield `${HEADERS[language].map((cell) => quoteCsv(cell, separator)).join(separator)}\r\n`;
  for (let index = 0; index < options.rows; index += 1) {
    const type = pick(random, TYPES);
    const [nameEn, nameFr] = pick(random, type.names);
    const weight = pick(random, type.weightsKg);
    const sku = `${prefix}-${type.en.slice(0, 3).toUpperCase()}-${String(index).padStart(7, '0')}`;
    const [low, high] = type.priceRwf;
    let price = Math.round((low + random() * (high - low)) / 50) * 50;
    if (options.repriceBelow !== undefined && index < options.repriceBelow) price += 50;
    const day = 1 + Math.floor(random() * 28);
    const month = 1 + Math.floor(random() * 12);
    const harvest =
      language === 'fr'
        ? `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/2026`
        : `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const unit = language === 'fr' ? (FRENCH_UNITS[type.unit] ?? type.unit) : type.unit;
    const cells = [
      sku,
      `${language === 'fr' ? nameFr : nameEn}, ${formatNumber(weight, language)} kg`,
      language === 'fr' ? type.fr : type.en,
      pick(random, type.varieties),
      formatRwf(price, language),
      'RWF',
      formatNumber(weight, language),
      unit,
      String(Math.floor(random() * 2000)),
      pick(random, DISTRICTS),
      pick(random, FARMS),
      withCheckDigit(`6163${String(index % 100_000_000).padStart(8, '0')}`),
      pick(random, type.hs),
      String(pick(random, type.shelfLifeDays)),
      type.temperature ?? '',
      harvest,
      `LOT-2026-${String(1 + (index % 97)).padStart(3, '0')}`,
      pick(random, CERTIFICATIONS),
      `https://cdn.example.rw/img/${sku.toLowerCase()}.jpg`,
      // A producer selling through Google Merchant Center has a page per product (its `link`).
      `https://shop.example.rw/products/${sku.toLowerCase()}`,
    ];
    if (random() < badRate) pick(random, DAMAGE)(cells);
    yield `${cells.map((cell) => quoteCsv(cell, separator)).join(separator)}\r\n`;
  }
}

/** The whole catalogue in memory: for the 10k uploads that go through the HTTP handler as one body. */
export function catalogueBuffer(options: GeneratorOptions): Buffer {
  return Buffer.from([...catalogueLines(options)].join(''), 'utf8');
}

/** Streams a catalogue to `path` in bounded memory (a 1M-row file is ~200 MB). */
export async function writeCatalogue(path: string, options: GeneratorOptions): Promise<number> {
  const stream = createWriteStream(path);
  let bytes = 0;
  let batch: string[] = [];
  const flush = async () => {
    const chunk = batch.join('');
    batch = [];
    bytes += Buffer.byteLength(chunk);
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
  for (const line of catalogueLines(options)) {
    batch.push(line);
    if (batch.length >= 1000) await flush();
  }
  await flush();
  stream.end();
  await once(stream, 'finish');
  return bytes;
}
