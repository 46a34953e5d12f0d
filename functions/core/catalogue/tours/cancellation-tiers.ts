/**
 * Cancellation tiers in one cell, each "days before departure → refund %", in the order written:
 * "60 jours avant : 100 % ; 30 jours : 70 % ; moins de 14 jours : 0 %", "30+ days 100%, 7 days 50%",
 * "≥ 7 j : 50 %". "Moins de N jours" / "less than N days" / "le jour même" is the tier from 0 days.
 * "Non remboursable" / "non-refundable" is no tier at all (the model's non-refundable package).
 */

import { foldText } from '../normalise-key.ts';
import type { CancellationTier } from '../tour-model.ts';
import { quoteValue } from '../values/cell-text.ts';
import { parsed, refused, type TourParsed, type TourProblem } from './tour-problem.ts';
import { NO_REFUND_PHRASES } from './tour-words.ts';

const FIELD = 'cancellationTiers';
const PERCENT = /(\d{1,3}(?:[.,]\d+)?)\s*%/u;
const DAYS = /(\d{1,3})\s*\+?\s*(?:jours?|j|days?|d|iminsi)?\b/u;
const FROM_ZERO =
  /\b(?:moins de|less than|under|fewer than|within|jour meme|same day|le jour du depart|day of departure|munsi w urugendo)\b/u;

function tier(piece: string, problems: TourProblem[]): CancellationTier | null {
  const folded = foldText(piece);
  const percent = PERCENT.exec(folded);
  if (percent === null) {
    problems.push({
      field: FIELD,
      code: 'TOUR_CANCELLATION_INVALID',
      message: `${quoteValue(piece)} gives no refund percentage; write each tier as "30 jours : 100 %".`,
    });
    return null;
  }
  const refundPercent = Number((percent[1] ?? '').replace(',', '.'));
  const rest = folded.replace(percent[0], ' ');
  const fromZero = FROM_ZERO.test(rest);
  const days = DAYS.exec(rest);
  if (!Number.isInteger(refundPercent) || refundPercent > 100) {
    problems.push({
      field: FIELD,
      code: 'TOUR_CANCELLATION_INVALID',
      message: `${quoteValue(piece)}: a refund is a whole percentage from 0 to 100.`,
    });
    return null;
  }
  if (fromZero) return { daysBefore: 0, refundPercent };
  if (days === null) {
    problems.push({
      field: FIELD,
      code: 'TOUR_CANCELLATION_INVALID',
      message: `${quoteValue(piece)} gives no number of days before departure; write each tier as "30 jours : 100 %".`,
    });
    return null;
  }
  return { daysBefore: Number(days[1]), refundPercent };
}

export function parseCancellationTiers(text: string): TourParsed<CancellationTier[]> {
  const folded = foldText(text).trim();
  if (
    folded === '' ||
    NO_REFUND_PHRASES.some((phrase) => folded === phrase || folded.startsWith(`${phrase} `))
  )
    return parsed([]);
  const problems: TourProblem[] = [];
  const tiers: CancellationTier[] = [];
  for (const piece of text
    .split(/[;|\n,]+/u)
    .map((part) => part.trim())
    .filter((part) => part !== '')) {
    const read = tier(piece, problems);
    if (read === null) continue;
    if (tiers.some((other) => other.daysBefore === read.daysBefore)) {
      problems.push({
        field: FIELD,
        code: 'TOUR_CANCELLATION_INVALID',
        message: `Two tiers for ${read.daysBefore} days before departure; give each number of days once.`,
      });
      continue;
    }
    tiers.push(read);
  }
  if (problems.length > 0) return { ok: false, problems };
  if (tiers.length === 0)
    return refused(FIELD, 'TOUR_CANCELLATION_INVALID', `${quoteValue(text)} gives no tier.`);
  return parsed(tiers);
}
