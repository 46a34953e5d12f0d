import {
  PROFILE_COLUMN_FIELDS,
  PROFILE_TOUR_COLUMN_FIELDS,
} from '../../../functions/core/catalogue/profile-column-fields.ts';
import { DISTRICT_ZH, PRODUCT_TYPE_ZH } from '../../../functions/core/channels/mappings/glossary-zh.ts';

/**
 * What a column of a catalogue of this kind can be mapped to in the producer profile (`columns`:
 * header as written -> field): the lists the profile schema checks a saved profile against, then
 * `ignore`, which drops a column from the reading. A report without a kind is a product catalogue's.
 */
export function columnFieldChoices(kind: 'product' | 'tour' | undefined): readonly string[] {
  return [...(kind === 'tour' ? PROFILE_TOUR_COLUMN_FIELDS : PROFILE_COLUMN_FIELDS), 'ignore'];
}

export const PROFILE_CURRENCIES = ['RWF', 'USD', 'EUR', 'CNY'] as const;
/**
 * Every product type, from the glossary's table (typed as a record over ProductType, so it lists
 * each one): importing the model itself would pull zod into the page for one list.
 */
export const PROFILE_PRODUCT_TYPES: readonly string[] = Object.keys(PRODUCT_TYPE_ZH);
export const PROFILE_DISTRICTS: readonly string[] = Object.keys(DISTRICT_ZH).sort((a, b) =>
  a.localeCompare(b),
);

/** The defaults the report screen lets a producer set (issue 12's profile has more). */
export const EDITABLE_DEFAULTS = ['currency', 'productType', 'district'] as const;
export type EditableDefault = (typeof EDITABLE_DEFAULTS)[number];
