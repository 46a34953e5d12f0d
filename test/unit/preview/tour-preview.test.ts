import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startOfRwandaDay } from '../../../bin/commands/preview.ts';
import { CHANNELS } from '../../../functions/core/channels/registry.ts';
import { previewCatalogue } from '../../../functions/core/preview/preview-catalogue.ts';
import { GOLDEN_GENERATED_AT } from '../../support/golden-previews.ts';
import { loadConfigFxRates } from '../../support/product-factory.ts';
import { fliggyValidators } from '../../support/schema-validators.ts';
import { operatorTours, TOUR_OPERATORS, tourGoldenDir } from '../../support/tour-golden.ts';
import { readTourUpload, tourUpload } from '../../support/tour-upload.ts';

/*
 * `feedbridge preview` of a tour catalogue (issue 15, point 3): the same preview that products go
 * through, every channel offered, and only fliggy (the channel taking tours) writes a document.
 * Tours are handed in through the stand-in reader until tour files are read.
 */

const validators = fliggyValidators();

async function previewTours(operator: string, generatedAt: string, today?: string) {
  const documents = new Map<string, string>();
  const opened: string[] = [];
  const aborted: string[] = [];
  const report = await previewCatalogue(
    tourUpload(operatorTours(operator)),
    { producerId: operator, fileName: `${operator}.json` },
    CHANNELS,
    loadConfigFxRates(),
    async (path) => {
      opened.push(path);
      let text = '';
      return {
        write: async (chunk) => {
          text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        },
        close: async () => {
          documents.set(path, text);
        },
        abort: async () => {
          aborted.push(path);
        },
      };
    },
    generatedAt,
    undefined,
    undefined,
    { read: readTourUpload, ...(today === undefined ? {} : { today }) },
  );
  return { report, documents, opened, aborted };
}

describe.each(TOUR_OPERATORS)('preview of the tours of %s', (operator) => {
  it('writes fliggy/<operator>.json only, exactly the reviewed golden document, and says the file held tours', async () => {
    const { report, documents, aborted } = await previewTours(operator, GOLDEN_GENERATED_AT);
    expect(report.offeringKind).toBe('tour');
    expect(report.today).toBe('2026-11-29');
    expect(Object.keys(report.channels)).toEqual(['fliggy']);
    expect([...documents.keys()]).toEqual([`fliggy/${operator}.json`]);
    // The product channels' documents were opened before the kind was known, and dropped.
    expect(aborted.some((path) => path.startsWith('tmall-global/'))).toBe(true);
    const golden = readFileSync(new URL(`${operator}/fliggy/${operator}.json`, tourGoldenDir), 'utf8');
    expect(documents.get(`fliggy/${operator}.json`)).toBe(golden);
    expect(validators.document(JSON.parse(golden))).toEqual([]);
    const reviewed = JSON.parse(readFileSync(new URL(`${operator}/report.json`, tourGoldenDir), 'utf8')) as {
      channels: { fliggy: { accepted: string[]; rejected: unknown[]; warnings: unknown[] } };
    };
    expect(report.channels.fliggy?.accepted).toEqual(reviewed.channels.fliggy.accepted);
    expect(report.channels.fliggy?.rejected).toEqual(reviewed.channels.fliggy.rejected);
  });
});

describe('preview --today', () => {
  it('renders as at 00:00 that day in Kigali: 22:00 UTC the day before', () => {
    expect(startOfRwandaDay('2026-11-29')).toBe('2026-11-28T22:00:00.000Z');
  });

  it('judges departures against the day given, not the clock', async () => {
    const { report, documents } = await previewTours(
      'virunga-trails',
      startOfRwandaDay('2026-12-03'),
      '2026-12-03',
    );
    expect(report.today).toBe('2026-12-03');
    const document = JSON.parse(documents.get('fliggy/virunga-trails.json') ?? 'null') as {
      items: { outProductId: string; calendar: { date: string }[] }[];
    };
    expect(validators.document(document)).toEqual([]);
    const trek = document.items.find((item) => item.outProductId === 'VT-GOR-1D');
    // Bookings close 2 days before at 18:00: on 3 December, 5 December (closing today) is the first left.
    expect(trek?.calendar.map((date) => date.date)).toEqual(['2026-12-05', '2026-12-12']);
  });
});
