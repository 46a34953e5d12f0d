import type { ColumnReport } from '../catalogue/columns/column-plan.ts';
import type { OfferingKind } from '../catalogue/offering.ts';
import { channelIdsTaking } from '../channels/channel-kinds.ts';
import { CATALOGUE_ANSWER_FINDINGS, type FindingsPage, findingsPage } from './findings-page.ts';
import type {
  BlobReader,
  CatalogueReportRecord,
  CatalogueStatusName,
  CatalogueStore,
  SyncStateStore,
  UrlSigner,
} from './ports.ts';
import { type RuleEffectCounts, type RuleEffectName, ruleEffectOf } from './rule-effect.ts';
import { loadStoredReport } from './stored-report.ts';
import { InvalidCursorError } from './sync-errors.ts';
import type { SyncReason, SyncStateRecord } from './sync-records.ts';
import { SYNC_STATES, type SyncStateName } from './sync-states.ts';

export interface StatusItem {
  sku: string;
  state: SyncStateName;
  reasons: SyncReason[];
  warnings: SyncReason[];
  updatedAt: string;
  /** Present when the producer's feed rules changed, excluded or invalidated the item on this channel. */
  ruleEffect?: RuleEffectName;
}

export interface ChannelStatus {
  counts: Record<SyncStateName, number>;
  ruleEffects: RuleEffectCounts;
  items: StatusItem[];
  /** Pass back as `cursor` for the next page of items; null on the last page. */
  nextCursor: string | null;
}

export interface SyncStatusQuery {
  channels: readonly string[];
  channel?: string;
  state?: SyncStateName;
  /** Only items the feed rules had this effect on (the counts still cover every item). */
  ruleEffect?: RuleEffectName;
  /** Only items whose SKU starts with this. */
  sku?: string;
  limit: number;
  cursor: string | null;
}

export interface SyncStatus {
  producerId: string;
  channels: Record<string, ChannelStatus>;
}

/**
 * UTF-8 bytes of item JSON one answer carries at most, across channels: an item quotes its
 * channel findings, so `limit` alone does not bound an answer; with the findings page and the
 * escaping of the body inside Lambda's result it stays well under the 6 MB response limit.
 */
export const ITEMS_PAGE_MAX_BYTES = 1024 * 1024;

const itemBytes = (item: StatusItem): number => Buffer.byteLength(JSON.stringify(item), 'utf8') + 1;

function emptyCounts(): Record<SyncStateName, number> {
  return Object.fromEntries(SYNC_STATES.map((state) => [state, 0])) as Record<SyncStateName, number>;
}

function toStatusItem(state: SyncStateRecord, ruleEffect = ruleEffectOf(state)): StatusItem {
  return {
    sku: state.sku,
    state: state.state,
    reasons: state.reasons,
    warnings: state.warnings,
    updatedAt: state.updatedAt,
    ...(ruleEffect === null ? {} : { ruleEffect }),
  };
}

/** Whether a state is one the query's filters (state, rule effect, SKU prefix) ask for. */
function wanted(state: SyncStateRecord, effect: RuleEffectName | null, query: SyncStatusQuery): boolean {
  if (query.state && state.state !== query.state) return false;
  if (query.ruleEffect && effect !== query.ruleEffect) return false;
  return !query.sku || state.sku.startsWith(query.sku);
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
 * Counts every state of each channel and returns one page of items (optionally of one state):
 * at most `limit`, and at most its share of ITEMS_PAGE_MAX_BYTES (the page then ends early and
 * `nextCursor` continues from there). Reads every sync state of the producer's channel: bounded
 * by the producer's catalogue size.
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
  const channelBytes = ITEMS_PAGE_MAX_BYTES / Math.max(selected.length, 1);
  for (const channel of selected) {
    const counts = emptyCounts();
    const ruleEffects: RuleEffectCounts = { changed: 0, excluded: 0, invalid: 0 };
    const items: StatusItem[] = [];
    let matched = 0;
    let bytes = 0;
    let full = false;
    let cursor: string | null = null;
    do {
      const page = await states.listStates(producerId, channel, { limit: 1000, cursor });
      for (const state of page.items) {
        counts[state.state] += 1;
        const effect = ruleEffectOf(state);
        if (effect !== null) ruleEffects[effect] += 1;
        if (!wanted(state, effect, query)) continue;
        if (matched >= offset && !full) {
          const item = toStatusItem(state, effect);
          bytes += itemBytes(item);
          full = items.length >= query.limit || (items.length > 0 && bytes > channelBytes);
          if (!full) items.push(item);
        }
        matched += 1;
      }
      cursor = page.cursor;
    } while (cursor !== null);
    channels[channel] = {
      counts,
      ruleEffects,
      items,
      nextCursor: offset + items.length < matched ? encodeCursor(offset + items.length) : null,
    };
  }
  return { producerId, channels };
}

