import type { PermitKind, TourCategory } from '../../catalogue/tour-model.ts';

/**
 * What a regulated activity demands of every package that includes it. Rwanda Development Board
 * admits gorilla trekkers from 15 years of age, and the permit (USD 1,500 a person) is most of a
 * trek's price, so the package must say whether it is included.
 *
 * A rule applies to a package of its category and to any package that names its permit (an
 * 8-day circuit with a gorilla day lists the gorilla permit, so the age limit holds for it too).
 */
export interface ActivityRule {
  readonly minimumAge: number;
  readonly permit: PermitKind;
  readonly activity: string;
}

export const ACTIVITY_RULES: ReadonlyMap<TourCategory, ActivityRule> = new Map([
  ['gorilla-trekking', { minimumAge: 15, permit: 'gorilla-permit', activity: 'gorilla trekking' }],
]);
