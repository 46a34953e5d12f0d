import type { RowIssue } from '../catalogue/codes.ts';
import type { ColumnReport } from '../catalogue/columns/column-plan.ts';
import type { OfferingKind } from '../catalogue/offering.ts';
import type { RowCounts } from '../catalogue/read-catalogue.ts';
import type { BlobReader, ChangeCounts } from './ports.ts';

/**
 * The full report of one upload, kept in object storage (it can exceed an item's 400 KB). Its own
 * module so the read-only status function does not bundle the catalogue readers.
 */
export interface StoredReportBody {
  result: {
    catalogueId: string;
    rows: RowCounts;
    changes: ChangeCounts;
    errors: RowIssue[];
    warnings: RowIssue[];
  };
  /** The SKUs (or tour codes) of the offerings the upload accepted. */
  acceptedSkus: string[];
  /** What the file held (absent in reports stored before tours: products). */
  offeringKind?: OfferingKind;
  /** How the file was read (absent in reports stored before it was kept). */
  reading?: {
    source: string;
    sheet?: string;
    headerRow?: number;
    columns: ColumnReport[];
  };
}

export async function loadStoredReport(
  blobs: BlobReader,
  reportKey: string,
): Promise<StoredReportBody | null> {
  const bytes = await blobs.get(reportKey);
  if (!bytes) return null;
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as StoredReportBody;
}
