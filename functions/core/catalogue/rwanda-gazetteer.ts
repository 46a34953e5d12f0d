import { buildAliasIndex, memoisedLookup, normaliseKey } from './normalise-key.ts';

/**
 * The places Rwandan tour packages go to: national parks, lakes and the towns tours start from,
 * with the names operators write (English, French, Kinyarwanda, old pre-2006 town names) and the
 * Simplified Chinese name a Chinese traveller searches for. Tour packages name places by `id`.
 *
 * Chinese names follow the usage of Chinese travel media and Xinhua: 火山国家公园, 阿卡盖拉国家公园,
 * 基伍湖, 基加利. Nyungwe is 纽恩威 in most Chinese travel writing (纽恩圭 and 纽格威 also occur and are
 * accepted as input). Towns carry the same Chinese names as their districts in the product
 * glossary (a test keeps the two equal), so 穆桑泽 means the same place on every channel.
 */

export type PlaceKind = 'park' | 'lake' | 'town';

export interface GazetteerPlace {
  readonly id: string;
  readonly kind: PlaceKind;
  /** Official English name. */
  readonly name: string;
  readonly nameFr: string;
  readonly nameRw: string;
  readonly nameZh: string;
  /** The town a traveller sets off from to reach the place (a town is its own): the departure city. */
  readonly gatewayTown: string;
  /** Other spellings people write, in any of the languages; matched without case, accents or punctuation. */
  readonly aliases: readonly string[];
}

