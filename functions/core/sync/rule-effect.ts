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

/**
 * What the feed rules did to an item, from the codes its state records: excluded (RULE_EXCLUDED),
 * made invalid (RULE_VALUE_INVALID) or changed a field (RULE_APPLIED); null when they did nothing.
 */
export function ruleEffectOf(state: Pick<SyncStateRecord, 'reasons' | 'warnings'>): RuleEffectName | null {
  if (state.reasons.some((reason) => reason.code === 'RULE_EXCLUDED')) return 'excluded';
  if (state.reasons.some((reason) => reason.code === 'RULE_VALUE_INVALID')) return 'invalid';
  if (state.warnings.some((warning) => warning.code === 'RULE_APPLIED')) return 'changed';
  return null;
}
