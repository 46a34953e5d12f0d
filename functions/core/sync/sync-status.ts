import type { RowIssue } from '../catalogue/codes.ts';
import type { BlobStore, CatalogueReportRecord, CatalogueStore, SyncStateStore } from './ports.ts';
import { loadStoredReport } from './stored-report.ts';

import { InvalidCursorError } from './sync-errors.ts';
import { SYNC_STATES, type SyncReason, type SyncStateName, type SyncStateRecord } from './sync-records.ts';

export interface StatusItem {
  sku: string;
  state: SyncStateName;
  reasons: SyncReason[];
  warnings: SyncReason[];
  updatedAt: string;
}

export interface ChannelStatus {
  counts: Record<SyncStateName, number>;
  items: StatusItem[];
  /** Pass back as `cursor` for the next page of items; null on the last page. */
  nextCursor: string | null;
}

export interface SyncStatusQuery {
  channels: readonly string[];
  channel?: string;
  state?: SyncStateName;
  limit: number;
  cursor: string | null;
}

export interface SyncStatus {
  producerId: string;
  channels: Record<string, ChannelStatus>;
}

function emptyCounts(): Record<SyncStateName, number> {
  return Object.fromEntries(SYNC_STATES.map((state) => [state, 0])) as Record<SyncStateName, number>;
}

function toStatusItem(state: SyncStateRecord): StatusItem {
  return {
    sku: state.sku,
    state: state.state,
    reasons: state.reasons,
    warnings: state.warnings,
    updatedAt: state.updatedAt,
  };
}

/** Offsets are opaque to callers so the paging scheme can change without breaking them. */
export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

export function decodeCursor(cursor: string | null): number {
  if (!cursor) return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      parsed &&
      typeof parsed === 'object' &&
      'o' in parsed &&
      Number.isInteger(parsed.o) &&
      Number(parsed.o) >= 0
    ) {
      return Number(parsed.o);
    }
  } catch {
    // fall through: a cursor we did not issue
  }
  throw new InvalidCursorError('cursor is not one this API issued');
}

/**
 * Counts every state of each channel and returns one page of items (optionally of one state).
 * Reads every sync state of the producer's channel: bounded by the producer's catalogue size.
 */
export async function getSyncStatus(
  producerId: string,
  query: SyncStatusQuery,
  states: SyncStateStore,
): Promise<SyncStatus> {
  const offset = decodeCursor(query.cursor);
  const channels: Record<string, ChannelStatus> = {};
  const selected = query.channel
    ? query.channels.filter((channel) => channel === query.channel)
    : query.channels;
  for (const channel of selected) {
    const counts = emptyCounts();
    const items: StatusItem[] = [];
    let matched = 0;
    let cursor: string | null = null;
    do {
      const page = await states.listStates(producerId, channel, { limit: 1000, cursor });
      for (const state of page.items) {
        counts[state.state] += 1;
        if (query.state && state.state !== query.state) continue;
        if (matched >= offset && items.length < query.limit) items.push(toStatusItem(state));
        matched += 1;
      }
      cursor = page.cursor;
    } while (cursor !== null);
    channels[channel] = {
      counts,
      items,
      nextCursor: offset + items.length < matched ? encodeCursor(offset + items.length) : null,
    };
  }
  return { producerId, channels };
}

export interface CatalogueStatus {
  producerId: string;
  catalogueId: string;
  receivedAt: string;
  mode: 'full' | 'delta';
  format: string;
  encoding: string;
  rows: CatalogueReportRecord['rows'];
  changes: CatalogueReportRecord['changes'];
  errors: RowIssue[];
  warnings: RowIssue[];
  channels: Record<string, { items: StatusItem[] }>;
  nextCursor: string | null;
}

/** One upload's rows and, per channel, the current state of each SKU it accepted (paged by SKU). */
export async function getCatalogueStatus(
  producerId: string,
  catalogueId: string,
  query: { channels: readonly string[]; limit: number; cursor: string | null },
  deps: { catalogues: CatalogueStore; states: SyncStateStore; blobs: BlobStore },
): Promise<CatalogueStatus | null> {
  const report = await deps.catalogues.getReport(producerId, catalogueId);
  if (!report) return null;
  const stored = await loadStoredReport(deps.blobs, report.reportKey);
  const offset = decodeCursor(query.cursor);
  const skus = (stored?.acceptedSkus ?? []).slice(offset, offset + query.limit);
  const channels: Record<string, { items: StatusItem[] }> = {};
  for (const channel of query.channels) {
    const found = new Map(
      (await deps.states.getStates(producerId, channel, skus)).map((state) => [state.sku, state]),
    );
    channels[channel] = {
      items: skus.flatMap((sku) => {
        const state = found.get(sku);
        return state ? [toStatusItem(state)] : [];
      }),
    };
  }
  const total = stored?.acceptedSkus.length ?? 0;
  return {
    producerId,
    catalogueId,
    receivedAt: report.receivedAt,
    mode: report.mode,
    format: report.format,
    encoding: report.encoding,
    rows: report.rows,
    changes: report.changes,
    errors: stored?.result.errors ?? [],
    warnings: stored?.result.warnings ?? [],
    channels,
    nextCursor: offset + skus.length < total ? encodeCursor(offset + skus.length) : null,
  };
}
