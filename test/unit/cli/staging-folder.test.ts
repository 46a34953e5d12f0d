import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StagingFolder } from '../../../bin/commands/staging-folder.ts';

let parent: string;
beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'staging-folder-'));
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

describe('a preview staging folder', () => {
  it('writes files under itself, creating their folders', async () => {
    const staging = await StagingFolder.create(parent, '.staged-');
    const writer = await staging.openFile('tmall-global/huye-coop.json');
    await writer.write('{"items": []}');
    await writer.close();
    expect(await readFile(join(staging.path, 'tmall-global/huye-coop.json'), 'utf8')).toBe('{"items": []}');
  });

  it('stays removed when a document is opened while it is being removed (SIGTERM mid-preview)', async () => {
    const staging = await StagingFolder.create(parent, '.staged-');
    const early = await staging.openFile('tmall-global/huye-coop.json');
    // The pipeline goes on while the signal's cleanup runs: a channel opens its next document.
    const removal = staging.remove();
    const late = expect(staging.openFile('google-merchant/huye-coop-de.xml')).rejects.toThrow(/stopped/);
    await removal;
    await late;
    await expect(early.write('more')).resolves.toBeUndefined();
    await early.abort();
    expect(await readdir(parent)).toEqual([]);
    expect(() => staging.checkActive('report.json')).toThrow(/report\.json was not written/);
  });

  it('waits for a document still being opened before removing', async () => {
    const staging = await StagingFolder.create(parent, '.staged-');
    const opening = staging.openFile('deep/er/freshippo.json');
    await staging.remove();
    // Whether it opened before the removal or not, nothing is left and its writes fail cleanly.
    const writer = await opening.catch(() => undefined);
    if (writer !== undefined) await writer.abort();
    expect(await readdir(parent)).toEqual([]);
  });

  it('refuses a file it cannot open with a rejection, not an uncaught error', async () => {
    const staging = await StagingFolder.create(parent, '.staged-');
    await expect(staging.openFile('')).rejects.toThrow();
    expect(await readdir(parent)).toHaveLength(1);
  });
});
