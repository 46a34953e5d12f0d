/**
 * How large one tour package may be as a whole. The model bounds each text in UTF-16 units, which
 * keeps a tour written in Chinese (three UTF-8 bytes a unit) under SQS's 256 KB as a sync task; but
 * a sync task escapes each half of an astral character (emoji) to six bytes, so the same bounds
 * filled with emoji make a 372 KB task. Measured as the task carries it, a tour above this bound is
 * refused when it is read, like PRODUCT_LIMITS.maxProductBytes: found at write time, it would fail
 * after other writes had landed. test/unit/sync/tour-size-margin.test.ts holds both worst cases.
 */
import type { TourPackage } from './tour-model.ts';

export const TOUR_LIMITS = {
  /**
   * The tour as JSON in a sync task, bytes. The largest tour in three-byte characters takes about
   * 212 KB and passes; the envelope of a task and the escaping of U+FFFE/U+FFFF stay far inside the
   * 32 KB left under SQS_MESSAGE_MAX_BYTES.
   */
  maxTourBytes: 224 * 1024,
} as const;

const SURROGATE = /[\uD800-\uDFFF]/g;

/** The bytes of the tour's JSON once a sync task escapes each surrogate half to a six-byte \u escape. */
export function tourTaskBytes(tour: TourPackage): number {
  const json = JSON.stringify(tour);
  // A surrogate half takes 2 of an astral character's 4 UTF-8 bytes and 6 as an escape.
  const halves = json.match(SURROGATE)?.length ?? 0;
  return Buffer.byteLength(json, 'utf8') + 4 * halves;
}

/** A message saying by how much the tour is too large, or null when it fits one sync task. */
export function tourLimitProblem(tour: TourPackage): string | null {
  const bytes = tourTaskBytes(tour);
  if (bytes <= TOUR_LIMITS.maxTourBytes) return null;
  return `The tour takes ${(bytes / 1024).toFixed(1)} KB as it is sent to the channels; at most ${TOUR_LIMITS.maxTourBytes / 1024} KB fit: shorten its itinerary descriptions, inclusions or other long texts.`;
}
