import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimOwnedFolder, FolderNotOwnedError, OWNED_FOLDER_MARKER } from '../../../local/owned-folder.ts';

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'feedbridge-owned-'));
});
afterEach(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const marker = (folder: string) => readFile(join(folder, OWNED_FOLDER_MARKER), 'utf8').then(JSON.parse);

describe('claimOwnedFolder', () => {
  it('creates and marks a new folder, then records exactly the entries the run created', async () => {
    const folder = join(scratch, 'out');
    const owned = await claimOwnedFolder(folder, 'feedbridge start');
    await mkdir(join(folder, 'feeds'));
    await writeFile(join(folder, 'summary.txt'), '');
    await owned.recordCreated();
    expect(await marker(folder)).toEqual({
      createdBy: 'feedbridge start',
      entries: ['feeds', 'summary.txt'],
    });
  });

  it('on the next run removes only the recorded entries, never what was added beside them', async () => {
    const folder = join(scratch, 'out');
    const first = await claimOwnedFolder(folder, 'feedbridge start');
    await mkdir(join(folder, 'feeds'));
    await first.recordCreated();
    await writeFile(join(folder, 'notes.txt'), 'mine');
    await claimOwnedFolder(folder, 'feedbridge start');
    expect((await readdir(folder)).sort()).toEqual([OWNED_FOLDER_MARKER, 'notes.txt']);
  });

  it('adopts an empty folder and refuses a non-empty one without a marker, touching nothing', async () => {
    await claimOwnedFolder(scratch, 'feedbridge start');
    expect(await readdir(scratch)).toEqual([OWNED_FOLDER_MARKER]);
    const foreign = join(scratch, 'foreign');
    await mkdir(foreign);
    await writeFile(join(foreign, 'README.md'), '#');
    await expect(claimOwnedFolder(foreign, 'feedbridge start')).rejects.toBeInstanceOf(FolderNotOwnedError);
    expect(await readdir(foreign)).toEqual(['README.md']);
  });

  it('never follows a marker out of its folder, nor a symbolic link it lists', async () => {
    const folder = join(scratch, 'out');
    const outside = join(scratch, 'outside');
    await mkdir(join(outside, 'data'), { recursive: true });
    await mkdir(folder);
    await symlink(outside, join(folder, 'feeds'));
    await writeFile(
      join(folder, OWNED_FOLDER_MARKER),
      JSON.stringify({ createdBy: 'feedbridge start', entries: ['../outside', '/etc', 'feeds', '..'] }),
    );
    await claimOwnedFolder(folder, 'feedbridge start');
    expect(await readdir(folder)).toEqual([OWNED_FOLDER_MARKER]);
    expect(await readdir(outside)).toEqual(['data']);
  });

  it('removes nothing when the marker is damaged: it still says the folder is ours', async () => {
    const folder = join(scratch, 'out');
    await mkdir(join(folder, 'feeds'), { recursive: true });
    await writeFile(join(folder, OWNED_FOLDER_MARKER), '{ not json');
    await claimOwnedFolder(folder, 'feedbridge start');
    expect((await readdir(folder)).sort()).toEqual([OWNED_FOLDER_MARKER, 'feeds']);
  });
});
