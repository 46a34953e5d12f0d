import { createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentWriter } from '../../functions/core/sync/ports.ts';
import type { ChunkedOutput, SerializedList } from './chunked-output.ts';
import { StagingFolder } from './staging-folder.ts';

/** Characters a list gathers before one write to its file. */
const CHUNK_CHARS = 64 * 1024;

/**
 * One list of a command's output (validate's errors, warnings, products), kept in a file while
 * the catalogue is read and copied out after the summary that must come first: a million
 * findings took 714 MB held as objects. Where no temporary folder can be made, the list stays
 * in memory as text, as compact as it gets.
 */
export class ListSpool implements SerializedList {
  count = 0;
  private pending = '';
  private readonly held: string[] = [];

  private constructor(
    private readonly separator: string,
    private readonly file: { writer: DocumentWriter; path: string } | null,
  ) {}

  async add(entry: string): Promise<void> {
    this.pending += this.count === 0 ? entry : `${this.separator}${entry}`;
    this.count += 1;
    if (this.pending.length >= CHUNK_CHARS) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = this.pending;
    this.pending = '';
    if (chunk === '') return;
    if (this.file === null) this.held.push(chunk);
    else await this.file.writer.write(chunk);
  }

  /** Writes the list (entries joined by the separator) to `output`; once, after the reading. */
  async copyTo(output: ChunkedOutput): Promise<void> {
    await this.flush();
    if (this.file === null) {
      for (const chunk of this.held) await output.write(chunk);
      return;
    }
    await this.file.writer.close();
    for await (const chunk of createReadStream(this.file.path, { encoding: 'utf8' })) {
      await output.write(chunk as string);
    }
  }

  static async create(folder: SpoolFolder, name: string, separator: string): Promise<ListSpool> {
    if (folder.staging === null) return new ListSpool(separator, null);
    const writer = await folder.staging.openFile(name);
    return new ListSpool(separator, { writer, path: join(folder.staging.path, name) });
  }
}

/** The temporary folder a command's spools live in, or null when none could be made (memory then). */
export interface SpoolFolder {
  staging: StagingFolder | null;
  remove(): Promise<void>;
}

export async function createSpoolFolder(prefix: string): Promise<SpoolFolder> {
  const staging = await StagingFolder.create(tmpdir(), prefix).catch(() => null);
  return { staging, remove: async () => staging?.remove() };
}
