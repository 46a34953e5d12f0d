import { formatQuantityValue } from '../../units.ts';
import { XmlWriter } from '../../xml-writer.ts';
import { checkedProducerId } from '../channel-helpers.ts';
import type { ChunkSink, RenderMeta, RenderSummary } from '../contract.ts';
import type { FreshippoItem } from './transform.ts';

export const FRESHIPPO_CHANNEL_ID = 'freshippo';
/** Versioned namespace: a breaking format change gets a new one, and docs/schemas/freshippo-feed.xsd targets it. */
export const FRESHIPPO_NAMESPACE = 'urn:feedbridge:freshippo:feed:1';

export function freshippoDocumentPath(producerId: string): string {
  return `${FRESHIPPO_CHANNEL_ID}/${checkedProducerId(producerId)}.xml`;
}

function writeItem(xml: XmlWriter, item: FreshippoItem): void {
  xml.open('item', { sku: item.sku });
  xml.element('gtin', item.gtin);
  xml.element('name', item.nameZh, { lang: 'zh-CN', composed: item.nameComposed });
  xml.element('name', item.nameEn, { lang: 'en' });
  xml.element('category', item.categoryCode);
  xml.element('brand', item.brand);
  xml.element('spec', item.spec);
  xml.element('netContent', item.netContent.value, { unitCode: item.netContent.unitCode });
  xml.element('casePack', item.casePack);
  const price = item.unitPrice;
  xml.element('unitPrice', price.formatted, {
    currency: price.currency,
    minor: price.minor,
    originalCurrency: price.original.currency,
    originalMinor: price.original.minor,
  });
  if (price.fx !== null) {
    const fx = price.fx;
    xml.empty('fxRate', { from: fx.from, to: fx.to, rate: fx.rate, date: fx.date, source: fx.source });
  }
  if (item.pricePer500g !== null) {
    xml.element('pricePer500g', item.pricePer500g.formatted, {
      currency: item.pricePer500g.currency,
      minor: item.pricePer500g.minor,
    });
  }
  xml.element('shelfLifeDays', item.shelfLifeDays);
  const { coldChain, minC, maxC } = item.storage;
  xml.empty('storage', {
    coldChain,
    minC: minC === null ? null : formatQuantityValue(minC),
    maxC: maxC === null ? null : formatQuantityValue(maxC),
  });
  xml.open('origin', { country: item.origin.country });
  xml.element('district', item.origin.district, { zh: item.origin.districtZh });
  xml.element('farm', item.origin.farm);
  xml.close();
  xml.element('harvestDate', item.harvestDate);
  xml.element('packDate', item.packDate);
  xml.element('lot', item.lot);
  if (item.certifications.length > 0) {
    xml.open('certifications');
    for (const certification of item.certifications) {
      xml.element('certification', certification.label, { code: certification.code });
    }
    xml.close();
  }
  xml.close();
}

/**
 * One supplier document: <feed type="full"> with the items, then a <trailer/> with the counts so a
 * truncated file is detectable. Every document is full (a withdrawn SKU is simply absent), so
 * `type` is always "full" and `delistedCount` always 0: both stay for version 1 readers.
 */
export async function renderFreshippo(
  producerId: string,
  items: AsyncIterable<FreshippoItem> | Iterable<FreshippoItem>,
  write: ChunkSink,
  meta: RenderMeta,
): Promise<RenderSummary> {
  const xml = new XmlWriter(write);
  xml.declaration();
  xml.open('feed', {
    xmlns: FRESHIPPO_NAMESPACE,
    version: '1',
    type: 'full',
    supplier: checkedProducerId(producerId),
    generatedAt: meta.generatedAt,
  });
  let itemCount = 0;
  for await (const item of items) {
    writeItem(xml, item);
    itemCount++;
    await xml.flushIfFull();
  }
  xml.empty('trailer', { itemCount, delistedCount: 0 });
  xml.close();
  await xml.end();
  return { itemCount };
}
