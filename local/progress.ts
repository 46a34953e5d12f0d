/**
 * A one-line progress bar on a terminal, and a plain line every few seconds elsewhere (CI logs),
 * so long uploads and drains show they are moving without flooding a log.
 */
export interface Progress {
  update(done: number, total: number): void;
  finish(message?: string): void;
}

export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const interactive = Boolean(stream.isTTY);
  let lastPlain = 0;
  const width = 30;
  return {
    update(done, total) {
      const ratio = total > 0 ? Math.min(1, done / total) : 1;
      if (interactive) {
        const filled = Math.round(ratio * width);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      } else if (Date.now() - lastPlain > 5_000) {
        lastPlain = Date.now();
        stream.write(`${label}: ${done}/${total}\n`);
      }
    },
    finish(message) {
      if (interactive) stream.write('\n');
      if (message) stream.write(`${label}: ${message}\n`);
    },
  };
}
