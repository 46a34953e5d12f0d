import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFolderStore } from '../../../functions/adapters/local-folder-store.ts';
import { InvalidObjectKeyError, ObjectWriterClosedError } from '../../../functions/adapters/object-store.ts';

let root: string;
let store: LocalFolderStore;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'feedbridge-store-'));
  store = new LocalFolderStore(root);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const text = (bytes: Uint8Array | null): string | null =>
  bytes === null ? null : Buffer.from(bytes).toString('utf8');

async function listAll(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of store.list(prefix)) keys.push(key);
  return keys;
}

/** Every file under the root, temp files included: what a reader of the folder could see. */
async function filesOnDisk(): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

describe('LocalFolderStore', () => {
  it('puts and gets strings and bytes under nested keys', async () => {
    await store.put('reports/coop-1/cat-1.json', '{"ok":true}', 'application/json');
    await store.put('feeds/blob.bin', new Uint8Array([0, 1, 2, 255]));

    expect(text(await store.get('reports/coop-1/cat-1.json'))).toBe('{"ok":true}');
    expect(await store.get('feeds/blob.bin')).toEqual(new Uint8Array([0, 1, 2, 255]));
    expect(await readFile(path.join(root, 'reports', 'coop-1', 'cat-1.json'), 'utf8')).toBe('{"ok":true}');
  });

  it('overwrites an existing object', async () => {
    await store.put('a.txt', 'first');
    await store.put('a.txt', 'second');
    expect(text(await store.get('a.txt'))).toBe('second');
  });

  it('returns null and false for what is not there, directories included', async () => {
    await store.put('feeds/x.xml', '<x/>');
    expect(await store.get('missing.txt')).toBeNull();
    expect(await store.get('feeds')).toBeNull();
    expect(await store.get('feeds/x.xml/deeper')).toBeNull();
    expect(await store.exists('missing.txt')).toBe(false);
    expect(await store.exists('feeds')).toBe(false);
    expect(await store.exists('feeds/x.xml')).toBe(true);
  });

  it('lists keys by string prefix, recursively, in byte order', async () => {
    for (const key of [
      'feeds/tmall-global/coop-1.json',
      'feeds/freshippo/coop-1.xml',
      'feeds-old.txt',
      'reports/r.json',
    ]) {
      await store.put(key, key);
    }
    await store.put('feeds/tmall-global/a/b/deep.json', '{}');

    expect(await listAll('feeds/')).toEqual([
      'feeds/freshippo/coop-1.xml',
      'feeds/tmall-global/a/b/deep.json',
      'feeds/tmall-global/coop-1.json',
    ]);
    // S3 semantics: a prefix need not end at a '/'.
    expect(await listAll('feeds')).toEqual([
      'feeds-old.txt',
      'feeds/freshippo/coop-1.xml',
      'feeds/tmall-global/a/b/deep.json',
      'feeds/tmall-global/coop-1.json',
    ]);
    expect(await listAll('feeds/tm')).toEqual([
      'feeds/tmall-global/a/b/deep.json',
      'feeds/tmall-global/coop-1.json',
    ]);
    expect(await listAll('')).toHaveLength(5);
    expect(await listAll('nothing/here/')).toEqual([]);
  });

  it('streams a writer to disk, visible under its key only after close', async () => {
    const writer = await store.openWriter('feeds/freshippo/coop-1.xml', 'application/xml');
    await writer.write('<items>');
    for (let index = 0; index < 1000; index += 1) await writer.write(`<item id="${index}"/>`);
    await writer.write(new TextEncoder().encode('</items>'));

    expect(await store.exists('feeds/freshippo/coop-1.xml')).toBe(false);
    expect(await listAll('feeds/')).toEqual([]);
    expect(await filesOnDisk()).toHaveLength(1); // the temp file, beside its target

    await writer.close();
    const written = text(await store.get('feeds/freshippo/coop-1.xml'));
    expect(written?.startsWith('<items><item id="0"/>')).toBe(true);
    expect(written?.endsWith('<item id="999"/></items>')).toBe(true);
    expect(await filesOnDisk()).toEqual(['feeds/freshippo/coop-1.xml']);
  });

  it('keeps the previous version visible until the new one is closed', async () => {
    await store.put('feed.json', 'old');
    const writer = await store.openWriter('feed.json');
    await writer.write('new');
    expect(text(await store.get('feed.json'))).toBe('old');
    await writer.close();
    expect(text(await store.get('feed.json'))).toBe('new');
  });

  it('abort leaves nothing behind, and keeps an existing object intact', async () => {
    const writer = await store.openWriter('feeds/new.xml');
    await writer.write('<partial');
    await writer.abort();
    expect(await filesOnDisk()).toEqual([]);

    await store.put('feeds/kept.xml', '<kept/>');
    const replacing = await store.openWriter('feeds/kept.xml');
    await replacing.write('<half');
    await replacing.abort();
    expect(await filesOnDisk()).toEqual(['feeds/kept.xml']);
    expect(text(await store.get('feeds/kept.xml'))).toBe('<kept/>');
  });

  it('refuses writes after close or abort, and close after abort', async () => {
    const closed = await store.openWriter('a.txt');
    await closed.close();
    await closed.close(); // idempotent
    await closed.abort(); // too late to discard: a no-op
    await expect(closed.write('x')).rejects.toThrow(ObjectWriterClosedError);
    expect(await store.exists('a.txt')).toBe(true);

    const aborted = await store.openWriter('b.txt');
    await aborted.abort();
    await expect(aborted.write('x')).rejects.toThrow(ObjectWriterClosedError);
    await expect(aborted.close()).rejects.toThrow(ObjectWriterClosedError);
    expect(await store.exists('b.txt')).toBe(false);
  });

  it.each([
    ['../escape.txt'],
    ['feeds/../../escape.txt'],
    ['feeds/./x'],
    ['/etc/passwd'],
    ['C:/Windows/x'],
    ['feeds\\..\\escape.txt'],
    ['nul\u0000byte'],
    ['feeds//double'],
    ['feeds/'],
    [''],
    ['.feedbridge-tmp-1234'],
  ])('refuses the key %j', async (key) => {
    await expect(store.put(key, 'x')).rejects.toThrow(InvalidObjectKeyError);
    await expect(store.get(key)).rejects.toThrow(InvalidObjectKeyError);
    await expect(store.exists(key)).rejects.toThrow(InvalidObjectKeyError);
    await expect(store.openWriter(key)).rejects.toThrow(InvalidObjectKeyError);
    expect(await filesOnDisk()).toEqual([]);
  });

  it('refuses list prefixes that escape the root', async () => {
    for (const prefix of ['../', '..', 'a/../', 'a/..', '/tmp', 'a\\b']) {
      await expect(listAll(prefix)).rejects.toThrow(InvalidObjectKeyError);
    }
  });
});
