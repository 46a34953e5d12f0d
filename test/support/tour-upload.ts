import type { ReadCatalogueOptions } from '../../functions/core/catalogue/read-catalogue.ts';
import type {
  AcceptedOfferingHandler,
  OfferingsSummary,
} from '../../functions/core/catalogue/read-offerings.ts';
import type { ByteSource } from '../../functions/core/catalogue/readers/byte-source.ts';
import { type TourPackage, tourPackageSchema } from '../../functions/core/catalogue/tour-model.ts';

/**
 * The pipeline's tests hand exact canonical tours in with a stand-in for readOfferings, so each
 * case controls fields the tour readers' cells cannot all express: the "file" is canonical tours as JSON (`{ "tours": [...] }`), each checked by the
 * model, handed on as offerings of kind tour with a summary that says so. Everything downstream
 * (hash, diff, records, tasks, worker, scheduled sync) is the real code.
 */
export function tourUpload(tours: readonly TourPackage[]): Buffer {
  return Buffer.from(JSON.stringify({ tours }));
}

async function bytesOf(input: ByteSource): Promise<Buffer> {
  if (input instanceof Uint8Array) return Buffer.from(input);
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

export async function readTourUpload(
  input: ByteSource,
  options: ReadCatalogueOptions,
  onOffering: AcceptedOfferingHandler,
): Promise<OfferingsSummary> {
  const { tours } = JSON.parse((await bytesOf(input)).toString('utf8')) as { tours: unknown[] };
  let row = 1;
  for (const tour of tours) {
    row += 1;
    options.checkpoint?.();
    await onOffering({ kind: 'tour', tour: tourPackageSchema.parse(tour) }, row);
  }
  return {
    producerId: options.producerId,
    format: 'json',
    encoding: 'utf-8',
    source: 'table',
    columns: [],
    rows: { total: tours.length, accepted: tours.length, rejected: 0, skipped: 0 },
    errors: [],
    warnings: [],
    offeringKind: 'tour',
  };
}
