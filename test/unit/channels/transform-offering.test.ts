import { describe, expect, it } from 'vitest';
import { fliggyChannel } from '../../../functions/core/channels/fliggy/channel.ts';
import { CHANNELS } from '../../../functions/core/channels/registry.ts';
import { tmallGlobalChannel } from '../../../functions/core/channels/tmall-global/channel.ts';
import { transformOffering } from '../../../functions/core/channels/transform-offering.ts';
import { channelEvaluator } from '../../../functions/wiring/channel-adapters.ts';
import { loadConfigFxRates, makeProduct } from '../../support/product-factory.ts';
import { makeTour, TOUR_TODAY } from '../../support/tour-factory.ts';

const fx = loadConfigFxRates();

describe('offerings reach only the channels that take their kind', () => {
  it('hands a product to a product channel as its own transform would', () => {
    const product = makeProduct('coffee-green');
    expect(transformOffering(tmallGlobalChannel, { kind: 'product', product }, { fx })).toEqual(
      tmallGlobalChannel.transform(product, { fx }),
    );
  });

  it('hands a tour to fliggy with the date', () => {
    const tour = makeTour();
    expect(transformOffering(fliggyChannel, { kind: 'tour', tour }, { fx, today: TOUR_TODAY })).toEqual(
      fliggyChannel.transform(tour, { fx, today: TOUR_TODAY }),
    );
  });

  it('refuses the other kind with OFFERING_KIND_MISMATCH, both ways', () => {
    const product = transformOffering(
      fliggyChannel,
      { kind: 'product', product: makeProduct('tea') },
      { fx },
    );
    expect(product).toEqual({
      item: null,
      issues: [
        {
          code: 'OFFERING_KIND_MISMATCH',
          field: 'kind',
          severity: 'error',
          message: 'channel fliggy takes tours, not products',
        },
      ],
    });
    const tour = transformOffering(
      tmallGlobalChannel,
      { kind: 'tour', tour: makeTour() },
      { fx, today: TOUR_TODAY },
    );
    expect(tour.item).toBeNull();
    expect(tour.issues.map((issue) => issue.code)).toEqual(['OFFERING_KIND_MISMATCH']);
  });

  it('throws for a tour without the date: a caller bug, never a silent "nothing is past"', () => {
    expect(() => transformOffering(fliggyChannel, { kind: 'tour', tour: makeTour() }, { fx })).toThrow(
      TypeError,
    );
  });

  it('lets the sync worker record a product task on fliggy as rejected, not crash', () => {
    const evaluate = channelEvaluator(CHANNELS, fx);
    const evaluation = evaluate('fliggy', { kind: 'product', product: makeProduct('honey') });
    expect(evaluation.item).toBeNull();
    expect(evaluation.errors.map((reason) => reason.code)).toEqual(['OFFERING_KIND_MISMATCH']);
    expect(evaluate('tmall-global', { kind: 'product', product: makeProduct('honey') }).errors).toEqual([]);
  });
});
