/**
 * The two tour operators' samples against what was written by hand before they were read: the
 * canonical tours of the matching fixture (test/fixtures/tours/*.json, hand-written for the fliggy
 * channel), the further good tours and the rejected rows with their codes
 * (test/fixtures/tours/samples/*.expected.json).
 */
import { createReadStream, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readOfferings } from '../../../../functions/core/catalogue/read-offerings.ts';
import type { TourPackage } from '../../../../functions/core/catalogue/tour-model.ts';

const root = new URL('../../../../', import.meta.url);
const json = (path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8'));

describe.each(['kivu-horizons', 'virunga-trails'])('samples: %s', (operator) => {
  const expected = json(`test/fixtures/tours/samples/${operator}.expected.json`);
  const fixture = json(expected.fixture);

  it('reads exactly the canonical tours of its fixture, then its other good tours, and rejects the bad rows', async () => {
    const tours: TourPackage[] = [];
    const summary = await readOfferings(
      createReadStream(new URL(expected.sample, root)),
      { producerId: expected.producerId, fileName: expected.sample },
      (offering) => {
        if (offering.kind === 'tour') tours.push(offering.tour);
      },
    );
    expect(summary.offeringKind).toBe('tour');
    expect(summary.headerRow).toBe(expected.headerRow);
    expect(summary.rows).toEqual(expected.rows);
    expect(tours).toEqual([...fixture.tours, ...expected.moreTours]);
    expect(summary.errors.map(({ row, sku, field, code }) => ({ row, sku, field, code }))).toEqual(
      expected.errors,
    );
    expect(summary.warnings).toEqual([]);
  });
});
