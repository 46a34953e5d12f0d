import { constants, type Stats } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from './cli-errors.ts';

function errnoOf(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

/**
 * The folder `path` names (or would name) and whether it exists yet: it, or its nearest
 * existing ancestor. A file on the way is PATH_NOT_A_DIRECTORY, about the path as given.
 */
async function nearestFolder(flag: string, path: string): Promise<{ folder: string; exists: boolean }> {
  const target = resolve(path);
  let candidate = target;
  for (;;) {
    let info: Stats | null = null;
    try {
      info = await stat(candidate);
    } catch (error) {
      const code = errnoOf(error);
      if (code === 'EACCES') {
        throw new UsageError(`${flag} ${path} cannot be reached by this user`, 'PATH_NOT_WRITABLE');
      }
      if (code === 'ELOOP' || code === 'ENAMETOOLONG') {
        const reason = code === 'ELOOP' ? 'its symbolic links loop' : 'a name in it is too long';
        throw new UsageError(`${flag} ${path} cannot be created: ${reason}`, 'PATH_NOT_WRITABLE');
      }
      // ENOTDIR: a file further up the path; walking up finds it.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    }
    if (info?.isDirectory()) return { folder: candidate, exists: candidate === target };
    if (info !== null) {
      const where = candidate === target ? '' : ` (${candidate} is a file)`;
      throw new UsageError(`${flag} ${path} is not a folder${where}`, 'PATH_NOT_A_DIRECTORY');
    }
    const parent = dirname(candidate);
    if (parent === candidate) throw new UsageError(`${flag} ${path} cannot be created`, 'PATH_NOT_WRITABLE');
    candidate = parent;
  }
}

/**
 * Checks, creating nothing, that `path` (the value of `flag`) is a folder this user may write
 * in, or one that can be made. Commands check before reading their input, so a refused option
 * costs nothing and leaves nothing behind. Returns the nearest folder that exists.
 */
export async function checkWritableFolder(flag: string, path: string): Promise<string> {
  const { folder, exists } = await nearestFolder(flag, path);
  try {
    await access(folder, constants.W_OK | constants.X_OK);
  } catch {
    const which = exists ? '' : ` (it would be created in ${folder})`;
    throw new UsageError(`${flag} ${path} is not writable by this user${which}`, 'PATH_NOT_WRITABLE');
  }
  return folder;
}

/** checkWritableFolder, then creates the folder; a failure to create is said about `path` too. */
export async function ensureWritableFolder(flag: string, path: string): Promise<void> {
  await checkWritableFolder(flag, path);
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new UsageError(`${flag} ${path} is not writable by this user`, 'PATH_NOT_WRITABLE');
    }
    if (code === 'ENOTDIR' || code === 'EEXIST') {
      throw new UsageError(`${flag} ${path} is not a folder`, 'PATH_NOT_A_DIRECTORY');
    }
    throw error;
  }
}
