import type { CancellationTier } from '../../catalogue/tour-model.ts';

/** Fliggy's custom refund rules (refund_type 1) hold at most five ranges (最多可含5组规则). */
export const FLIGGY_MAX_REFUND_RULES = 5;

/**
 * One range of days before departure and what cancelling in it refunds. Fliggy states the
 * penalty (买家违约收取总费用的 X%); feedbridge is given the refund, and penalty = 100 - refund.
 */
export interface RefundRule {
  minDaysBefore: number;
  /** Null for the open-ended earliest range ("30 days or more"). */
  maxDaysBefore: number | null;
  refundPercent: number;
  penaltyPercent: number;
  textZh: string;
}

/** Most days first: the order the tiers are read in, and the order Fliggy lists its ranges. */
export function tiersByDaysDescending(tiers: readonly CancellationTier[]): CancellationTier[] {
  return [...tiers].sort((a, b) => b.daysBefore - a.daysBefore);
}

/** The first tier that refunds more than the tier before it (which gives more notice), or null. */
export function firstNonMonotonicTier(
  tiers: readonly CancellationTier[],
): { earlier: CancellationTier; later: CancellationTier } | null {
  const ordered = tiersByDaysDescending(tiers);
  for (let index = 1; index < ordered.length; index++) {
    const earlier = ordered[index - 1] as CancellationTier;
    const later = ordered[index] as CancellationTier;
    if (later.refundPercent > earlier.refundPercent) return { earlier, later };
  }
  return null;
}

/**
 * The ranges a traveller reads: each tier covers from its days up to the day before the next
 * earlier tier; cancelling closer to departure than the last tier refunds nothing. No tiers at
 * all is a non-refundable package: one range, 0 %.
 */
export function refundRules(tiers: readonly CancellationTier[]): RefundRule[] {
  const ordered = tiersByDaysDescending(tiers);
  const rules: RefundRule[] = [];
  let maxDaysBefore: number | null = null;
  for (const tier of ordered) {
    rules.push(rule(tier.daysBefore, maxDaysBefore, tier.refundPercent));
    maxDaysBefore = tier.daysBefore - 1;
  }
  if (maxDaysBefore === null) rules.push(rule(0, null, 0));
  else if (maxDaysBefore >= 0) rules.push(rule(0, maxDaysBefore, 0));
  return rules;
}

function rule(minDaysBefore: number, maxDaysBefore: number | null, refundPercent: number): RefundRule {
  return {
    minDaysBefore,
    maxDaysBefore,
    refundPercent,
    penaltyPercent: 100 - refundPercent,
    textZh: `${whenZh(minDaysBefore, maxDaysBefore)}取消，${refundZh(refundPercent)}`,
  };
}

function whenZh(min: number, max: number | null): string {
  if (max === null) return min === 0 ? '出行前任何时间' : `出行前${min}天及以上`;
  if (max === 0) return '出行当天';
  if (min === 0) return `出行前${max}天内（含出行当天）`;
  return min === max ? `出行前${min}天` : `出行前${min}至${max}天`;
}

function refundZh(percent: number): string {
  if (percent === 100) return '全额退款';
  if (percent === 0) return '不予退款';
  return `退还${percent}%费用`;
}
