/**
 * How an XLSX cell's stored value becomes the text a person sees in Excel: column letters,
 * numbers without binary noise or exponents, and serial numbers under a date format as dates.
 */

/** Excel's last column, XFD: a reference past it is not a cell. */
const MAX_COLUMNS = 16_384;

/** A–Z, AA… as Excel labels columns; `index` is 0-based. */
export function columnLetters(index: number): string {
  let number = index + 1;
  let letters = '';
  while (number > 0) {
    const remainder = (number - 1) % 26;
    letters = String.fromCharCode(65 + remainder) + letters;
    number = Math.floor((number - 1) / 26);
  }
  return letters;
}

/** The 0-based column of a cell reference ("AB12" is 27); -1 when it has no valid column. */
export function columnIndex(reference: string): number {
  let column = 0;
  let index = 0;
  for (; index < reference.length; index += 1) {
    const code = reference.charCodeAt(index) | 0x20;
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + (code - 0x60);
    if (column > MAX_COLUMNS) return -1;
  }
  return index === 0 ? -1 : column - 1;
}

function expandExponent(text: string): string {
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/u.exec(text);
  if (match === null) return text;
  const [, sign = '', lead = '', fraction = '', exponent = '0'] = match;
  const digits = lead + fraction;
  const point = 1 + Number(exponent);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * A number as a person would type it: Excel keeps 15 significant digits, so rounding there
 * drops binary noise (0.1 + 0.2 is "0.3"), and no exponent (1e21 is written out).
 */
export function plainNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return expandExponent(String(Number(value.toPrecision(15))));
}

/** yyyy-mm-dd for a date cell; the time too when it is not midnight. */
export function isoDateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

/**
 * A date-styled number below 1 is a time of day with no date (a cell formatted h:mm): the text
 * Excel shows, "12:30" or "07:05:09". As a date it read as 30 December 1899 (the serial's day 0).
 */
export function timeOfDayText(fraction: number): string {
  const seconds = Math.min(Math.round(fraction * 86_400), 86_399);
  const two = (value: number) => String(value).padStart(2, '0');
  const clock = `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}`;
  return seconds % 60 === 0 ? clock : `${clock}:${two(seconds % 60)}`;
}

/** Days from Excel's day 0 to 1970-01-01, in the 1900 and 1904 date systems. */
const UNIX_EPOCH_SERIAL = 25_569;
const DAYS_1904_OFFSET = 1_462;

/** The date a serial number stands for (as exceljs and Excel read it, to the millisecond). */
export function excelSerialDate(serial: number, date1904: boolean): Date {
  const days = serial - UNIX_EPOCH_SERIAL + (date1904 ? DAYS_1904_OFFSET : 0);
  return new Date(Math.round(days * 86_400_000));
}

/**
 * Built-in number formats that show a date or time: 14-22 and 45-47 everywhere, 27-36 and 50-58
 * in the East Asian locales that define them (ECMA-376 part 1, 18.8.30).
 */
const BUILT_IN_DATE_FORMATS: ReadonlySet<number> = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** Quoted text, [colour]/[$-locale]/[h] brackets, \x escapes and _x/*x spacing: none of them is a date part. */
const NOT_FORMAT_CODES = /"[^"]*"|\[[^\]]*\]|\\.|[_*]./gu;
const DATE_CODES = /[dmyhsb]/iu;

/** Whether a number format shows the number as a date or time. */
export function isDateFormat(numFmtId: number, formatCode: string | undefined): boolean {
  if (formatCode === undefined) return BUILT_IN_DATE_FORMATS.has(numFmtId);
  return DATE_CODES.test(formatCode.replace(NOT_FORMAT_CODES, ''));
}
