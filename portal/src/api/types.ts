/**
 * The HTTP API's JSON shapes as the portal reads them (docs/api.md). Fields a route may not send
 * yet are optional, so the portal works with the routes that exist and gains the rest as they land.
 */
export type Severity = 'error' | 'warning';

export interface Finding {
  row: number | null;
  sku: string | null;
  field: string | null;
  code: string;
  message: string;
}

export interface FindingWithSeverity extends Finding {
  severity: Severity;
}

export type CatalogueStatusName = 'AWAITING_UPLOAD' | 'PROCESSING' | 'DONE' | 'FAILED';
export type UploadMode = 'full' | 'delta';
export const UPLOAD_FORMATS = ['csv', 'tsv', 'xlsx', 'json', 'xml'] as const;
export type UploadFormat = (typeof UPLOAD_FORMATS)[number];

export interface RowCounts {
  total: number;
  accepted: number;
  rejected: number;
  skipped?: number;
}

export interface ChangeCounts {
  created: number;
  updated: number;
  unchanged: number;
  delisted: number;
}

export interface ColumnReading {
  index: number;
  header: string;
  field: string | null;
  via: string;
  suggestions: string[];
}

export const SYNC_STATES = ['PENDING', 'SYNCED', 'REJECTED', 'FAILED', 'DELISTED'] as const;
export type SyncStateName = (typeof SYNC_STATES)[number];

/** What the producer's feed rules did to an item on a channel (docs/api.md, sync-status). */
export const RULE_EFFECTS = ['changed', 'excluded', 'invalid'] as const;
export type RuleEffectName = (typeof RULE_EFFECTS)[number];

/** A field's value as a rule reason quotes it: text (cut at 200 characters), a number, null for absent. */
export type QuotedValue = string | number | null;

export interface SyncReason {
  code: string;
  field: string | null;
  message: string;
  /** Rule reasons (RULE_APPLIED, RULE_EXCLUDED, RULE_VALUE_INVALID): the rules' indexes in the channel's list. */
  rules?: number[];
  /** RULE_APPLIED: the field before the first rule and after the last (absent on states written before). */
  before?: QuotedValue;
  after?: QuotedValue;
}

export interface StatusItem {
  sku: string;
  state: SyncStateName;
  reasons: SyncReason[];
  warnings: SyncReason[];
  updatedAt: string;
  ruleEffect?: RuleEffectName;
}

export interface CatalogueReport {
  producerId: string;
  catalogueId: string;
  status?: CatalogueStatusName;
  rowsRead?: number;
  error?: { code: string; message: string; line: number | null };
  fileName?: string;
  origin?: 'direct' | 'upload' | 'pull' | 'reread';
  receivedAt: string;
  mode: UploadMode;
  format: string;
  encoding?: string;
  rows?: RowCounts;
  changes?: ChangeCounts;
  errors: Finding[];
  warnings: Finding[];
  errorCount?: number;
  warningCount?: number;
  findingsTruncated?: boolean;
  source?: string;
  kind?: string;
  sheet?: string | null;
  headerRow?: number | null;
  columns?: ColumnReading[];
  /** What the file held, told by its columns: its columns map onto that kind's fields. */
  offeringKind?: 'product' | 'tour';
  profileVersion?: number;
  reportUrl?: string;
  channels?: Record<string, { items: StatusItem[] }>;
  nextCursor?: string | null;
}

export interface CatalogueSummary {
  catalogueId: string;
  status: CatalogueStatusName;
  fileName: string | null;
  origin: string;
  receivedAt: string;
  mode: UploadMode;
  format: string;
  rows: RowCounts | null;
  changes: ChangeCounts | null;
  errorCount: number;
  warningCount: number;
}

export interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface FindingsPage extends ListPage<FindingWithSeverity> {
  total: number;
}

export interface FindingsQuery {
  limit?: number;
  cursor?: string | null;
  severity?: Severity | '';
  code?: string;
  field?: string;
  sku?: string;
}

export interface UploadTicket {
  uploadId: string;
  catalogueId: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  expiresAt: string;
}

/** The direct route's 202 answer: the whole report of a small file, read in the request. */
export interface DirectUploadResult {
  catalogueId: string;
  status?: CatalogueStatusName;
}

export interface ProfileDocument {
  defaults: Record<string, string>;
  columns: Record<string, string>;
  values: Record<string, unknown>;
  [key: string]: unknown;
}

export interface ProfileRecord {
  producerId: string;
  version: number;
  updatedAt: string | null;
  profile: ProfileDocument;
}

export interface ProfileProblem {
  path: string;
  code: string;
  message: string;
}

export interface ChannelStatus {
  counts: Record<SyncStateName, number>;
  /** Items the producer's feed rules changed, excluded or made invalid (issue 17). */
  ruleEffects?: { changed: number; excluded: number; invalid: number };
  items: StatusItem[];
  nextCursor: string | null;
}

export interface SyncStatus {
  producerId: string;
  channels: Record<string, ChannelStatus>;
}

export interface SyncStatusQuery {
  channel?: string;
  state?: SyncStateName | '';
  ruleEffect?: RuleEffectName | '';
  sku?: string;
  limit?: number;
  cursor?: string | null;
}

export interface ChannelItem {
  sku: string;
  channel: string;
  state: SyncStateName;
  reasons: SyncReason[];
  warnings: SyncReason[];
  updatedAt: string;
  item: Record<string, unknown> | null;
  ruleEffect?: RuleEffectName;
}

/** One line of GET .../feeds (functions/core/sync/feed-documents.ts FeedSummary). */
export interface FeedSummary {
  channel: string;
  /** Only full documents are published. */
  kind: 'full';
  /** Set for a channel writing one document per target (google-merchant: the country). */
  target?: string;
  path: string;
  itemCount: number;
  /** The same count under its first name; older servers send only this one. */
  items: number;
  bytes: number;
  contentType?: string;
  generatedAt: string;
  downloadPath?: string;
}

export interface ReadAgainResult {
  catalogueId: string;
  status: CatalogueStatusName;
}
