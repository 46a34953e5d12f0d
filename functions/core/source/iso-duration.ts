/**
 * ISO 8601 durations as a source's `every` says them: PT1H, PT30M, P1D, P1DT12H, P1W. Years and
 * months have no fixed length and are refused, as are fractions.
 */
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/u;

/** Milliseconds, or null when the text is not such a duration. */
export function parseIsoDuration(text: string): number | null {
  const match = DURATION.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return null;
  const [, weeks, days, hours, minutes, seconds] = match.map((part) => Number(part ?? 0));
  return (
    ((((weeks ?? 0) * 7 + (days ?? 0)) * 24 + (hours ?? 0)) * 60 + (minutes ?? 0)) * 60_000 +
    (seconds ?? 0) * 1000
  );
}

/** A source is checked at most every 5 minutes (the pull schedule's rate) and at least every 30 days. */
export const SOURCE_EVERY_BOUNDS = { minMs: 5 * 60_000, maxMs: 30 * 24 * 3600_000 } as const;
export const DEFAULT_SOURCE_EVERY = 'PT1H';