/** The findings are the first page of each kind (FindingsPage); the stored report has them all. */
export interface CatalogueStatus extends FindingsPage {
  producerId: string;
  catalogueId: string;
  /** AWAITING_UPLOAD, PROCESSING (with rowsRead), DONE, or FAILED (with error). */
  status: CatalogueStatusName;
  rowsRead?: number;
  error?: { code: string; message: string; line: number | null };
  fileName?: string;
  origin: string;
  createdAt?: string;
  /** How the file was read, as validate --json says it (DONE only). */
  source?: string;
  sheet?: string;
  headerRow?: number;
  columns?: ColumnReport[];
  /** The producer profile version the file was read with (DONE only; 0: none saved). */
  profileVersion?: number;
  /** What the file held (DONE only): products, or tour packages; `channels` are those taking it. */
  offeringKind?: OfferingKind;
  /** A short-lived URL of the whole report as JSON (DONE only), and when it stops working. */
  reportUrl?: string;
  reportUrlExpiresAt?: string;
  receivedAt: string;
  mode: 'full' | 'delta';
  format: string;
  encoding: string;
  rows?: CatalogueReportRecord['rows'];
  changes?: CatalogueReportRecord['changes'];
  channels: Record<string, { items: StatusItem[] }>;
  nextCursor: string | null;
}

/** How long a report download URL works. */
export const REPORT_URL_SECONDS = 15 * 60;
/** UTF-8 bytes of column readings the catalogue answer carries at most. */
const COLUMNS_MAX_BYTES = 256 * 1024;

function boundedColumns(columns: readonly ColumnReport[]): ColumnReport[] {
  const kept: ColumnReport[] = [];
  let bytes = 0;
  for (const column of columns) {
    bytes += Buffer.byteLength(JSON.stringify(column), 'utf8') + 1;
    if (bytes > COLUMNS_MAX_BYTES) break;
    kept.push(column);
  }
  return kept;
}

/** A catalogue not read yet (or refused): its lifecycle fields, no counts, no findings. */
function unreadStatus(report: CatalogueReportRecord, channels: readonly string[]): CatalogueStatus {
  const status = report.status ?? 'DONE';
  return {
    producerId: report.producerId,
    catalogueId: report.catalogueId,
    status,
    ...(status === 'PROCESSING' ? { rowsRead: report.rowsRead ?? 0 } : {}),
    ...(report.error ? { error: report.error } : {}),
    ...(report.fileName ? { fileName: report.fileName } : {}),
    origin: report.origin ?? 'direct',
    ...(report.createdAt ? { createdAt: report.createdAt } : {}),
    receivedAt: report.receivedAt,
    mode: report.mode,
    format: report.format,
    encoding: report.encoding,
    errors: [],
    warnings: [],
    errorCount: 0,
    warningCount: 0,
    findingsTruncated: false,
    channels: Object.fromEntries(channels.map((channel) => [channel, { items: [] }])),
    nextCursor: null,
  };
}

