import type { Product } from '../catalogue/model.ts';
import { effectiveNetContent, quantityTextZh } from './channel-helpers.ts';
import {
  COUNTRY_ZH,
  districtZh,
  PRODUCT_TYPE_ZH,
  processZh,
  roastZh,
  TITLE_ATTRIBUTE_KEYS,
  varietyZh,
} from './mappings/glossary-zh.ts';

export interface ChineseTitle {
  text: string;
  /** True when built from the glossary rather than given by the producer. */
  composed: boolean;
}

/**
 * The producer's zh-CN name when given; otherwise a title composed only from curated glossary
 * terms, in the order Chinese listings read: origin, district, variety, process, roast, product,
 * net content ("卢旺达 胡耶 红波旁 水洗 生咖啡豆 1kg"). Terms the glossary does not know are left out,
 * never guessed or sent to a translation service. Null when not composable (product type 'other').
 */
export function chineseTitle(product: Product): ChineseTitle | null {
  const given = product.names['zh-CN'];
  if (given !== undefined) return { text: given, composed: false };

  const productZh = PRODUCT_TYPE_ZH[product.productType];
  if (productZh === null) return null;

  let text = COUNTRY_ZH[product.origin.country];
  const district = product.origin.district === undefined ? null : districtZh(product.origin.district);
  if (district !== null) text += ` ${district}`;
  const attributes = product.attributes;
  const variety = attributes[TITLE_ATTRIBUTE_KEYS.variety];
  const varietyText = variety === undefined ? null : varietyZh(variety);
  if (varietyText !== null) text += ` ${varietyText}`;
  const process = attributes[TITLE_ATTRIBUTE_KEYS.process];
  const processText = process === undefined ? null : processZh(process);
  if (processText !== null) text += ` ${processText}`;
  const roast = attributes[TITLE_ATTRIBUTE_KEYS.roast];
  const roastText = roast === undefined ? null : roastZh(roast);
  if (roastText !== null) text += ` ${roastText}`;
  text += ` ${productZh}`;
  const netContent = effectiveNetContent(product);
  if (netContent !== undefined) text += ` ${quantityTextZh(netContent)}`;
  return { text, composed: true };
}
