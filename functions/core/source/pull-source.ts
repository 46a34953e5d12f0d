/**
 * Pulls a producer's catalogue from the source its profile names, and ingests it exactly as an
 * upload when it changed. An unchanged source (304, or the same bytes) costs one write: the
 * source record's check time. Every outcome, failures with their code, is kept on that record.
 */
import { hash } from 'node:crypto';
import { CatalogueFileError } from '../catalogue/codes.ts';
import type { ProducerProfile } from '../catalogue/producer-profile.ts';
import type { CatalogueFormat } from '../catalogue/readers/raw-record.ts';
import { currentProfile, type ProfileSource } from '../profile/profile-record.ts';
import type { UploadMode } from '../sync/catalogue-diff.ts';
import type { IngestRequest, IngestResult } from '../sync/ingest-catalogue.ts';
import { DEFAULT_SOURCE_EVERY, parseIsoDuration } from './iso-duration.ts';
import { SourceFetchError } from './source-address.ts';

export type ProfileSourceConfig = NonNullable<ProducerProfile['source']>;

/** What feedbridge remembers of one producer's source between two pulls. */
export interface SourceRecord {
  producerId: string;
  url: string;
  etag?: string;
  lastModified?: string;
  /** sha256 of the bytes last ingested (hex). */
  sha256?: string;
  lastCheckedAt: string;
  /** When a pull last found new bytes (and ingested them). */
  lastChangedAt?: string;
  lastStatus: PullStatus;
  /** The catalogue the last changed pull made. */
  catalogueId?: string;
  /** The last pull's failure; absent once a pull succeeds. */
  error?: { code: string; message: string };
}

export interface SourceStore {
  getSource(producerId: string): Promise<SourceRecord | null>;
  putSource(record: SourceRecord): Promise<void>;
  /** Only the check time and status: what an unchanged pull writes. */
  touchSource(
    producerId: string,
    checkedAt: string,
    validators: { etag?: string; lastModified?: string },
  ): Promise<void>;
  /** The producers whose profile names a source (the scheduled pull's round). */
  listSourceProducers(): AsyncIterable<string>;
}

/** The fetched bytes, spooled where they can be read twice (a temporary file), never held whole. */
export interface FetchedFile {
  sha256: string;
  bytes: number;
  contentType?: string;
  etag?: string;
  lastModified?: string;
  /** The file name the URL (or Content-Disposition) gives, for the catalogue record. */
  fileName: string;
  open(): Promise<AsyncIterable<Uint8Array>>;
  discard(): Promise<void>;
}

export interface SourceFetcher {
  /** Throws SourceFetchError with its code; 'not-modified' for a 304. */
  fetch(
    url: string,
    validators: { etag?: string; lastModified?: string },
  ): Promise<FetchedFile | 'not-modified'>;
}

export type PullStatus = 'INGESTED' | 'UNCHANGED' | 'FAILED';

export interface PullAnswer {
  status: PullStatus;
  catalogueId?: string;
  code?: string;
  message?: string;
}

export class SourceNotSetError extends Error {
  override readonly name = 'SourceNotSetError';
  readonly code = 'SOURCE_NOT_SET';
}

export interface PullDependencies {
  profiles: ProfileSource;
  sources: SourceStore;
  fetcher: SourceFetcher;
  /** The ingest use case with its dependencies bound (the same as an upload's). */
  ingest: (request: IngestRequest) => Promise<IngestResult>;
  /** Keeps the raw file under the producer's pulls/ prefix before it is ingested. */
  archive: (key: string, file: FetchedFile) => Promise<void>;
  now: () => Date;
}

export function pullCatalogueId(producerId: string, mode: UploadMode, sha256: string): string {
  return `cat-${hash('sha256', `${producerId}\0${mode}\0pull\0${sha256}`, 'hex').slice(0, 24)}`;
}

/** Whether the scheduled pull should fetch this source now. */
export function isDue(source: ProfileSourceConfig, record: SourceRecord | null, now: Date): boolean {
  if (!record || record.url !== source.url) return true;
  const every = parseIsoDuration(source.every ?? DEFAULT_SOURCE_EVERY) ?? 3600_000;
  return Date.parse(record.lastCheckedAt) + every <= now.getTime();
}

