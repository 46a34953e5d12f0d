/**
 * The upload route at real size, in a process of its own (the handlers bind to one stack at
 * import): a generated catalogue through POST .../uploads, a PUT streamed from disk to the signed
 * local URL, and the async ingest to DONE. Prints one JSON line: the time from the PUT to DONE and
 * the peak memory while the async ingest ran (sampled; the embedded DynamoDB and SQS share the
 * process, so this is an upper bound of the ingest's own).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { FUNCTION_TIMEOUT_SECONDS } from '../functions/adapters/resource-definitions.ts';
import { startEmbeddedStack } from '../local/embedded-stack.ts';
import { loadLocalFunctions } from '../local/local-functions.ts';
import {
  putFile,
  requestUpload,
  startUploadApi,
  type Ticket,
  waitForCatalogue,
} from '../test/support/upload-api.ts';
import { writeCatalogue } from './catalogue-generator.ts';

export interface UploadResults {
  rows: number;
  bytes: number;
  channels: number;
  /** From the first byte of the PUT to the catalogue's DONE: transfer, both readings, every write. */
  uploadToDoneMs: number;
  rowsAccepted: number;
  /** Peak RSS and heap of the process while the async ingest ran (stack servers included). */
  asyncIngestPeakRssMb: number;
  asyncIngestPeakHeapMb: number;
}

const { values } = parseArgs({ options: { rows: { type: 'string', default: '250000' } } });
const rows = Number(values.rows);

const dataDir = await mkdtemp(join(tmpdir(), 'feedbridge-bench-upload-'));
const stack = await startEmbeddedStack({ dataDir });
try {
  const functions = await loadLocalFunctions(stack, { extraEnv: { CHANNELS: 'tmall-global' } });
  const api = await startUploadApi(stack, functions);
  const file = join(dataDir, 'upload.csv');
  await writeCatalogue(file, { rows, headers: 'en', seed: 13 });
  const bytes = (await stat(file)).size;
  const ticket = (
    await requestUpload(api.baseUrl, 'bench-upload', { fileName: 'upload.csv', format: 'csv', size: bytes })
  ).json as Ticket;
  const peak = { rss: 0, heap: 0 };
  const sample = () => {
    const usage = process.memoryUsage();
    peak.rss = Math.max(peak.rss, usage.rss);
    peak.heap = Math.max(peak.heap, usage.heapUsed);
  };
  const sampler = setInterval(sample, 50);
  const started = performance.now();
  const status = await putFile(ticket, file, bytes);
  if (status !== 200) throw new Error(`PUT answered ${status}`);
  // As long as the function may take: its own timeout, not the tests' four minutes, bounds a bench run.
  const done = await waitForCatalogue(
    api.baseUrl,
    'bench-upload',
    ticket.catalogueId,
    [],
    FUNCTION_TIMEOUT_SECONDS['ingest-upload'] * 1000,
  );
  const uploadToDoneMs = Math.round(performance.now() - started);
  clearInterval(sampler);
  sample();
  await api.close();
  const results: UploadResults = {
    rows,
    bytes,
    channels: 1,
    uploadToDoneMs,
    rowsAccepted: (done.rows as { accepted: number } | undefined)?.accepted ?? 0,
    asyncIngestPeakRssMb: Math.round(peak.rss / 2 ** 20),
    asyncIngestPeakHeapMb: Math.round(peak.heap / 2 ** 20),
  };
  process.stdout.write(`${JSON.stringify(results)}\n`);
} finally {
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
