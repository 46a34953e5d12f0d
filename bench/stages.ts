/**
 * Where the pipeline's time goes, stage by stage, in µs per row: `npx tsx bench/stages.ts [rows]`.
 * Not part of latest.json: it is the tool for finding the next hot spot (with node --cpu-prof),
 * since the throughput ratio alone says how far off the target is but not why.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import fxRatesFile from '../config/fx-rates.json' with { type: 'json' };
import type { Product } from '../functions/core/catalogue/model.ts';
import { readCatalogue } from '../functions/core/catalogue/read-catalogue.ts';
import { PRODUCT_CHANNELS } from '../functions/core/channels/registry.ts';
import { loadFxRates } from '../functions/core/money.ts';
import { contentHash } from '../functions/core/sync/content-hash.ts';
import { writeCatalogue } from './catalogue-generator.ts';
import { runFloor } from './throughput.ts';

const rows = Number(process.argv[2] ?? 100_000);
const fx = loadFxRates(fxRatesFile);
const work = await mkdtemp(join(tmpdir(), 'feedbridge-stages-'));
const path = join(work, 'stages.csv');
try {
  await writeCatalogue(path, { rows, headers: 'fr' });
  const perRow = (ms: number) => `${((ms * 1000) / rows).toFixed(1)}`;
  // The second round is the one to read: the first warms the code.
  for (let round = 0; round < 2; round += 1) {
    let started = performance.now();
    await runFloor(path);
    const floor = performance.now() - started;
    const products: Product[] = [];
    started = performance.now();
    await readCatalogue(createReadStream(path), { producerId: 'bench-coop', fileName: path }, (product) => {
      products.push(product);
    });
    const read = performance.now() - started;
    started = performance.now();
    for (const product of products) contentHash(product);
    const hashing = performance.now() - started;
    const line = [
      `floor ${perRow(floor)}`,
      `parse+validate ${perRow(read - floor)}`,
      `hash ${perRow(hashing)}`,
    ];
    for (const channel of PRODUCT_CHANNELS) {
      const items: unknown[] = [];
      started = performance.now();
      for (const product of products) {
        const { item } = channel.transform(product, { fx });
        if (item !== null) items.push(item);
      }
      line.push(`${channel.id} transform ${perRow(performance.now() - started)}`);
      started = performance.now();
      await channel.render('bench-coop', items, () => undefined, { generatedAt: '2026-11-29T00:00:00.000Z' });
      line.push(`render ${perRow(performance.now() - started)}`);
    }
    if (round === 1) process.stdout.write(`${rows} rows, µs per row: ${line.join(', ')}\n`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
