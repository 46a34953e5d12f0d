import { describe, expect, it } from 'vitest';
import {
  PROFILE_COLUMN_FIELDS,
  PROFILE_TOUR_COLUMN_FIELDS,
  parseColumnTarget,
  parseTourColumnTarget,
} from '../../../functions/core/catalogue/producer-profile.ts';
import { columnFieldChoices } from '../../../portal/src/profile/profile-fields.ts';

/*
 * The portal's column picker offers what the profile schema accepts for the file's kind, no more
 * and no less: its own list had drifted (no link, no itemGroupId) and offered product fields to
 * tour operators.
 */
describe('the column picker', () => {
  it("offers a product catalogue every product field the profile accepts, and 'ignore'", () => {
    const choices = columnFieldChoices('product');
    expect(choices).toEqual([...PROFILE_COLUMN_FIELDS, 'ignore']);
    expect(choices).toContain('link');
    for (const field of choices) expect(parseColumnTarget(field), field).not.toBeNull();
    expect(columnFieldChoices(undefined)).toEqual(choices);
  });

  it("offers a tour catalogue the tour fields (read as tour fields, not product ones), and 'ignore'", () => {
    const choices = columnFieldChoices('tour');
    expect(choices).toEqual([...PROFILE_TOUR_COLUMN_FIELDS, 'ignore']);
    expect(choices).toEqual(expect.arrayContaining(['prices.adult', 'departures', 'itinerary', 'duration']));
    expect(choices).not.toContain('stock');
    for (const field of choices.filter((choice) => choice !== 'ignore')) {
      expect(parseTourColumnTarget(field), field).toEqual({ kind: 'field', field });
    }
  });
});
