/**
 * Rewrites test/golden/ from the samples. Review the diff by hand before committing it: the
 * golden files are the reviewed, expected channel documents.
 * Run: npx tsx scripts/update-golden.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { goldenDir, renderSamplePreview, sampleProducers } from '../test/support/golden-previews.ts';

for (const sample of sampleProducers()) {
  const { report, documents } = await renderSamplePreview(sample);
  for (const [path, text] of documents) {
    const target = new URL(`${sample.producerId}/${path}`, goldenDir);
    await mkdir(dirname(target.pathname), { recursive: true });
    await writeFile(target, text);
  }
  await writeFile(
    new URL(`${sample.producerId}/report.json`, goldenDir),
    `${JSON.stringify(report, null, 2)}\n`,
  );
}
