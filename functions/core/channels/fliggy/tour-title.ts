import { placeById } from '../../catalogue/rwanda-gazetteer.ts';
import type { TourDuration, TourPackage } from '../../catalogue/tour-model.ts';
import { characterCount } from '../channel-helpers.ts';
import { COUNTRY_ZH } from '../mappings/glossary-zh.ts';
import { HALF_DAY_MAX_HOURS, TOUR_CATEGORY_ZH, UNTITLED_CATEGORIES } from './glossary-zh.ts';

/** Fliggy's item title limit (商品标题，30个字符以内), counted in characters, not bytes. */
export const FLIGGY_TITLE_MAX_CHARACTERS = 30;

export interface TourTitle {
  text: string;
  /** True when built from the glossary rather than given by the operator. */
  composed: boolean;
}

/** "1日游", "8日游", or "半日游" for a short trip given in hours. */
export function durationZh(duration: TourDuration): string {
  if ('days' in duration) return `${duration.days}日游`;
  return duration.hours <= HALF_DAY_MAX_HOURS ? '半日游' : '1日游';
}

/**
 * The operator's zh-CN name when given; otherwise country, destinations, activity and duration
 * with no spaces, as Fliggy titles read: 卢旺达火山国家公园山地大猩猩徒步1日游. Destinations after
 * the first are joined with "+" for as long as the title stays within 30 characters, so a composed
 * title always fits (one destination, the longest activity and "21日游" make 26).
 */
export function tourTitle(tour: TourPackage): TourTitle {
  const given = tour.names['zh-CN'];
  if (given !== undefined) return { text: given, composed: false };

  const activity = UNTITLED_CATEGORIES.has(tour.category) ? '' : TOUR_CATEGORY_ZH[tour.category];
  const fixedLength = characterCount(COUNTRY_ZH.RW + activity + durationZh(tour.duration));
  const [first, ...others] = tour.destinations;
  let places = first === undefined ? '' : placeById(first).nameZh;
  for (const destination of others) {
    const longer = `${places}+${placeById(destination).nameZh}`;
    if (fixedLength + characterCount(longer) > FLIGGY_TITLE_MAX_CHARACTERS) break;
    places = longer;
  }
  return { text: `${COUNTRY_ZH.RW}${places}${activity}${durationZh(tour.duration)}`, composed: true };
}
