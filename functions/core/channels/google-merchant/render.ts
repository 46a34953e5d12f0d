import { XmlWriter } from '../../xml-writer.ts';
import { checkedProducerId } from '../channel-helpers.ts';
import type { ChunkSink, RenderMeta, RenderSummary } from '../contract.ts';
import type { GoogleMerchantTarget } from './targets.ts';
import type { GoogleMerchantItem, GoogleMerchantOffer, GoogleMerchantPrice } from './transform.ts';

export const GOOGLE_MERCHANT_CHANNEL_ID = 'google-merchant';
/** Google's namespace for product attributes in RSS 2.0 feeds. */
export const GOOGLE_NAMESPACE = 'http://base.google.com/ns/1.0';
/** Ours, for what Google does not define (rate provenance, counts); Google ignores foreign elements. */
export const FEEDBRIDGE_GMC_NAMESPACE = 'urn:feedbridge:google-merchant:feed:1';

const COUNTRY_PATTERN = /^[A-Z]{2}$/;

/** "google-merchant/<producer>/<country>.xml": one document per producer and target country. */
export function googleMerchantDocumentPath(producerId: string, country: string): string {
  const id = checkedProducerId(producerId);
  if (!COUNTRY_PATTERN.test(country)) throw new RangeError(`not a country code: ${JSON.stringify(country)}`);
  return `${GOOGLE_MERCHANT_CHANNEL_ID}/${id}/${country}.xml`;
}

function writePrice(xml: XmlWriter, name: string, price: GoogleMerchantPrice): void {
  xml.element(name, price.text);
  if (price.fx !== null) {
    const fx = price.fx;
    xml.empty('fb:fxRate', {
      price: name.slice(2),
      from: fx.from,
      to: fx.to,
      rate: fx.rate,
      date: fx.date,
      source: fx.source,
    });
  }
}

function writeItem(xml: XmlWriter, item: GoogleMerchantItem, offer: GoogleMerchantOffer): void {
  xml.open('item');
  xml.element('g:id', item.id);
  xml.element('g:title', offer.title);
  xml.element('g:description', offer.description);
  xml.element('g:link', item.link);
  xml.element('g:image_link', item.imageLink);
  for (const link of item.additionalImageLinks) xml.element('g:additional_image_link', link);
  xml.element('g:availability', item.availability);
  writePrice(xml, 'g:price', offer.price);
  if (offer.salePrice !== null) writePrice(xml, 'g:sale_price', offer.salePrice);
  xml.element('g:brand', item.brand);
  if (item.gtin !== null) xml.element('g:gtin', item.gtin);
  else xml.element('g:identifier_exists', 'no');
  xml.element('g:condition', item.condition);
  xml.element('g:google_product_category', item.googleProductCategory);
  xml.element('g:product_type', item.productType);
  xml.element('g:item_group_id', item.itemGroupId);
  xml.element('g:shipping_weight', item.shippingWeight);
  xml.element('g:unit_pricing_measure', item.unitPricingMeasure);
  xml.close();
}

/** The site a feed's channel links to: the origin of the first item's product page. */
function siteOf(link: string): string {
  return new URL(link).origin;
}

/**
 * One RSS 2.0 document for one target country. The channel's own <link> comes after the items
 * (RSS does not order a channel's children) because it is the producer's site, known only from
 * the first item: the document is streamed, never held. Items without an offer for the target
 * (their price could not be converted to its currency) are left out of that document only.
 */
export async function renderGoogleMerchant(
  producerId: string,
  items: AsyncIterable<GoogleMerchantItem> | Iterable<GoogleMerchantItem>,
  write: ChunkSink,
  meta: RenderMeta,
  target: GoogleMerchantTarget,
): Promise<RenderSummary> {
  const xml = new XmlWriter(write);
  xml.declaration();
  xml.open('rss', { version: '2.0', 'xmlns:g': GOOGLE_NAMESPACE, 'xmlns:fb': FEEDBRIDGE_GMC_NAMESPACE });
  xml.open('channel');
  xml.element('title', `${checkedProducerId(producerId)} (${target.country})`);
  xml.element('description', `feedbridge product feed for ${target.country}, prices in ${target.currency}`);
  xml.element('language', target.language);
  xml.element('lastBuildDate', new Date(meta.generatedAt).toUTCString());
  let itemCount = 0;
  let site: string | null = null;
  for await (const item of items) {
    const offer = item.offers.find((candidate) => candidate.country === target.country);
    if (offer === undefined) continue;
    site ??= siteOf(item.link);
    writeItem(xml, item, offer);
    itemCount++;
    await xml.flushIfFull();
  }
  xml.element('link', site);
  xml.empty('fb:trailer', { itemCount, country: target.country, currency: target.currency });
  xml.close();
  xml.close();
  await xml.end();
  return { itemCount };
}
