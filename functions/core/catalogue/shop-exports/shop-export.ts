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
}

export interface ShopExport {
  readonly system: ShopSystem;
  /** True when a header (CSV/TSV/XLSX column names, or JSON/XML keys) is this system's export. */
  recognises(headers: readonly string[]): boolean;
  /**
   * How each original column is read, for the report's `columns` (via "signature" or "ignored"):
   * the canonical field it feeds, an attribute, or ignore.
   */
  columns(headers: readonly string[]): Map<string, ColumnTarget>;
  /** The export's rows (keyed by its own headers, in file order) as canonical records and skips. */
  read(records: AsyncIterable<RawRecord>, context: ShopExportContext): AsyncGenerator<ShopEvent>;
}
