import type { ProductChannel } from '../contract.ts';
import { GOOGLE_MERCHANT_CHANNEL_ID, googleMerchantDocumentPath, renderGoogleMerchant } from './render.ts';
import { DEFAULT_GOOGLE_MERCHANT_TARGETS, type GoogleMerchantTarget } from './targets.ts';
import {
  GOOGLE_MERCHANT_ERROR_CODES,
  GOOGLE_MERCHANT_WARNING_CODES,
  type GoogleMerchantItem,
  transformGoogleMerchant,
} from './transform.ts';

/**
 * Google Merchant Center (RSS 2.0 with the g: namespace), one document per producer and target
 * country; format in docs/channels/google-merchant.md. Targets come from configuration
 * (GOOGLE_MERCHANT_TARGETS), so the channel is built from them.
 */
export function createGoogleMerchantChannel(
  targets: readonly GoogleMerchantTarget[],
): ProductChannel<GoogleMerchantItem> {
  const first = targets[0];
  if (first === undefined) throw new RangeError('google-merchant needs at least one target');
  const targetFor = (country: string | undefined): GoogleMerchantTarget => {
    if (country === undefined) return first;
    const target = targets.find((candidate) => candidate.country === country);
    if (target === undefined) throw new RangeError(`google-merchant has no target ${country}`);
    return target;
  };
  return {
    takes: 'product',
    id: GOOGLE_MERCHANT_CHANNEL_ID,
    displayName: 'Google Merchant Center',
    contentType: 'application/rss+xml; charset=utf-8',
    issueCodes: { errors: GOOGLE_MERCHANT_ERROR_CODES, warnings: GOOGLE_MERCHANT_WARNING_CODES },
    documentTargets: targets.map((target) => target.country),
    transform: (product, context) => transformGoogleMerchant(product, context, targets),
    documentPath: (producerId, country) => googleMerchantDocumentPath(producerId, targetFor(country).country),
    render: (producerId, items, write, meta) =>
      renderGoogleMerchant(producerId, items, write, meta, targetFor(meta.target)),
  };
}

/** With the default targets (DE, FR, US); deployments configure theirs through GOOGLE_MERCHANT_TARGETS. */
export const googleMerchantChannel = createGoogleMerchantChannel(DEFAULT_GOOGLE_MERCHANT_TARGETS);
