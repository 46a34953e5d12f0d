/**
 * Rewrites test/golden/ from the samples and the hand-written tours. Review the diff by hand
 * before committing it: the golden files are the reviewed, expected channel documents.
 * Run: npx tsx scripts/update-golden.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { goldenDir, renderSamplePreview, sampleProducers } from '../test/support/golden-previews.ts';
import { renderTourGolden, TOUR_OPERATORS, tourGoldenDir } from '../test/support/tour-golden.ts';

async function writeGolden(
  base: URL,
  producerId: string,
  rendered: { report: unknown; documents: Map<string, string> },
): Promise<void> {
  for (const [path, text] of rendered.documents) {
    const target = new URL(`${producerId}/${path}`, base);
    await mkdir(dirname(target.pathname), { recursive: true });
    await writeFile(target, text);
  }
  await writeFile(
    new URL(`${producerId}/report.json`, base),
    `${JSON.stringify(rendered.report, null, 2)}\n`,
  );
}

for (const sample of sampleProducers()) {
  await writeGolden(goldenDir, sample.producerId, await renderSamplePreview(sample));
}
for (const operator of TOUR_OPERATORS) {
  await writeGolden(tourGoldenDir, operator, await renderTourGolden(operator));
}