/**
 * One upload's rows and, per channel, the current state of each SKU it accepted, paged by SKU:
 * at most `limit` SKUs, fewer when their items reach ITEMS_PAGE_MAX_BYTES.
 */
export async function getCatalogueStatus(
  producerId: string,
  catalogueId: string,
  query: { channels: readonly string[]; limit: number; cursor: string | null; origin?: string },
  deps: {
    catalogues: CatalogueStore;
    states: SyncStateStore;
    blobs: BlobReader;
    signer?: UrlSigner;
    now?: () => Date;
  },
): Promise<CatalogueStatus | null> {
  const report = await deps.catalogues.getReport(producerId, catalogueId);
  if (!report) return null;
  if ((report.status ?? 'DONE') !== 'DONE') return unreadStatus(report, query.channels);
  const stored = await loadStoredReport(deps.blobs, report.reportKey);
  const offeringKind = report.offeringKind ?? stored?.offeringKind ?? 'product';
  // A tour catalogue's items are on the tour channels only, a product catalogue's on the others.
  const channelIds = channelIdsTaking(offeringKind, query.channels);
  const offset = decodeCursor(query.cursor);
  const candidates = (stored?.acceptedSkus ?? []).slice(offset, offset + query.limit);
  const found = new Map<string, Map<string, SyncStateRecord>>();
  for (const channel of channelIds) {
    const states = await deps.states.getStates(producerId, channel, candidates);
    found.set(channel, new Map(states.map((state) => [state.sku, state])));
  }
  const channels: Record<string, { items: StatusItem[] }> = Object.fromEntries(
    channelIds.map((channel) => [channel, { items: [] as StatusItem[] }]),
  );
  // SKU by SKU across the channels, so that one cursor continues every channel at the same SKU.
  let bytes = 0;
  let skus = 0;
  for (const sku of candidates) {
    const row = channelIds.flatMap((channel) => {
      const state = found.get(channel)?.get(sku);
      return state ? [[channel, toStatusItem(state)] as const] : [];
    });
    bytes += row.reduce((sum, [, item]) => sum + itemBytes(item), 0);
    if (skus > 0 && bytes > ITEMS_PAGE_MAX_BYTES) break;
    for (const [channel, item] of row) channels[channel]?.items.push(item);
    skus += 1;
  }
  const total = stored?.acceptedSkus.length ?? 0;
  const reading = stored?.reading;
  const now = deps.now?.() ?? new Date();
  const reportUrl = deps.signer
    ? await deps.signer.downloadUrl(report.reportKey, {
        expiresInSeconds: REPORT_URL_SECONDS,
        ...(query.origin ? { origin: query.origin } : {}),
        fileName: `${catalogueId}-report.json`,
      })
    : undefined;
  return {
    producerId,
    catalogueId,
    status: 'DONE',
    ...(report.fileName ? { fileName: report.fileName } : {}),
    origin: report.origin ?? 'direct',
    ...(report.createdAt ? { createdAt: report.createdAt } : {}),
    ...(reading
      ? {
          source: reading.source,
          ...(reading.sheet === undefined ? {} : { sheet: reading.sheet }),
          ...(reading.headerRow === undefined ? {} : { headerRow: reading.headerRow }),
          columns: boundedColumns(reading.columns),
        }
      : {}),
    ...(report.profileVersion === undefined ? {} : { profileVersion: report.profileVersion }),
    offeringKind,
    ...(reportUrl
      ? {
          reportUrl,
          reportUrlExpiresAt: new Date(now.getTime() + REPORT_URL_SECONDS * 1000).toISOString(),
        }
      : {}),
    receivedAt: report.receivedAt,
    mode: report.mode,
    format: report.format,
    encoding: report.encoding,
    rows: report.rows,
    changes: report.changes,
    ...findingsPage(stored?.result.errors ?? [], stored?.result.warnings ?? [], CATALOGUE_ANSWER_FINDINGS),
    channels,
    nextCursor: offset + skus < total ? encodeCursor(offset + skus) : null,
  };
}
