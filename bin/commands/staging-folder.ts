import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DocumentWriter } from '../../functions/core/sync/ports.ts';

/**
 * A file writer whose stream errors (a full disk, a folder removed under it) reject its next
 * write or close instead of escaping as an uncaught 'error' event.
 */
async function fileWriter(path: string): Promise<DocumentWriter> {
  const stream = createWriteStream(path);
  let failure: unknown;
  stream.on('error', (error) => {
    failure ??= error;
  });
  // Opened before it is handed out, so a folder's removal never races a file still being created.
  await once(stream, 'open');
  const check = () => {
    if (failure !== undefined) throw failure;
  };
  return {
    write: async (chunk) => {
      check();
      if (!stream.write(chunk)) await once(stream, 'drain');
    },
    close: async () => {
      check();
      stream.end();
      await once(stream, 'finish');
    },
    abort: async () => {
      stream.destroy();
    },
  };
}

/**
 * The folder a preview is staged in. Once its removal has begun (the end of the command, or
 * SIGINT/SIGTERM while the pipeline is still writing) it creates nothing more: a document opened
 * after that would recreate the folder through its `mkdir` and leave it behind.
 */
export class StagingFolder {
  private removing = false;
  private readonly opening = new Set<Promise<unknown>>();

  private constructor(readonly path: string) {}

  static async create(parent: string, prefix: string): Promise<StagingFolder> {
    return new StagingFolder(await mkdtemp(join(parent, prefix)));
  }

  /** Throws once the removal has begun: the command then writes nothing more, in --out either. */
  checkActive(what: string): void {
    if (this.removing) throw new Error(`the preview was stopped: ${what} was not written`);
  }

  async openFile(relative: string): Promise<DocumentWriter> {
    this.checkActive(relative);
    const target = join(this.path, relative);
    const opened = mkdir(dirname(target), { recursive: true }).then(() => fileWriter(target));
    this.opening.add(opened);
    try {
      return await opened;
    } finally {
      this.opening.delete(opened);
    }
  }

  async remove(): Promise<void> {
    this.removing = true;
    await Promise.allSettled([...this.opening]);
    // The spool's files are still being appended to: retried while a last write lands (ENOTEMPTY).
    await rm(this.path, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
  }
}
