import { describe, expect, it } from 'vitest';
import type { CancellationTier, Departures } from '../../../functions/core/catalogue/tour-model.ts';
import {
  CALENDAR_HORIZON_DAYS,
  calendarWindow,
  departuresWithin,
} from '../../../functions/core/channels/fliggy/calendar.ts';
import { fliggyChannel } from '../../../functions/core/channels/fliggy/channel.ts';
import { firstNonMonotonicTier, refundRules } from '../../../functions/core/channels/fliggy/refund-rules.ts';
import { dayNumber, isoDateOf, WEEKDAYS, weekdayOf } from '../../../functions/core/iso-dates.ts';
import { loadConfigFxRates } from '../../support/product-factory.ts';
import { RandomCases } from '../../support/random-cases.ts';
import { makeTour } from '../../support/tour-factory.ts';

const CASES = 400;

function randomWeeklyRule(random: RandomCases, today: number): Extract<Departures, { kind: 'weekly' }> {
  const from = today - 800 + random.below(1600);
  const to = from + random.below(2500); // seasons of up to seven years
  const weekdays = WEEKDAYS.filter(() => random.fraction() < 0.4);
  const blackouts = Array.from({ length: random.below(30) }, () =>
    isoDateOf(from + random.below(to - from + 1)),
  );
  return {
    kind: 'weekly',
    weekdays: weekdays.length === 0 ? ['sat'] : weekdays,
    from: isoDateOf(from),
    to: isoDateOf(to),
    blackouts: [...new Set(blackouts)],
    seats: random.below(20),
  };
}

describe('fliggy calendar expansion (property)', () => {
  it('lists at most 365 ascending dates of the rule, inside the window, and every one of them', () => {
    const random = new RandomCases(15);
    for (let run = 0; run < CASES; run++) {
      const today = dayNumber('2026-01-01') + random.below(1500);
      const cutoff = { daysBefore: random.below(301) };
      const rule = randomWeeklyRule(random, today);
      const window = calendarWindow(isoDateOf(today), cutoff);
      const { departures, continuesAfter } = departuresWithin(rule, window);

      expect(departures.length).toBeLessThanOrEqual(CALENDAR_HORIZON_DAYS);
      // The oracle walks the whole season, however long, and filters: slow, obviously right.
      const expected: number[] = [];
      for (let day = dayNumber(rule.from); day <= dayNumber(rule.to); day++) {
        const inWindow = day >= today + cutoff.daysBefore && day <= today + CALENDAR_HORIZON_DAYS - 1;
        if (inWindow && rule.weekdays.includes(weekdayOf(day)) && !rule.blackouts.includes(isoDateOf(day))) {
          expected.push(day);
        }
      }
      expect(departures.map((departure) => departure.day)).toEqual(expected);
      expect(departures.every((departure) => departure.seats === rule.seats)).toBe(true);
      expect(continuesAfter).toBe(dayNumber(rule.to) > today + CALENDAR_HORIZON_DAYS - 1);
    }
  });

  it('keeps the explicit dates inside the window, sorted, whatever order they were written in', () => {
    const random = new RandomCases(16);
    for (let run = 0; run < CASES; run++) {
      const today = dayNumber('2026-01-01') + random.below(1500);
      const cutoff = { daysBefore: random.below(30) };
      const days = [
        ...new Set(Array.from({ length: 1 + random.below(40) }, () => today - 60 + random.below(500))),
      ];
      const rule: Departures = {
        kind: 'dates',
        dates: days.map((day) => ({ date: isoDateOf(day), seats: day % 7 })),
      };
      const { departures, continuesAfter } = departuresWithin(rule, calendarWindow(isoDateOf(today), cutoff));
      const last = today + CALENDAR_HORIZON_DAYS - 1;
      const expected = days
        .filter((day) => day >= today + cutoff.daysBefore && day <= last)
        .sort((a, b) => a - b);
      expect(departures).toEqual(expected.map((day) => ({ day, seats: day % 7 })));
      expect(continuesAfter).toBe(days.some((day) => day > last));
    }
  });

  it('never lets a calendar item grow past 365 dates, however long the season', () => {
    const tour = makeTour({
      bookingCutoff: { daysBefore: 0 },
      departures: {
        kind: 'weekly',
        weekdays: [...WEEKDAYS],
        from: '2000-01-01',
        to: '2099-12-31',
        blackouts: [],
        seats: 1,
      },
    });
    const { item } = fliggyChannel.transform(tour, { fx: loadConfigFxRates(), today: '2026-11-29' });
    expect(item?.calendar).toHaveLength(CALENDAR_HORIZON_DAYS);
  });
});

/** Oracle: more days before departure never refunds less, compared pair by pair. */
function monotonic(tiers: readonly CancellationTier[]): boolean {
  return tiers.every((a) =>
    tiers.every((b) => !(a.daysBefore > b.daysBefore && a.refundPercent < b.refundPercent)),
  );
}

function randomTiers(random: RandomCases): CancellationTier[] {
  const days = [...new Set(Array.from({ length: random.below(7) }, () => random.below(366)))];
  return days.map((daysBefore) => ({ daysBefore, refundPercent: random.below(101) }));
}

describe('cancellation tiers (property)', () => {
  it('finds an inversion exactly when the tiers are not monotonic, and the transform rejects exactly those', () => {
    const random = new RandomCases(17);
    const fx = loadConfigFxRates();
    let inversions = 0;
    for (let run = 0; run < CASES; run++) {
      const tiers = randomTiers(random);
      const inversion = firstNonMonotonicTier(tiers);
      expect(inversion === null).toBe(monotonic(tiers));
      if (inversion !== null) {
        inversions++;
        expect(inversion.earlier.daysBefore).toBeGreaterThan(inversion.later.daysBefore);
        expect(inversion.earlier.refundPercent).toBeLessThan(inversion.later.refundPercent);
      }
      const { issues } = fliggyChannel.transform(makeTour({ cancellationTiers: tiers }), {
        fx,
        today: '2026-11-29',
      });
      expect(issues.some((issue) => issue.code === 'CANCELLATION_TIERS_NOT_MONOTONIC')).toBe(
        !monotonic(tiers),
      );
    }
    expect(inversions).toBeGreaterThan(CASES / 10); // the generator does produce both kinds
  });

  it('turns tiers into ranges that cover every day before departure once, each with its tier’s refund', () => {
    const random = new RandomCases(18);
    for (let run = 0; run < CASES; run++) {
      const tiers = randomTiers(random);
      const rules = refundRules(tiers);
      expect(rules[0]?.maxDaysBefore).toBeNull();
      expect(rules.at(-1)?.minDaysBefore).toBe(0);
      for (let index = 1; index < rules.length; index++) {
        expect(rules[index]?.maxDaysBefore).toBe((rules[index - 1]?.minDaysBefore ?? 0) - 1);
      }
      for (const rule of rules) {
        const tier = tiers.find((candidate) => candidate.daysBefore === rule.minDaysBefore);
        // a range that starts on no tier is the implied tail: nothing back
        expect(rule.refundPercent).toBe(tier?.refundPercent ?? 0);
        expect(rule.penaltyPercent).toBe(100 - rule.refundPercent);
      }
      const hasLastDayTier = tiers.some((tier) => tier.daysBefore === 0);
      expect(rules).toHaveLength(tiers.length + (hasLastDayTier ? 0 : 1));
    }
  });
});
