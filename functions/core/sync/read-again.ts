import { hash } from 'node:crypto';
import type { CatalogueFormat } from '../catalogue/readers/raw-record.ts';
import { currentProfile, type ProfileSource } from '../profile/profile-record.ts';
import { type IngestDependencies, type IngestResult, ingestCatalogue } from './ingest-catalogue.ts';
import type { CatalogueReportRecord, ObjectStreamSource } from './ports.ts';
import { CatalogueNotFoundError, CatalogueNotReadError, RawFileExpiredError } from './sync-errors.ts';

export interface ReadAgainDependencies extends IngestDependencies {
  objects: ObjectStreamSource;
  profiles: ProfileSource;
}

/** The raw file's extension the direct route archives under (`uploads/{producer}/{catalogue}.{ext}`). */
const KNOWN_FORMATS = new Set<string>(['csv', 'tsv', 'xlsx', 'json', 'xml']);

/**
 * Where a catalogue's raw file lies: the upload route's key is on the record; the direct route
 * archives the body it read under its catalogue id and format (only when the upload changed something).
 */
export function rawFileKey(record: CatalogueReportRecord): string {
  if (record.uploadKey) return record.uploadKey;
  const extension = KNOWN_FORMATS.has(record.format) ? record.format : 'bin';
  return `uploads/${record.producerId}/${record.catalogueId}.${extension}`;
}

/**
 * The id of a catalogue read again: from the original and the profile version it is read with, so
 * pressing "read again" twice with the same profile is one catalogue (the second a replay), and
 * each saved version gives its own.
 */
export function rereadCatalogueId(catalogueId: string, profileVersion: number): string {
  const digest = hash('sha256', `${catalogueId}\0reread\0${profileVersion}`, 'hex');
  return `cat-${digest.slice(0, 24)}`;
}

/**
 * Reads a stored catalogue's raw file again, streamed from object storage, through the same ingest
 * as every upload but with the producer's current profile, as a new catalogue in the original's
 * mode. The profile is loaded once: the id and the reading both name that version.
 */
export async function readCatalogueAgain(
  request: { producerId: string; catalogueId: string },
  deps: ReadAgainDependencies,
): Promise<IngestResult> {
  const { producerId, catalogueId } = request;
  const record = await deps.catalogues.getReport(producerId, catalogueId);
  if (!record || record.status === 'AWAITING_UPLOAD') {
    throw new CatalogueNotFoundError(`no catalogue ${catalogueId} for ${producerId}`);
  }
  if (record.status === 'PROCESSING') {
    throw new CatalogueNotReadError(
      `catalogue ${catalogueId} is still being read; read it again once it is done`,
    );
  }
  const key = rawFileKey(record);
  const first = await deps.objects.stream(key, record.etag);
  if (!first) {
    throw new RawFileExpiredError(
      `the file of catalogue ${catalogueId} is no longer stored (raw uploads expire); upload it again`,
    );
  }
  const profile = await currentProfile(producerId, deps.profiles);
  let opened: AsyncIterable<Uint8Array> | null = first;
  const open = async () => {
    // The stream opened to check the file is there serves the first reading; the second opens anew.
    const stream = opened ?? (await deps.objects.stream(key, record.etag));
    opened = null;
    if (!stream)
      throw new RawFileExpiredError(`the file of catalogue ${catalogueId} expired while it was read`);
    return stream;
  };
  return ingestCatalogue(
    {
      producerId,
      catalogueId: rereadCatalogueId(catalogueId, profile.version),
      open,
      mode: record.mode,
      ...(KNOWN_FORMATS.has(record.format) ? { format: record.format as CatalogueFormat } : {}),
      ...(record.fileName ? { fileName: record.fileName } : {}),
      ...(record.sheet ? { sheet: record.sheet } : {}),
      recordFields: {
        origin: record.origin ?? 'direct',
        uploadKey: key,
        ...(record.etag ? { etag: record.etag } : {}),
        ...(record.fileName ? { fileName: record.fileName } : {}),
      },
    },
    { ...deps, profiles: { getProfile: async () => profile } },
  );
}
