/**
 * Stable error and warning codes. Scripts and producers depend on these strings:
 * add freely, never rename or remove. Every code is documented in docs/errors.md.
 */
export const FILE_ERROR_CODES = [
  'FILE_EMPTY',
  'FILE_TOO_LARGE',
  'FILE_PRODUCER_MISMATCH',
  'FORMAT_UNKNOWN',
  'ENCODING_UNREADABLE',
  'BINARY_CONTENT',
  'CSV_MALFORMED',
  'HEADER_MISSING',
  'HEADER_REQUIRED_COLUMN_MISSING',
  'HEADER_DUPLICATE_COLUMN',
  'XLSX_UNREADABLE',
  'XLSX_SHEET_NOT_FOUND',
  'XLSX_TOO_LARGE',
  'JSON_MALFORMED',
  'JSON_SHAPE',
  'JSON_TOO_DEEP',
  'JSON_PRODUCT_TOO_LARGE',
  'XML_MALFORMED',
  'XML_DOCTYPE_REFUSED',
  'XML_TOO_DEEP',
  'XML_SHAPE',
  'XML_PRODUCT_TOO_LARGE',
  'XML_NODE_TOO_LARGE',
  'TOO_MANY_ROWS',
  'TOUR_HEADER_COLUMN_MISSING',
  'TOUR_CATALOGUE_TOO_LARGE',
] as const;
export type FileErrorCode = (typeof FILE_ERROR_CODES)[number];

export const ROW_ERROR_CODES = [
  'REQUIRED_MISSING',
  'SKU_INVALID',
  'SKU_DUPLICATE',
  'NUMBER_INVALID',
  'NUMBER_NEGATIVE',
  'NUMBER_OUT_OF_RANGE',
  'PRICE_INVALID',
  'CURRENCY_UNKNOWN',
  'CURRENCY_CONFLICT',
  'UNIT_UNKNOWN',
  'DATE_INVALID',
  'PRODUCT_TYPE_UNKNOWN',
  'HS_CODE_FORMAT',
  'GTIN_FORMAT',
  'URL_INVALID',
  'CELL_FORMULA',
  'CELL_ERROR_VALUE',
  'CELL_CONTROL_CHARACTERS',
  'CELL_TOO_LONG',
  'ROW_TOO_MANY_CELLS',
  'VALUE_INVALID',
  'PRODUCER_MISMATCH',
  'PRODUCT_TOO_LARGE',
  'TOUR_REQUIRED_MISSING',
  'TOUR_CODE_DUPLICATE',
  'TOUR_PLACE_UNKNOWN',
  'TOUR_CATEGORY_UNKNOWN',
  'TOUR_DURATION_INVALID',
  'TOUR_DEPARTURE_DATE_INVALID',
  'TOUR_DEPARTURES_INVALID',
  'TOUR_DEPARTURE_UNKNOWN_TOUR',
  'TOUR_ITINERARY_INVALID',
  'TOUR_TOO_LARGE',
  'TOUR_ITINERARY_UNKNOWN_TOUR',
  'TOUR_PRICE_INVALID',
  'TOUR_CANCELLATION_INVALID',
  'TOUR_VALUE_INVALID',
] as const;
export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];

export const WARNING_CODES = [
  'COLUMN_UNKNOWN',
  'CERTIFICATION_UNKNOWN',
  'ROW_TOO_FEW_CELLS',
  'ROW_EMPTY_SKIPPED',
  'CURRENCY_DEFAULTED',
  'COLUMN_DUPLICATE',
  'CELL_INVISIBLE_CHARACTERS_REMOVED',
  'PRICE_UNUSUALLY_HIGH',
  'GTIN_LEADING_ZEROS_RESTORED',
  'ROW_TOTAL_SKIPPED',
  'ROW_HEADER_REPEATED',
  'ROW_NOT_LISTED',
  'PRODUCT_TYPE_INFERRED',
  'PRODUCT_TYPE_DEFAULTED',
  'SKU_DERIVED',
  'STOCK_DEFAULTED',
  'PARENT_ROW_MISSING',
  'SALE_PRICE_IGNORED',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/** One finding about one row (or, with row null, about the file). */
export interface RowIssue {
  /** Row number as the producer sees it: the spreadsheet line, or the 1-based item index in JSON/XML. */
  row: number | null;
  sku: string | null;
  field: string | null;
  code: RowErrorCode | WarningCode;
  message: string;
}

/** A failure that stops the whole file: nothing from it is used. */
export class CatalogueFileError extends Error {
  override readonly name = 'CatalogueFileError';
  constructor(
    readonly code: FileErrorCode,
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
  }
}
