import { createReadStream, readFileSync } from 'node:fs';
import fxRatesFile from '../../config/fx-rates.json' with { type: 'json' };
import type { ByteSource } from '../../functions/core/catalogue/readers/byte-source.ts';
import type { OpenCatalogueOptions } from '../../functions/core/catalogue/readers/open-catalogue.ts';
import type { Channel } from '../../functions/core/channels/contract.ts';
import { CHANNELS } from '../../functions/core/channels/registry.ts';
import { loadFxRates } from '../../functions/core/money.ts';
import { type PreviewReport, previewCatalogue } from '../../functions/core/preview/preview-catalogue.ts';

/** Golden files are rendered at a fixed instant so they are byte-for-byte repeatable. */
export const GOLDEN_GENERATED_AT = '2026-11-29T00:00:00.000Z';
export const samplesDir = new URL('../../samples/', import.meta.url);
export const goldenDir = new URL('../golden/', import.meta.url);

export interface SampleProducer {
  producerId: string;
  file: string;
}

export function sampleProducers(): SampleProducer[] {
  const manifest = JSON.parse(readFileSync(new URL('producers.json', samplesDir), 'utf8')) as {
    producers: SampleProducer[];
  };
  return manifest.producers;
}

export interface RenderedPreview {
  report: PreviewReport;
  /** Document path (e.g. "freshippo/nyagatare-beef.xml") to its text. */
  documents: Map<string, string>;
}

/** `feedbridge preview` of one sample, in memory. */
export async function renderSamplePreview(sample: SampleProducer): Promise<RenderedPreview> {
  return renderPreview(createReadStream(new URL(sample.file, samplesDir)), {
    producerId: sample.producerId,
    fileName: sample.file,
  });
}

/** `feedbridge preview` of any catalogue, as the CLI does it: every channel (or those given), in memory. */
export async function renderPreview(
  input: ByteSource,
  options: OpenCatalogueOptions & { producerId: string },
  settings: {
    channels?: readonly Channel[];
    generatedAt?: string;
    more?: Parameters<typeof previewCatalogue>[8];
  } = {},
): Promise<RenderedPreview> {
  const documents = new Map<string, string>();
  const report = await previewCatalogue(
    input,
    options,
    // Every channel: the file's kind picks the ones that write (a tour sample writes fliggy only).
    settings.channels ?? CHANNELS,
    loadFxRates(fxRatesFile),
    async (path) => {
      let text = '';
      return {
        write: async (chunk) => {
          text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        },
        close: async () => {
          documents.set(path, text);
        },
        abort: async () => {},
      };
    },
    settings.generatedAt ?? GOLDEN_GENERATED_AT,
    undefined,
    undefined,
    settings.more,
  );
  return { report, documents };
}
