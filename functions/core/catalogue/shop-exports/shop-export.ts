/**
 * Exports of the shop systems small exporters already run (Shopify, WooCommerce, Google Merchant
 * Center feeds), recognised by their header signature and read by each system's documented
 * semantics: a Shopify variant inherits its product's title from the first row of its Handle, a
 * WooCommerce variation its parent's description, a Google `price` carries its currency.
 *
 * An export is rewritten into canonical records: one per product, keyed by canonical field paths
 * ("sku", "names.en", "price", "salePrice", "grossWeight", "attributes.Size", ...), which the
 * ordinary row parser then reads like any well-named table. Rows that are not products (drafts,
 * a variable product's parent, image-only rows) never become records.
 */
import type { RowErrorCode, WarningCode } from '../codes.ts';
import type { TypeHint } from '../inference/infer-product-type.ts';
import type { ColumnTarget, ProfileLookup } from '../producer-profile.ts';
import type { RawRecord } from '../readers/raw-record.ts';

export type ShopSystem = 'shopify' | 'woocommerce' | 'google-merchant';

/** A finding the export's own rules produce (SKU_DERIVED, STOCK_DEFAULTED, ...). */
export interface ShopFinding {
  field: string | null;
  code: WarningCode | RowErrorCode;
  message: string;
}

export type ShopEvent =
  | {
      kind: 'record';
      /** Keys are canonical field paths; `row` is the export's line of the product (variant) row. */
      record: RawRecord;
      /** Texts the product type may be inferred from, most specific first. */
      typeHints: TypeHint[];
      warnings: ShopFinding[];
    }
  | {
      /** A row that is plainly not a product to list (ROW_NOT_LISTED): skipped with a warning. */
      kind: 'skip';
      row: number;
      sku: string | null;
      code: WarningCode;
      message: string;
    };

export interface ShopExportContext {
  profile: ProfileLookup;
  /**
   * The day scheduled sales are judged against (yyyy-mm-dd): a WooCommerce sale price whose
   * dates have passed, or a Google sale_price_effective_date not yet begun, is not the price.
   * Today (UTC) when not given.
   */
  today?: string;
}

export interface ShopExport {
  readonly system: ShopSystem;
  /** True when a header (CSV/TSV/XLSX column names, or JSON/XML keys) is this system's export. */
  recognises(headers: readonly string[]): boolean;
  /**
   * How each original column is read, for the report's `columns` (via "signature" or "ignored"):
   * the canonical field it feeds, an attribute, or ignore. Columns the system does not document
   * are left out: `read` passes them through under their own header, so the ordinary column
   * mapping (aliases, the producer's profile) decides them. The context gives the name field
   * its language (the profile's `defaults.language`, English without one).
   */
  columns(headers: readonly string[], context?: ShopExportContext): Map<string, ColumnTarget>;
  /** The export's rows (keyed by its own headers, in file order) as canonical records and skips. */
  read(records: AsyncIterable<RawRecord>, context: ShopExportContext): AsyncGenerator<ShopEvent>;
}
