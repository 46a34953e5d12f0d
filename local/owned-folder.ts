import { readdirSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * An output folder a command fills on every run (`feedbridge start --out`). Each run replaces
 * what the previous run wrote, and nothing else: the folder carries a marker file listing the
 * entries the command itself created there, and only those are ever removed. A folder without
 * the marker is used only when it is new or empty, so `--out .` can never clear a checkout.
 */
export const OWNED_FOLDER_MARKER = '.feedbridge-output.json';

interface Marker {
  createdBy: string;
  /** Top-level entries the command created in the folder; removed before its next run. */
  entries: string[];
}

export class FolderNotOwnedError extends Error {
  override readonly name = 'FolderNotOwnedError';
  constructor(readonly folder: string) {
    super(`${folder} is not empty and was not created by feedbridge`);
  }
}

export interface OwnedFolder {
  /** Records in the marker the entries this run created, so the next run removes just those. */
  recordCreated(): Promise<void>;
  /**
   * The same, synchronously: for the last step before an interrupted process exits, when the
   * command's own work is still running and an await would let it create entries unrecorded.
   */
  recordCreatedNow(): void;
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

async function readMarker(folder: string): Promise<Marker | null> {
  let text: string;
  try {
    text = await readFile(join(folder, OWNED_FOLDER_MARKER), 'utf8');
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    // A damaged marker still says the folder is ours, but no longer what in it: remove nothing.
  }
  const entries =
    parsed && typeof parsed === 'object' && 'entries' in parsed && Array.isArray(parsed.entries)
      ? parsed.entries
      : [];
  // Only plain names directly in the folder: a marker can never point elsewhere.
  const names = entries.filter(
    (name): name is string =>
      typeof name === 'string' &&
      name !== '' &&
      name !== '.' &&
      name !== '..' &&
      name !== OWNED_FOLDER_MARKER &&
      !/[/\\]/u.test(name),
  );
  const createdBy = parsed && typeof parsed === 'object' && 'createdBy' in parsed ? parsed.createdBy : '';
  return { createdBy: String(createdBy), entries: names };
}

async function entriesOf(folder: string): Promise<Set<string>> {
  try {
    return new Set((await readdir(folder)).filter((name) => name !== OWNED_FOLDER_MARKER));
  } catch (error) {
    if (isMissing(error)) return new Set();
    throw error;
  }
}

function markerText(marker: Marker): string {
  return `${JSON.stringify(marker, null, 2)}\n`;
}

/**
 * Takes `folder` for `command`: creates it (and marks it) when it does not exist, adopts it
 * when empty, and clears what the command created there on its previous run. A non-empty folder
 * without the marker is refused with FolderNotOwnedError, before anything is touched.
 */
export async function claimOwnedFolder(folder: string, command: string): Promise<OwnedFolder> {
  let marker = await readMarker(folder);
  if (marker === null) {
    if ((await entriesOf(folder)).size > 0) throw new FolderNotOwnedError(folder);
    await mkdir(folder, { recursive: true });
    marker = { createdBy: command, entries: [] };
    await writeFile(join(folder, OWNED_FOLDER_MARKER), markerText(marker));
  }
  // rm removes a symbolic link itself, never what it points to.
  for (const name of marker.entries) await rm(join(folder, name), { recursive: true, force: true });
  const before = await entriesOf(folder);
  const createdBy = marker.createdBy;
  const markerOf = (entries: Iterable<string>): string =>
    markerText({
      createdBy,
      entries: [...entries].filter((name) => name !== OWNED_FOLDER_MARKER && !before.has(name)).sort(),
    });
  return {
    recordCreated: async () => {
      await writeFile(join(folder, OWNED_FOLDER_MARKER), markerOf(await entriesOf(folder)));
    },
    recordCreatedNow: () => {
      writeFileSync(join(folder, OWNED_FOLDER_MARKER), markerOf(readdirSync(folder)));
    },
  };
}
