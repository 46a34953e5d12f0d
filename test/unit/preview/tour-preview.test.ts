import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startOfRwandaDay } from '../../../bin/commands/preview.ts';
import { GOLDEN_GENERATED_AT, renderPreview } from '../../support/golden-previews.ts';
import { fliggyValidators } from '../../support/schema-validators.ts';
import { operatorTours, TOUR_OPERATORS, tourGoldenDir } from '../../support/tour-golden.ts';
import { readTourUpload, tourUpload } from '../../support/tour-upload.ts';

/*
 * `feedbridge preview` of a tour catalogue (issue 15, point 3): the same preview that products go
 * through, every channel offered, and only fliggy (the channel taking tours) writes a document.
 * Tours are handed in through the stand-in reader (fliggy-golden.test.ts previews the tour samples' files).
 */

const validators = fliggyValidators();

function previewTours(operator: string, generatedAt: string, today?: string) {
  return renderPreview(
    tourUpload(operatorTours(operator)),
    { producerId: operator, fileName: `${operator}.json` },
    {
      generatedAt,
      more: { read: readTourUpload, ...(today === undefined ? {} : { today }) },
    },
  );
}

describe.each(TOUR_OPERATORS)('preview of the tours of %s', (operator) => {
  it('writes fliggy/<operator>.json only, exactly the reviewed golden document, and says the file held tours', async () => {
    const { report, documents } = await previewTours(operator, GOLDEN_GENERATED_AT);
    expect(report.offeringKind).toBe('tour');
    expect(report.today).toBe('2026-11-29');
    expect(Object.keys(report.channels)).toEqual(['fliggy']);
    expect([...documents.keys()]).toEqual([`fliggy/${operator}.json`]);
    // The product channels' documents, opened before the kind was known, were dropped, not closed.
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
