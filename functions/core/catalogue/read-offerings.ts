import { CatalogueFileError } from './codes.ts';
import type { Offering, OfferingKind } from './offering.ts';
import { replay } from './parse-catalogue.ts';
import { ProfileLookup } from './producer-profile.ts';
import { type CatalogueSummary, type ReadCatalogueOptions, readOpenedCatalogue } from './read-catalogue.ts';
import { type ByteSource, chunksOf } from './readers/byte-source.ts';
import { openCatalogue } from './readers/open-catalogue.ts';
import type { CatalogueSource, RawRecord } from './readers/raw-record.ts';
import { isTourRecord, OfferingKindDetector } from './tours/offering-kind.ts';
import { isTourProducerField, readTours, secondTableKindOf } from './tours/read-tours.ts';
import { TOUR_ITEM_MEMBERS } from './tours/tour-aliases.ts';

/** A catalogue's summary, saying which kind of offering the file held (told by its columns). */
export interface OfferingsSummary extends CatalogueSummary {
  offeringKind: OfferingKind;
}

export type AcceptedOfferingHandler = (offering: Offering, row: number) => void | Promise<void>;

/** The key an offering is synced under: a product's SKU, a tour's code (the operator's product key). */
export function offeringKey(offering: Offering): string {
  return offering.kind === 'product' ? offering.product.sku : offering.tour.code;
}

/** Counts the bytes a reader has taken from the input: a tour catalogue is bounded in size. */
async function* counted(input: ByteSource, count: { bytes: number }): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunksOf(input)) {
    count.bytes += chunk.byteLength;
    yield chunk;
  }
}

function withRecords(source: CatalogueSource, records: AsyncIterable<RawRecord>): CatalogueSource {
  return {
    format: source.format,
    get encoding() {
      return source.encoding;
    },
    ...(source.sheet === undefined ? {} : { sheet: source.sheet }),
    records,
    ...(source.header ? { header: source.header } : {}),
    ...(source.documentFields ? { documentFields: source.documentFields } : {}),
    ...(source.otherSheets ? { otherSheets: source.otherSheets } : {}),
  };
}

/** A table naming neither kind's columns is refused as a product catalogue is, saying it is neither. */
function neitherKind(error: unknown): unknown {
  if (!(error instanceof CatalogueFileError) || error.code !== 'HEADER_REQUIRED_COLUMN_MISSING') return error;
  return new CatalogueFileError(
    error.code,
    `${error.message} Nor is it a tour catalogue: its header names fewer than two tour columns (duration, departures, itinerary, group size, meeting point...).`,
    error.line,
  );
}

/**
 * Reads a catalogue of products or of tour packages and hands each accepted offering to
 * `onOffering` as it is parsed. Which of the two a file holds is told by its columns (the header
 * of a table, the keys of a JSON item): see tours/offering-kind.ts. Same contract as
 * `readCatalogue`: a file-level failure throws CatalogueFileError and the caller discards what
 * it received.
 */
export async function readOfferings(
  input: ByteSource,
  options: ReadCatalogueOptions,
  onOffering: AcceptedOfferingHandler,
): Promise<OfferingsSummary> {
  const profile = options.profile === undefined ? undefined : new ProfileLookup(options.profile);
  const detector = new OfferingKindDetector(profile);
  const count = { bytes: 0 };
  const source = await openCatalogue(counted(input, count), {
    ...options,
    layout: detector.layout,
    documentFields: (name) => isTourProducerField(name) || secondTableKindOf(name) !== null,
    jsonItemMembers: ['products', ...TOUR_ITEM_MEMBERS],
  });
  const iterator = source.records[Symbol.asyncIterator]();
  let first: RawRecord | null;
  try {
    const next = await iterator.next();
    first = next.done === true ? null : next.value;
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
  const records = replay(first === null ? [] : [first], iterator);
  const isTour =
    source.format === 'json'
      ? first !== null && isTourRecord(first, profile)
      : source.format !== 'xml' && detector.kind === 'tour';
  if (isTour) {
    return readTours({ source, records, bytesRead: () => count.bytes }, options, onOffering);
  }
  try {
    const summary = await readOpenedCatalogue(withRecords(source, records), options, (product, row) =>
      onOffering({ kind: 'product', product }, row),
    );
    return { ...summary, offeringKind: 'product' };
  } catch (error) {
    throw neitherKind(error);
  }
}
