import type { RowIssue } from '../catalogue/codes.ts';
import type { OfferingKind } from '../catalogue/offering.ts';
import type { CatalogueLifecycleStore, CatalogueReportRecord, CatalogueStatusName } from './ports.ts';
import type { StoredReportBody } from './stored-report.ts';
import { decodeCursor, encodeCursor } from './sync-status.ts';

/** One line of the producer's list of catalogues (newest first). */
export interface CatalogueListItem {
  catalogueId: string;
  status: CatalogueStatusName;
  fileName: string | null;
  origin: string;
  receivedAt: string;
  createdAt: string;
  mode: 'full' | 'delta';
  format: string;
  rows: CatalogueReportRecord['rows'] | null;
  changes: CatalogueReportRecord['changes'] | null;
  errorCount: number;
  warningCount: number;
  rowsRead?: number;
  error?: { code: string; message: string; line: number | null };
  profileVersion?: number;
  /** What the file held (DONE only): products or tour packages. */
  offeringKind?: OfferingKind;
}

export interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
}

export const statusOf = (record: CatalogueReportRecord): CatalogueStatusName => record.status ?? 'DONE';

function listItem(record: CatalogueReportRecord): CatalogueListItem {
  const status = statusOf(record);
  const done = status === 'DONE';
  return {
    catalogueId: record.catalogueId,
    status,
    fileName: record.fileName ?? null,
    origin: record.origin ?? 'direct',
    receivedAt: record.receivedAt,
    createdAt: record.createdAt ?? record.receivedAt,
    mode: record.mode,
    format: record.format,
    rows: done ? record.rows : null,
    changes: done ? record.changes : null,
    errorCount: done ? record.errorCount : 0,
    warningCount: done ? record.warningCount : 0,
    ...(status === 'PROCESSING' ? { rowsRead: record.rowsRead ?? 0 } : {}),
    ...(record.error ? { error: record.error } : {}),
    ...(record.profileVersion === undefined ? {} : { profileVersion: record.profileVersion }),
    ...(done ? { offeringKind: record.offeringKind ?? 'product' } : {}),
  };
}

/**
 * The producer's catalogues, newest first (by when the upload was issued or the file received),
 * `limit` at a time. Reads every catalogue record of the producer (one small item per upload, a
 * few hundred bytes each, in 1 MB query pages) to sort them: bounded by the producer's uploads.
 */
export async function listCatalogues(
  producerId: string,
  page: { limit: number; cursor: string | null },
  lifecycle: CatalogueLifecycleStore,
): Promise<ListPage<CatalogueListItem>> {
  const offset = decodeCursor(page.cursor);
  const records: CatalogueReportRecord[] = [];
  let cursor: string | null = null;
  do {
    const result = await lifecycle.listReports(producerId, { limit: 1000, cursor });
    records.push(...result.items);
    cursor = result.cursor;
  } while (cursor !== null);
  const newestFirst = records
    .map(listItem)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.catalogueId.localeCompare(b.catalogueId));
  const items = newestFirst.slice(offset, offset + page.limit);
  return {
    items,
    nextCursor: offset + items.length < newestFirst.length ? encodeCursor(offset + items.length) : null,
  };
}

export type Severity = 'error' | 'warning';
export interface FindingWithSeverity extends RowIssue {
  severity: Severity;
}

export interface FindingsQuery {
  limit: number;
  cursor: string | null;
  severity?: Severity;
  code?: string;
  field?: string;
  sku?: string;
}

/** UTF-8 bytes of findings one page carries at most (a finding quotes cells, which can be long). */
export const FINDINGS_PAGE_MAX_BYTES = 1024 * 1024;

/**
 * One page of an upload's findings (errors first, then warnings), filtered, from the stored
 * report: at most `limit`, and fewer when they reach FINDINGS_PAGE_MAX_BYTES; `total` counts every
 * finding that matches the filters.
 */
export function findingsListPage(
  stored: StoredReportBody,
  query: FindingsQuery,
): ListPage<FindingWithSeverity> & { total: number } {
  const offset = decodeCursor(query.cursor);
  const matches = (issue: RowIssue) =>
    (query.code === undefined || issue.code === query.code) &&
    (query.field === undefined || issue.field === query.field) &&
    (query.sku === undefined || issue.sku === query.sku);
  const kinds: [Severity, RowIssue[]][] = [
    ['error', stored.result.errors],
    ['warning', stored.result.warnings],
  ];
  const items: FindingWithSeverity[] = [];
  let total = 0;
  let bytes = 0;
  let full = false;
  for (const [severity, issues] of kinds) {
    if (query.severity !== undefined && query.severity !== severity) continue;
    for (const issue of issues) {
      if (!matches(issue)) continue;
      if (total >= offset && !full) {
        const finding = { ...issue, severity };
        bytes += Buffer.byteLength(JSON.stringify(finding), 'utf8') + 1;
        full = items.length >= query.limit || (items.length > 0 && bytes > FINDINGS_PAGE_MAX_BYTES);
        if (!full) items.push(finding);
      }
      total += 1;
    }
  }
  return {
    items,
    total,
    nextCursor: offset + items.length < total ? encodeCursor(offset + items.length) : null,
  };
}
