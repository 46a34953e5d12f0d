/**
 * Which shop system wrote a file, from its header alone (CSV/TSV/XLSX column names, or the keys
 * of JSON/XML records). Each system is recognised by names only its export has, so a producer's
 * own sheet ("Type", "SKU", "Nom", "Prix") is never taken for one.
 */
import { googleMerchantExport } from './google-merchant.ts';
import type { ShopExport } from './shop-export.ts';
import { shopifyExport } from './shopify.ts';
import { wooCommerceExport } from './woocommerce.ts';

export const SHOP_EXPORTS: readonly ShopExport[] = [shopifyExport, wooCommerceExport, googleMerchantExport];

/** The export whose signature the header carries, or null for an ordinary table. */
export function recogniseShopExport(headers: readonly string[]): ShopExport | null {
  return SHOP_EXPORTS.find((system) => system.recognises(headers)) ?? null;
}
