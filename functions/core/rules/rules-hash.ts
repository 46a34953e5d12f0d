import type { Product } from '../catalogue/model.ts';
import { contentHash } from '../sync/content-hash.ts';
import { applyFeedRules, ruleEffect } from './apply-rules.ts';
import type { FeedRules } from './rule-schema.ts';

/**
 * A product's content hash with the effect of the rules its channels apply. Without rules, or
 * with rules that change nothing for it, it is contentHash(product), so stored hashes stay valid
 * and a profile gaining rules re-syncs only the products those rules touch. Changing a rule
 * changes the hash of exactly the products whose output on some channel changes.
 */
export function productHashWithRules(
  product: Product,
  rules: FeedRules | undefined,
  channels: readonly string[],
): string {
  if (rules === undefined) return contentHash(product);
  let effects: Record<string, unknown> | null = null;
  for (const channel of channels) {
    const effect = ruleEffect(applyFeedRules(product, rules[channel]));
    if (effect === null) continue;
    effects ??= {};
    effects[channel] = effect;
  }
  return effects === null ? contentHash(product) : contentHash({ product, rules: effects });
}
