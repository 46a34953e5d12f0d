import { readFileSync } from 'node:fs';
import fxRatesFile from '../../config/fx-rates.json' with { type: 'json' };
import {
  RWANDA_UTC_OFFSET_MINUTES,
  type TourPackage,
  tourPackageSchema,
} from '../../functions/core/catalogue/tour-model.ts';
import { fliggyChannel } from '../../functions/core/channels/fliggy/channel.ts';
import type { FliggyItem } from '../../functions/core/channels/fliggy/transform.ts';
import { dateAtOffset } from '../../functions/core/iso-dates.ts';
import { loadFxRates } from '../../functions/core/money.ts';
import type { ChannelPreview } from '../../functions/core/preview/preview-catalogue.ts';
import { GOLDEN_GENERATED_AT, goldenDir } from './golden-previews.ts';

/**
 * Golden Fliggy documents from hand-written canonical tours (test/fixtures/tours/), until tour
 * catalogues are read from files: one document and one report per operator, rendered at the
 * golden instant (02:00 in Kigali on 29 November 2026, so "today" is 2026-11-29).
 */
export const GOLDEN_TODAY = dateAtOffset(GOLDEN_GENERATED_AT, RWANDA_UTC_OFFSET_MINUTES);
export const TOUR_OPERATORS = ['virunga-trails', 'kivu-horizons'] as const;
export const tourGoldenDir = new URL('tours/', goldenDir);

export function operatorTours(operator: string): TourPackage[] {
  const file = JSON.parse(
    readFileSync(new URL(`../fixtures/tours/${operator}.json`, import.meta.url), 'utf8'),
  ) as { tours: unknown[] };
  return file.tours.map((tour) => tourPackageSchema.parse(tour));
}

export interface RenderedTourGolden {
  report: { producerId: string; today: string; channels: { fliggy: ChannelPreview } };
  /** Document path ("fliggy/virunga-trails.json") to its text. */
  documents: Map<string, string>;
}

export async function renderTourGolden(operator: string): Promise<RenderedTourGolden> {
  const fx = loadFxRates(fxRatesFile);
  const path = fliggyChannel.documentPath(operator);
  const preview: ChannelPreview = { accepted: [], rejected: [], warnings: [], documents: [path] };
  const items: FliggyItem[] = [];
  for (const tour of operatorTours(operator)) {
    const { item, issues } = fliggyChannel.transform(tour, { fx, today: GOLDEN_TODAY });
    for (const issue of issues) {
      const finding = { sku: tour.code, code: issue.code, field: issue.field, message: issue.message };
      (issue.severity === 'error' ? preview.rejected : preview.warnings).push(finding);
    }
    if (item !== null) {
      preview.accepted.push(tour.code);
      items.push(item);
    }
  }
  let text = '';
  await fliggyChannel.render(
    operator,
    items,
    (chunk) => {
      text += chunk;
    },
    { generatedAt: GOLDEN_GENERATED_AT },
  );
  return {
    report: { producerId: operator, today: GOLDEN_TODAY, channels: { fliggy: preview } },
    documents: new Map([[path, text]]),
  };
}