export async function pullSource(producerId: string, deps: PullDependencies): Promise<PullAnswer> {
  const profile = await currentProfile(producerId, deps.profiles);
  const source = profile.profile.source;
  if (!source) {
    throw new SourceNotSetError(
      `${producerId}'s profile names no source: add "source": { "url": ... } to it`,
    );
  }
  const stored = await deps.sources.getSource(producerId);
  // A new URL starts afresh: the old one's validators and hash say nothing about it.
  const previous = stored && stored.url === source.url ? stored : null;
  const checkedAt = deps.now().toISOString();
  const base: SourceRecord = {
    ...(previous ?? {}),
    producerId,
    url: source.url,
    lastCheckedAt: checkedAt,
    lastStatus: 'FAILED',
  };
  let fetched: FetchedFile | 'not-modified';
  try {
    fetched = await deps.fetcher.fetch(source.url, validatorsOf(previous));
  } catch (error) {
    if (!(error instanceof SourceFetchError)) throw error;
    return failed(base, error.code, error.message, deps);
  }
  if (fetched === 'not-modified' && previous) {
    await deps.sources.touchSource(producerId, checkedAt, validatorsOf(previous));
    return { status: 'UNCHANGED' };
  }
  if (fetched === 'not-modified') {
    return failed(base, 'SOURCE_HTTP_ERROR', 'the source answered 304 Not Modified to a first request', deps);
  }
  try {
    if (previous?.sha256 === fetched.sha256) {
      await deps.sources.touchSource(producerId, checkedAt, validatorsOf(fetched));
      return { status: 'UNCHANGED' };
    }
    return await ingestFetched(producerId, source, fetched, base, deps);
  } finally {
    await fetched.discard();
  }
}

function validatorsOf(from: { etag?: string; lastModified?: string } | null) {
  return {
    ...(from?.etag ? { etag: from.etag } : {}),
    ...(from?.lastModified ? { lastModified: from.lastModified } : {}),
  };
}

async function failed(
  base: SourceRecord,
  code: string,
  message: string,
  deps: PullDependencies,
): Promise<PullAnswer> {
  await deps.sources.putSource({ ...base, lastStatus: 'FAILED', error: { code, message } });
  return { status: 'FAILED', code, message };
}

const EXTENSIONS: Record<string, string> = { csv: 'csv', tsv: 'tsv', xlsx: 'xlsx', json: 'json', xml: 'xml' };

async function ingestFetched(
  producerId: string,
  source: ProfileSourceConfig,
  fetched: FetchedFile,
  base: SourceRecord,
  deps: PullDependencies,
): Promise<PullAnswer> {
  const mode: UploadMode = source.mode ?? 'full';
  const catalogueId = pullCatalogueId(producerId, mode, fetched.sha256);
  const extension = (source.format && EXTENSIONS[source.format]) ?? 'bin';
  const key = `pulls/${producerId}/${catalogueId}.${extension}`;
  await deps.archive(key, fetched);
  try {
    const result = await deps.ingest({
      producerId,
      catalogueId,
      open: () => fetched.open(),
      mode,
      ...(source.format ? { format: source.format as CatalogueFormat } : {}),
      ...(fetched.contentType ? { contentType: fetched.contentType } : {}),
      fileName: fetched.fileName,
      recordFields: { origin: 'pull', uploadKey: key, fileName: fetched.fileName },
    });
    const { error: _error, ...rest } = base;
    await deps.sources.putSource({
      ...rest,
      ...validatorsOf(fetched),
      sha256: fetched.sha256,
      lastStatus: 'INGESTED',
      lastChangedAt: base.lastCheckedAt,
      catalogueId: result.catalogueId,
    });
    return { status: 'INGESTED', catalogueId: result.catalogueId };
  } catch (error) {
    if (!(error instanceof CatalogueFileError)) throw error;
    const answer = await failed(base, error.code, error.message, deps);
    return { ...answer, catalogueId };
  }
}
