/**
 * The producer profile as a versioned record: what GET and PUT .../profile answer, what the ingest
 * reads a file with, and what a catalogue's report names as the version that read it. Saves are
 * optimistic: a save names the version it was made over, and loses to any save made since.
 */
import {
  checkProducerProfile,
  type ProducerProfile,
  type ProfileProblem,
} from '../catalogue/producer-profile.ts';

export interface ProfileRecord {
  producerId: string;
  /** 1 for the first save; 0 only for the empty default of a producer that never saved one. */
  version: number;
  /** When this version was saved; null for the empty default. */
  updatedAt: string | null;
  profile: ProducerProfile;
}

/** The profile records in storage (the single table on AWS and on the embedded stack). */
export interface ProfileStore {
  getProfile(producerId: string): Promise<ProfileRecord | null>;
  /**
   * Stores `record` (version `expectedVersion + 1`) only while the current version is still
   * `expectedVersion` (0: none saved yet); false when another save got there first.
   */
  putProfile(record: ProfileRecord, expectedVersion: number): Promise<boolean>;
}

/** What the ingest needs of the profile store: the current version, or none. */
export type ProfileSource = Pick<ProfileStore, 'getProfile'>;

/** A producer who never saved a profile reads files with none: version 0, nothing set. */
export function emptyProfileRecord(producerId: string): ProfileRecord {
  return { producerId, version: 0, updatedAt: null, profile: { defaults: {}, columns: {}, values: {} } };
}

export async function currentProfile(producerId: string, profiles: ProfileSource): Promise<ProfileRecord> {
  return (await profiles.getProfile(producerId)) ?? emptyProfileRecord(producerId);
}

export type SaveProfileOutcome =
  | { outcome: 'saved'; record: ProfileRecord }
  | { outcome: 'invalid'; problems: ProfileProblem[] }
  | { outcome: 'conflict'; current: ProfileRecord };

/**
 * Checks and saves a profile document. With `expectedVersion` (the If-Match of the portal) a save
 * over a version that is no longer current is refused, so two editors never silently overwrite
 * each other; without it the save goes over whatever is current at that moment.
 */
export async function saveProfile(
  producerId: string,
  document: unknown,
  expectedVersion: number | undefined,
  deps: { profiles: ProfileStore; now: () => Date },
): Promise<SaveProfileOutcome> {
  const checked = checkProducerProfile(document);
  if (!checked.ok) return { outcome: 'invalid', problems: checked.problems };
  const current = await currentProfile(producerId, deps.profiles);
  const base = expectedVersion ?? current.version;
  if (base !== current.version) return { outcome: 'conflict', current };
  const record: ProfileRecord = {
    producerId,
    version: base + 1,
    updatedAt: deps.now().toISOString(),
    profile: checked.profile,
  };
  if (await deps.profiles.putProfile(record, base)) return { outcome: 'saved', record };
  return { outcome: 'conflict', current: await currentProfile(producerId, deps.profiles) };
}

/**
 * The version an If-Match header names: `"3"`, `3` or `W/"3"`. Undefined when absent; null when
 * it names no version this API issues (a 400, not a silent overwrite).
 */
export function parseIfMatch(header: string | undefined): number | undefined | null {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/u.exec(header.trim());
  return match ? Number(match[1]) : null;
}
