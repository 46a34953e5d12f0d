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
  /** XLSX: most bytes inflated from one workbook, over every part read (media is never read). */
  maxInflatedBytes: number;
  /** XLSX: most a part may inflate per compressed byte (checked on parts inflating past 1 MiB). */
  maxCompressionRatio: number;
}

/** See docs/reliability.md ("Bombs and limits") for how these numbers were chosen. */
export const DEFAULT_READER_LIMITS: ReaderLimits = {
  maxBytes: 512 * 1024 * 1024,
  maxCellChars: 10_000,
  maxDepth: 8,
  maxRows: 2_000_000,
  maxInflatedBytes: 1024 * 1024 * 1024,
  maxCompressionRatio: 100,
};

/**
 * The most text one record (a CSV line, a JSON or XML product, an XLSX row) may hold. A cell
 * longer than maxCellChars only rejects its row, so a record may be much longer than a cell;
 * one this far beyond it is a broken or hostile file, refused before it is held in memory.
 */
export function maxRecordChars(limits: Pick<ReaderLimits, 'maxCellChars'>): number {
  return limits.maxCellChars * 64;
}

/**
 * Something a document says about itself outside its products: a JSON top-level member or an
 * XML root attribute or element (a "producer" claim). Readers keep only those a caller asks for.
 */
export interface DocumentField {
  name: string;
  value: RawValue;
  /** Where it is, for messages. */
  line: number | null;
}

export interface CatalogueSource {
  format: CatalogueFormat;
  /** Detected text encoding (utf-8, utf-8-bom, utf-16le, utf-16be, windows-1252, macintosh), or 'binary' for XLSX. */
  encoding: string;
  /** XLSX: the sheet read (named with --sheet, or the one whose header names the most). */
  sheet?: string;
  /** Records in file order. Throws CatalogueFileError for a file-level failure found while streaming. */
  records: AsyncIterable<RawRecord>;
  /**
   * Tabular formats: the header's column names and line once `records` has read it (null before),
   * so a table is checked by its header even when it has no data row.
   */
  header?: () => TableColumns | null;
  /** JSON and XML: the document fields read so far that the caller asked for (see DocumentField). */
  documentFields?: () => readonly DocumentField[];
  /** XLSX: the workbook's other worksheets, to read a second table (a tour catalogue's departures). */
  otherSheets?: OtherSheets;
}

/** The worksheets of a workbook besides the one read, each readable as its own table. */
export interface OtherSheets {
  names: readonly string[];
  /** The sheet's rows keyed by its header (found as `layout` says); no rows for a sheet holding nothing. */
  records(name: string, layout?: TableLayoutLike): AsyncIterable<RawRecord>;
}

/** Where a header is among a sheet's first rows (readers/tabular.ts TableLayout). */
export interface TableLayoutLike {
  searchRows: number;
  findHeader(rows: readonly (readonly (string | undefined)[])[]): number;
  scoreHeader(cells: readonly (string | undefined)[]): number;
}

export interface TableColumns {
  /** The producer's column names, unnamed columns left out. */
  names: readonly string[];
  /** The line (CSV) or row number (XLSX) holding them. */
  line: number;
}
