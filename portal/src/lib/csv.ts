/**
 * CSV for spreadsheets, written so that no cell can run as a formula when the file is opened
 * (OWASP "CSV Injection"): a cell starting with = + - @ tab or carriage return gets a leading
 * apostrophe, every double quote is doubled, and every cell is quoted.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | null;

export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvCell(value: CsvValue): string {
  if (value === null) return '""';
  // A number we wrote ourselves (a row number) is data, never a formula: only text is neutralised.
  const text = typeof value === 'number' ? String(value) : neutraliseCell(value);
  return `"${text.replaceAll('"', '""')}"`;
}

/**
 * One CSV document: a header line, then the rows, CRLF-separated (RFC 4180), with a byte-order
 * mark so Excel reads it as UTF-8 (French accents and Chinese names survive).
 */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
