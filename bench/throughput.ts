/**
 * Throughput: the project's own CSV reader reading and splitting a file with nothing else (the
 * floor) against the full preview path on the same file: parse, validate, canonicalise, hash,
 * transform, validate and stream-render both channels into null sinks. Each is run a few times,
 * alternating, and the fastest run kept: the question is what the code costs, not how noisy the
 * machine is.
 */
import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import fxRatesFile from '../config/fx-rates.json' with { type: 'json' };
import { openCatalogue } from '../functions/core/catalogue/readers/open-catalogue.ts';
import type { ProductChannel } from '../functions/core/channels/contract.ts';
import { PRODUCT_CHANNELS } from '../functions/core/channels/registry.ts';
import { loadFxRates } from '../functions/core/money.ts';
import { type PreviewReport, previewCatalogue } from '../functions/core/preview/preview-catalogue.ts';
import { contentHash } from '../functions/core/sync/content-hash.ts';
import type { DocumentWriter } from '../functions/core/sync/ports.ts';

export interface ThroughputResult {
  rows: number;
  floorMs: number;
  pipelineMs: number;
  ratio: number;
}

const PRODUCER = 'bench-coop';
const FX = loadFxRates(fxRatesFile);

/** Reads every record and drops it. */
export async function runFloor(path: string): Promise<number> {
  const source = await openCatalogue(createReadStream(path), { fileName: path });
  let records = 0;
  for await (const _record of source.records) records += 1;
  return records;
}

/** A writer that keeps only the byte count, so rendering is measured and disk is not. */
function nullWriter(counter: { bytes: number }): DocumentWriter {
  return {
    write: async (chunk) => {
      counter.bytes += chunk.length;
    },
    close: async () => undefined,
    abort: async () => undefined,
  };
}

/**
 * The first channel also takes each product's content hash, once per product as ingest does, so
 * the path measured is the one the issue names (hash included) and not only what `preview` does.
 */
function withHashing(channels: readonly ProductChannel[]): ProductChannel[] {
  return channels.map((channel, index) =>
    index === 0
      ? {
          ...channel,
          transform: (product, context) => {
            contentHash(product);
            return channel.transform(product, context);
          },
          render: channel.render.bind(channel),
          documentPath: channel.documentPath.bind(channel),
        }
      : channel,
  );
}

export async function runPipeline(path: string): Promise<{ report: PreviewReport; bytes: number }> {
  const counter = { bytes: 0 };
  const report = await previewCatalogue(
    createReadStream(path),
    { producerId: PRODUCER, fileName: path },
    withHashing(PRODUCT_CHANNELS),
    FX,
    async () => nullWriter(counter),
    '2026-11-29T00:00:00.000Z',
  );
  return { report, bytes: counter.bytes };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export async function measureThroughput(
  path: string,
  rows: number,
  options: { repeats: number; warmUp: boolean },
): Promise<ThroughputResult> {
  const { repeats } = options;
  // One untimed pass each so both are measured with warm code and a warm page cache.
  if (options.warmUp) {
    await runFloor(path);
    await runPipeline(path);
  }
  let floorMs = Number.POSITIVE_INFINITY;
  let pipelineMs = Number.POSITIVE_INFINITY;
  for (let run = 0; run < repeats; run += 1) {
    floorMs = Math.min(floorMs, await timed(() => runFloor(path)));
    pipelineMs = Math.min(pipelineMs, await timed(() => runPipeline(path)));
  }
  return {
    rows,
    floorMs: Math.round(floorMs),
    pipelineMs: Math.round(pipelineMs),
    ratio: Math.round((pipelineMs / floorMs) * 100) / 100,
  };
}
