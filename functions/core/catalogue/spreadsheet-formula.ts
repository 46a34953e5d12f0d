/**
 * Whether a spreadsheet would run a cell as a formula. Excel, LibreOffice and Google Sheets
 * take a cell starting with "=", "+", "-" or "@" (after leading blanks, tabs and CRs) for a
 * formula and evaluate it whenever their formula grammar accepts it; what it does not accept they
 * keep as text. So:
 * - "=" and "@" always start a formula.
 * - After "+" or "-", the cell is a formula when it holds formula syntax (brackets, quotes, "!",
 *   "|", ":", ";", "=", "<", ">", "#", "@"...), when a word stands where an operand goes (right
 *   after the sign or an operator: a function, a reference, a name: "-A1", "+cmd|..."), or
 *   when it is arithmetic: numbers joined by operators (+ - * / ^ &), which the spreadsheet
 *   computes ("-2-3" becomes -5, "-2 - 3" too).
 * - Otherwise it is a value: one signed number ("-18", "+250 788 123 456", "-1,5E+3", "-5%"),
 *   which the spreadsheet reads as that number, or numbers with a unit, a currency or a range
 *   word after them ("-2 - 4 °C", "-18 à -15 °C", "-12,50 €", "-2 to 4"), which no formula can
 *   hold after a number, so the spreadsheet keeps the text. A dash that is not the ASCII
 *   operator ("-2 – 4") joins a range the same way.
 * Judged on the whole text, token by token, rather than by listing accepted shapes: a new
 * shape is a formula unless nothing in it could be evaluated.
 */

/** Spreadsheet operators between operands; anything else ASCII and not alphanumeric is syntax. */
const OPERATORS = new Set(['+', '-', '*', '/', '^', '&']);
const CURRENCY_SYMBOLS = new Set(['$', '€', '¥', '£']);
const CURRENCY_WORDS = new Set(['rwf', 'frw', 'usd', 'eur', 'cny', 'rmb']);
/** Dashes that are not ASCII hyphen-minus: no spreadsheet operator, so they join ranges. */
const RANGE_DASHES = new Set(['−', '–', '—']);
const DEGREE_SIGNS = new Set(['°', 'º', '˚']);
const BLANKS = new Set([' ', '\t', '\n', '\r', '\u00A0', '\u202F', '\u2009']);

const DIGIT = /^\d$/u;
const LETTER = /^\p{L}$/u;
/** Inside a number: digits, thousands and decimal marks, grouping spaces. */
const NUMBER_PART = /^[\d.,\u00A0\u202F ]$/u;

/**
 * Index of the first character that is not whitespace: spreadsheets skip leading blanks, tabs
 * and CRs too. Char codes, not BLANKS: this runs on every cell of every row.
 */
function firstVisible(text: string): number {
  let index = 0;
  for (; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (
      code !== 32 &&
      code !== 9 &&
      code !== 10 &&
      code !== 13 &&
      code !== 0xa0 &&
      code !== 0x202f &&
      code !== 0x2009
    )
      break;
  }
  return index;
}

type Token = 'number' | 'operator' | 'currency' | 'word' | 'range' | 'syntax';

/** The text after the leading sign as tokens; whitespace between them carries no meaning. */
function tokensOf(text: string): Token[] {
  const tokens: Token[] = [];
  const characters = [...text];
  let index = 0;
  while (index < characters.length) {
    const character = characters[index] as string;
    if (BLANKS.has(character)) {
      index += 1;
    } else if (DIGIT.test(character)) {
      index += 1;
      while (index < characters.length && NUMBER_PART.test(characters[index] as string)) index += 1;
      const exponent = /^[eE]([+-]?)\d/u.exec(characters.slice(index, index + 3).join(''));
      if (exponent !== null) {
        index += 1 + (exponent[1] === '' ? 0 : 1);
        while (index < characters.length && DIGIT.test(characters[index] as string)) index += 1;
      }
      if (characters[index] === '%') index += 1;
      tokens.push('number');
    } else if (OPERATORS.has(character)) {
      index += 1;
      tokens.push('operator');
    } else if (CURRENCY_SYMBOLS.has(character)) {
      index += 1;
      tokens.push('currency');
    } else if (RANGE_DASHES.has(character)) {
      index += 1;
      tokens.push('range');
    } else if (LETTER.test(character) || DEGREE_SIGNS.has(character)) {
      let word = '';
      while (
        index < characters.length &&
        (LETTER.test(characters[index] as string) || DEGREE_SIGNS.has(characters[index] as string))
      ) {
        word += characters[index];
        index += 1;
      }
      // "kg." and "°C" are units; "US$" and "RWF" are currencies.
      if (characters[index] === '.') index += 1;
      const lower = word.toLowerCase();
      if (lower === 'us' && characters[index] === '$') index += 1;
      tokens.push(CURRENCY_WORDS.has(lower) || lower === 'us' ? 'currency' : 'word');
    } else {
      index += 1;
      tokens.push('syntax');
    }
  }
  return tokens;
}

/** True when a cell starting with "+" or "-" would be evaluated (see the rule above). */
function signedTextIsFormula(afterSign: string): boolean {
  const tokens = tokensOf(afterSign);
  if (tokens.includes('syntax')) return true;
  let operandExpected = true;
  let numbers = 0;
  let operators = 0;
  let plainValueMarks = 0;
  for (const token of tokens) {
    if (token === 'word' && operandExpected) return true;
    if (token === 'number') numbers += 1;
    else if (token === 'operator') operators += 1;
    else plainValueMarks += 1;
    // A currency may stand before its number ("-$5", "-RWF 500"): the operand is still to come.
    operandExpected = token === 'operator' || (token === 'currency' && operandExpected);
  }
  // Units, currencies and range words: no formula holds them after a number; the text stays.
  if (plainValueMarks > 0) return false;
  // Arithmetic: more than the one signed number the spreadsheet would merely read.
  return numbers > 1 || (numbers === 1 && operators > 0);
}

/** The character that makes `text` a formula ("=", "@", "+" or "-"), or null when it is none. */
export function formulaTrigger(text: string): string | null {
  const lead = firstVisible(text);
  const first = text.charAt(lead);
  if (first === '=' || first === '@') return first;
  if ((first === '+' || first === '-') && signedTextIsFormula(text.slice(lead + 1))) return first;
  return null;
}
