/**
 * What every reader yields: one record per product row, keyed by the producer's own
 * column or element names, before any alias mapping or value parsing.
 */
export type RawValue = string | number | boolean | null | RawValue[];

export interface RawRecord {
  /** Spreadsheet line (CSV/XLSX, header is line 1) or 1-based item index (JSON/XML). */
  row: number;
  /** Insertion-ordered, own-property-safe: keys like `__proto__` are plain data here. */
  fields: Map<string, RawValue>;
  /** Set when a tabular row had more cells than the header (the extra cells are not in fields). */
  extraCells?: number;
  /** Set when a tabular row had fewer cells than the header. */
  missingCells?: number;
}

export type CatalogueFormat = 'csv' | 'tsv' | 'xlsx' | 'json' | 'xml';

export interface ReaderLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Longest cell accepted, in characters; longer cells reject their row. */
  maxCellChars: number;
  /** Deepest nesting accepted in JSON and XML. */
  maxDepth: number;
  /** Most product rows accepted in one file. */
  maxRows: number;
}

export const DEFAULT_READER_LIMITS: ReaderLimits = {
  maxBytes: 512 * 1024 * 1024,
  maxCellChars: 10_000,
  maxDepth: 8,
  maxRows: 2_000_000,
};

export interface CatalogueSource {
  format: CatalogueFormat;
  /** Detected text encoding (utf-8, utf-8-bom, utf-16le, utf-16be, windows-1252), or 'binary' for XLSX. */
  encoding: string;
  /** Records in file order. Throws CatalogueFileError for a file-level failure found while streaming. */
  records: AsyncIterable<RawRecord>;
  /**
   * Tabular formats: the header's column names and line once `records` has read it (null before),
   * so a table is checked by its header even when it has no data row.
   */
  header?: () => TableColumns | null;
}

export interface TableColumns {
  /** The producer's column names, unnamed columns left out. */
  names: readonly string[];
  /** The line (CSV) or row number (XLSX) holding them. */
  line: number;
}
