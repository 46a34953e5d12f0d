/**
 * Tells a product catalogue from a tour catalogue by its columns, never by its file name: a
 * header (among a table's first rows) or a JSON item's keys naming at least two fields only tours
 * have is a tour catalogue's (tour-columns.ts). For every other file the header is found exactly
 * as for products (columns/table-shape.ts), so a product catalogue reads as it always has.
 */
import { findHeaderRow, HEADER_SEARCH_ROWS, scoreHeaderRow } from '../columns/table-shape.ts';
import type { OfferingKind } from '../offering.ts';
import type { ProfileLookup } from '../producer-profile.ts';
import type { RawRecord } from '../readers/raw-record.ts';
import type { TableLayout } from '../readers/tabular.ts';
import { isCanonicalTour } from './canonical-tour.ts';
import { isTourHeader, MIN_TOUR_ONLY_FIELDS, scoreTourHeader } from './tour-columns.ts';

/**
 * The table layout readOfferings opens a file with; `kind` is known once the header is found.
 * A header the producer's profile maps onto a tour field counts as a tour column.
 */
export class OfferingKindDetector {
  kind: OfferingKind | null = null;

  constructor(private readonly profile?: ProfileLookup) {}

  readonly layout: TableLayout = {
    searchRows: HEADER_SEARCH_ROWS,
    findHeader: (rows) => {
      let best = -1;
      let bestScore = Number.NEGATIVE_INFINITY;
      rows.slice(0, HEADER_SEARCH_ROWS).forEach((cells, index) => {
        const { score, tourOnly } = scoreTourHeader(cells, this.profile);
        if (tourOnly >= MIN_TOUR_ONLY_FIELDS && score > bestScore) {
          best = index;
          bestScore = score;
        }
      });
      if (best >= 0) {
        this.kind = 'tour';
        return best;
      }
      this.kind = 'product';
      return findHeaderRow(rows);
    },
    // A workbook's tours sheet beats its departures and itinerary sheets (it names far more);
    // a sheet with no tour header scores as a product sheet always has.
    scoreHeader: (cells) => {
      const tour = scoreTourHeader(cells, this.profile);
      return tour.tourOnly >= MIN_TOUR_ONLY_FIELDS ? tour.score : scoreHeaderRow(cells).score;
    },
  };
}

/** A JSON item's keys, nested lists named by their base ("itinerary.0.title" -> "itinerary"). */
export function isTourRecord(record: RawRecord, profile?: ProfileLookup): boolean {
  if (isCanonicalTour(record)) return true;
  const keys = new Set<string>();
  for (const key of record.fields.keys()) keys.add(key.replace(/\.\d+(?:\..*)?$/u, ''));
  return isTourHeader([...keys], profile);
}
