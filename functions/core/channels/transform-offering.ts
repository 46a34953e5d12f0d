import type { Offering } from '../catalogue/offering.ts';
import { error } from './channel-helpers.ts';
import type { Channel, TourTransformContext, TransformContext, TransformResult } from './contract.ts';

function hasToday(context: TransformContext): context is TourTransformContext {
  return context.today !== undefined;
}

/**
 * Hands an offering to a channel's own transform. An offering of the kind the channel does not
 * take is refused with OFFERING_KIND_MISMATCH rather than forced through (a product on fliggy, a
 * tour on tmall-global); a tour without `context.today` is the caller's bug and throws.
 */
export function transformOffering(
  channel: Channel,
  offering: Offering,
  context: TransformContext,
): TransformResult<unknown> {
  if (channel.takes === 'product' && offering.kind === 'product') {
    return channel.transform(offering.product, context);
  }
  if (channel.takes === 'tour' && offering.kind === 'tour') {
    if (!hasToday(context))
      throw new TypeError(`channel ${channel.id} takes tours: context.today is required`);
    return channel.transform(offering.tour, context);
  }
  return {
    item: null,
    issues: [
      error(
        'OFFERING_KIND_MISMATCH',
        'kind',
        `channel ${channel.id} takes ${channel.takes}s, not ${offering.kind}s`,
      ),
    ],
  };
}
