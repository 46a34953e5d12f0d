/**
 * What a producer's feed rules did to one item on one channel, as the sync-status and channel
 * item routes report it. Read from the codes the sync worker records (channel-adapters.ts), so a
 * state written before the structured fields existed is classified the same.
 */
import type { SyncStateRecord } from './sync-records.ts';

export const RULE_EFFECTS = ['changed', 'excluded', 'invalid'] as const;
export type RuleEffectName = (typeof RULE_EFFECTS)[number];

/** Items of a channel the producer's feed rules changed (RULE_APPLIED), excluded or made invalid. */
export type RuleEffectCounts = Record<RuleEffectName, number>;

/** A rule made the item invalid, or its stored pattern fails today's check and cannot run. */
const INVALID_RULE_CODES: ReadonlySet<string> = new Set([
  'RULE_VALUE_INVALID',
  'RULE_PATTERN_INVALID',
  'RULE_PATTERN_UNSAFE',
]);

/**
 * What the feed rules did to an item, from the codes its state records: excluded (RULE_EXCLUDED),
 * made invalid (RULE_VALUE_INVALID, RULE_PATTERN_*) or changed a field (RULE_APPLIED); null when they did nothing.
 */
export function ruleEffectOf(state: Pick<SyncStateRecord, 'reasons' | 'warnings'>): RuleEffectName | null {
  if (state.reasons.some((reason) => reason.code === 'RULE_EXCLUDED')) return 'excluded';
  if (state.reasons.some((reason) => INVALID_RULE_CODES.has(reason.code))) return 'invalid';
  if (state.warnings.some((warning) => warning.code === 'RULE_APPLIED')) return 'changed';
  return null;
}