export const GAZETTEER = [
  // National parks
  {
    id: 'volcanoes-national-park',
    kind: 'park',
    name: 'Volcanoes National Park',
    nameFr: 'Parc national des Volcans',
    nameRw: "Pariki y'Igihugu y'Ibirunga",
    nameZh: '火山国家公园',
    gatewayTown: 'musanze',
    aliases: [
      'Volcanoes',
      'Volcanoes NP',
      'Volcanoes Park',
      'Parc des Volcans',
      'PNV',
      'Ibirunga',
      '卢旺达火山国家公园',
    ],
  },
  {
    id: 'nyungwe-national-park',
    kind: 'park',
    name: 'Nyungwe National Park',
    nameFr: 'Parc national de Nyungwe',
    nameRw: "Pariki y'Igihugu ya Nyungwe",
    nameZh: '纽恩威国家公园',
    gatewayTown: 'rusizi',
    aliases: [
      'Nyungwe',
      'Nyungwe Forest',
      'Nyungwe Forest National Park',
      'Nyungwe NP',
      'Forêt de Nyungwe',
      'Ishyamba rya Nyungwe',
      '纽恩威',
      '纽恩威森林',
      '纽恩圭国家公园',
      '纽格威国家公园',
    ],
  },
  {
    id: 'akagera-national-park',
    kind: 'park',
    name: 'Akagera National Park',
    nameFr: "Parc national de l'Akagera",
    nameRw: "Pariki y'Igihugu y'Akagera",
    nameZh: '阿卡盖拉国家公园',
    gatewayTown: 'kayonza',
    aliases: ['Akagera', 'Akagera NP', 'Akagera Park', "Parc de l'Akagera", '卡盖拉国家公园'],
  },
  {
    id: 'gishwati-mukura-national-park',
    kind: 'park',
    name: 'Gishwati-Mukura National Park',
    nameFr: 'Parc national de Gishwati-Mukura',
    nameRw: "Pariki y'Igihugu ya Gishwati-Mukura",
    nameZh: '吉什瓦蒂-穆库拉国家公园',
    gatewayTown: 'rubavu',
    aliases: ['Gishwati', 'Gishwati Mukura', 'Gishwati Forest', 'Mukura'],
  },
  // Lakes
  {
    id: 'lake-kivu',
    kind: 'lake',
    name: 'Lake Kivu',
    nameFr: 'Lac Kivu',
    nameRw: 'Ikiyaga cya Kivu',
    nameZh: '基伍湖',
    gatewayTown: 'rubavu',
    aliases: ['Kivu', 'Kivu Lake'],
  },
  {
    id: 'lake-burera',
    kind: 'lake',
    name: 'Lake Burera',
    nameFr: 'Lac Burera',
    nameRw: 'Ikiyaga cya Burera',
    nameZh: '布雷拉湖',
    gatewayTown: 'musanze',
    aliases: ['Burera'],
  },
  {
    id: 'lake-ruhondo',
    kind: 'lake',
    name: 'Lake Ruhondo',
    nameFr: 'Lac Ruhondo',
    nameRw: 'Ikiyaga cya Ruhondo',
    nameZh: '鲁洪多湖',
    gatewayTown: 'musanze',
    aliases: ['Ruhondo', '儒洪多湖'],
  },
  {
    id: 'lake-muhazi',
    kind: 'lake',
    name: 'Lake Muhazi',
    nameFr: 'Lac Muhazi',
    nameRw: 'Ikiyaga cya Muhazi',
    nameZh: '穆哈齐湖',
    gatewayTown: 'rwamagana',
    aliases: ['Muhazi'],
  },
  {
    id: 'lake-ihema',
    kind: 'lake',
    name: 'Lake Ihema',
    nameFr: 'Lac Ihema',
    nameRw: 'Ikiyaga cya Ihema',
    nameZh: '伊赫马湖',
    gatewayTown: 'kayonza',
    aliases: ['Ihema'],
  },
  // Towns (named as their districts since the 2006 reform; the old town names are aliases)
  {
    id: 'kigali',
    kind: 'town',
    name: 'Kigali',
    nameFr: 'Kigali',
    nameRw: 'Kigali',
    nameZh: '基加利',
    gatewayTown: 'kigali',
    aliases: ['Kigali City', 'City of Kigali', 'Ville de Kigali', 'Umujyi wa Kigali'],
  },
  {
    id: 'musanze',
    kind: 'town',
    name: 'Musanze',
    nameFr: 'Musanze',
    nameRw: 'Musanze',
    nameZh: '穆桑泽',
    gatewayTown: 'musanze',
    aliases: ['Ruhengeri', '鲁亨盖里'],
  },
  {
    id: 'rubavu',
    kind: 'town',
    name: 'Rubavu',
    nameFr: 'Rubavu',
    nameRw: 'Rubavu',
    nameZh: '鲁巴武',
    gatewayTown: 'rubavu',
    aliases: ['Gisenyi', '吉塞尼'],
  },
  {
    id: 'karongi',
    kind: 'town',
    name: 'Karongi',
    nameFr: 'Karongi',
    nameRw: 'Karongi',
    nameZh: '卡龙吉',
    gatewayTown: 'karongi',
    aliases: ['Kibuye', '基布耶'],
  },
  {
    id: 'rusizi',
    kind: 'town',
    name: 'Rusizi',
    nameFr: 'Rusizi',
    nameRw: 'Rusizi',
    nameZh: '鲁西齐',
    gatewayTown: 'rusizi',
    aliases: ['Cyangugu', 'Kamembe', '尚古古'],
  },
  {
    id: 'huye',
    kind: 'town',
    name: 'Huye',
    nameFr: 'Huye',
    nameRw: 'Huye',
    nameZh: '胡耶',
    gatewayTown: 'huye',
    aliases: ['Butare', '布塔雷'],
  },
  {
    id: 'nyanza',
    kind: 'town',
    name: 'Nyanza',
    nameFr: 'Nyanza',
    nameRw: 'Nyanza',
    nameZh: '尼扬扎',
    gatewayTown: 'nyanza',
    aliases: ['Nyabisindu'],
  },
  {
    id: 'muhanga',
    kind: 'town',
    name: 'Muhanga',
    nameFr: 'Muhanga',
    nameRw: 'Muhanga',
    nameZh: '穆汉加',
    gatewayTown: 'muhanga',
    aliases: ['Gitarama'],
  },
  {
    id: 'kayonza',
    kind: 'town',
    name: 'Kayonza',
    nameFr: 'Kayonza',
    nameRw: 'Kayonza',
    nameZh: '卡荣扎',
    gatewayTown: 'kayonza',
    aliases: [],
  },
  {
    id: 'rwamagana',
    kind: 'town',
    name: 'Rwamagana',
    nameFr: 'Rwamagana',
    nameRw: 'Rwamagana',
    nameZh: '鲁瓦马加纳',
    gatewayTown: 'rwamagana',
    aliases: [],
  },
] as const satisfies readonly GazetteerPlace[];

type Place = (typeof GAZETTEER)[number];
export type PlaceId = Place['id'];

export const PLACE_IDS = GAZETTEER.map((place) => place.id) as [PlaceId, ...PlaceId[]];

const BY_ID: ReadonlyMap<string, Place> = new Map(GAZETTEER.map((place) => [place.id, place]));

export function placeById(id: PlaceId): Place {
  const place = BY_ID.get(id);
  if (place === undefined) throw new RangeError(`not a gazetteer place: ${id}`);
  return place;
}

// Every name of a place, in every language, is an alias of its id.
const NAMES_BY_PLACE = {} as Record<PlaceId, readonly string[]>;
for (const place of GAZETTEER) {
  NAMES_BY_PLACE[place.id] = [place.name, place.nameFr, place.nameRw, place.nameZh, ...place.aliases];
}
const placeIndex = buildAliasIndex(NAMES_BY_PLACE);

/**
 * The place an operator means ("Parc national des Volcans", "Gisenyi", "基伍湖"), or null. For the
 * tour readers: a trailing bracket is tried alone when the rest is unknown ("Kinigi (Volcanoes)").
 */
export const resolvePlace = memoisedLookup((raw: string): PlaceId | null => {
  const { key, unit } = normaliseKey(raw);
  const found = placeIndex.get(key);
  if (found !== undefined) return found;
  return unit === null ? null : (placeIndex.get(normaliseKey(unit).key) ?? null);
});
