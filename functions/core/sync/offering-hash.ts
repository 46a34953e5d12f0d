import type { Offering } from '../catalogue/offering.ts';
import { channelIdsTaking } from '../channels/channel-kinds.ts';
import type { FeedRules } from '../rules/rule-schema.ts';
import { productHashWithRules } from '../rules/rules-hash.ts';
import { contentHash } from './content-hash.ts';

/**
 * The content hash an offering is diffed by. A product's folds in the effect of the feed rules of
 * the product channels (rules shape products only); a tour's is the hash of the whole canonical
 * package, which is everything the fliggy transform reads (its prices, departures, cut-off, texts).
 * The date a calendar is made on is not in it: the scheduled sync re-makes calendars without an upload.
 */
export function offeringHash(
  offering: Offering,
  rules: FeedRules | undefined,
  channels: readonly string[],
): string {
  if (offering.kind === 'tour') return contentHash(offering.tour);
  return productHashWithRules(offering.product, rules, channelIdsTaking('product', channels));
}
