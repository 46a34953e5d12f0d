import type { Offering, OfferingKind } from './offering.ts';
import { type CatalogueSummary, type ReadCatalogueOptions, readCatalogue } from './read-catalogue.ts';
import type { ByteSource } from './readers/byte-source.ts';

/** A catalogue's summary, saying which kind of offering the file held (told by its columns). */
export interface OfferingsSummary extends CatalogueSummary {
  offeringKind: OfferingKind;
}

export type AcceptedOfferingHandler = (offering: Offering, row: number) => void | Promise<void>;

/** The key an offering is synced under: a product's SKU, a tour's code (the operator's product key). */
export function offeringKey(offering: Offering): string {
  return offering.kind === 'product' ? offering.product.sku : offering.tour.code;
}

/**
 * Reads a catalogue of products or of tour packages and hands each accepted offering to
 * `onOffering` as it is parsed. Same contract as `readCatalogue`: a file-level failure throws
 * CatalogueFileError and the caller discards what it received.
 */
export async function readOfferings(
  input: ByteSource,
  options: ReadCatalogueOptions,
  onOffering: AcceptedOfferingHandler,
): Promise<OfferingsSummary> {
  const summary = await readCatalogue(input, options, (product, row) =>
    onOffering({ kind: 'product', product }, row),
  );
  return { ...summary, offeringKind: 'product' };
}
