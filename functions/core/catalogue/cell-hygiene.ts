/**
 * Checks every text cell before any value is read from it, once, for every reader and every
 * channel. Catalogue text ends up in feeds and reports that people open in Excel, so a cell
 * Excel would run as a formula is refused outright rather than escaped: the producer sees it
 * and fixes the source. Invisible characters are removed instead, with a warning: a stray
 * right-to-left mark pasted with a cooperative's name should not cost the row.
 */
import type { RowErrorCode, WarningCode } from './codes.ts';
import { formulaTrigger } from './spreadsheet-formula.ts';

export interface CellProblem {
  code: Extract<
    RowErrorCode,
    'CELL_FORMULA' | 'CELL_ERROR_VALUE' | 'CELL_CONTROL_CHARACTERS' | 'CELL_TOO_LONG'
  >;
  message: string;
}

export interface CellWarning {
  code: Extract<WarningCode, 'CELL_INVISIBLE_CHARACTERS_REMOVED'>;
  message: string;
}

/** A cell's text ready for reading, with what was removed from it; or why it is refused. */
export type CellVerdict =
  | { ok: true; text: string; warning: CellWarning | null }
  | { ok: false; problem: CellProblem };

/**
 * Characters that show nothing yet change what a reader sees or what a program parses:
 * - format characters (Unicode category Cf) and Unicode's Default_Ignorable_Code_Point set:
 *   bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069, the marks
 *   U+200E, U+200F, U+061C) that reorder text on screen ("Trojan Source"), zero-width spaces
 *   and joiners, a byte order mark inside text (U+FEFF), soft hyphens, tags, fillers;
 * - noncharacters (U+FDD0-U+FDEF and the last two code points of every plane, U+FFFE, U+FFFF...),
 *   which Unicode reserves for a program's internal use and no feed may carry;
 * - lone surrogates, half a character that no UTF-8 feed can encode;
 * - U+2028 and U+2029, line and paragraph separators, which become line feeds.
 * Variation selectors are default-ignorable but kept: they only pick a glyph (an emoji's colour
 * form, a CJK ideograph variant) for the character before them.
 */
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}\p{Cs}\u2028\u2029]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');
const VARIATION_SELECTOR = /^[\u180B-\u180D\u180F\uFE00-\uFE0F\u{E0100}-\u{E01EF}]$/u;
const LINE_SEPARATORS = /^[\u2028\u2029]$/u;

function codePointName(character: string): string {
  return `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text without its invisible characters, and which ones went; null when it had none. */
function stripInvisible(text: string): { text: string; removed: string[] } | null {
  if (!INVISIBLE.test(text)) return null;
  const removed = new Set<string>();
  const stripped = text.replace(INVISIBLE_ALL, (character) => {
    if (VARIATION_SELECTOR.test(character)) return character;
    removed.add(codePointName(character));
    return LINE_SEPARATORS.test(character) ? '\n' : '';
  });
  return removed.size === 0 ? null : { text: stripped, removed: [...removed] };
}

/**
 * The error values spreadsheets show, and write into CSV exports, where a formula failed:
 * Excel's (including its dynamic-array and data-type ones), Google Sheets' #ERROR! and
 * LibreOffice's numbered Err:NNN. The whole cell only: "#N/A" inside a sentence is text.
 */
const SPREADSHEET_ERROR =
  /^\s*(?:#N\/A|#NULL!|#DIV\/0!|#VALUE!|#REF!|#NAME\?|#NUM!|#GETTING_DATA|#SPILL!|#CALC!|#FIELD!|#BLOCKED!|#CONNECT!|#BUSY!|#UNKNOWN!|#EXTERNAL!|#PYTHON!|#ERROR!|Err:\d{3})\s*$/iu;

// Tab, line feed and carriage return are ordinary in multi-line cells; every other C0/C1 control is not.
const CONTROL_CHARACTERS = /[^\P{Cc}\t\n\r]/u;
function excerpt(text: string): string {
  const flat = text.replace(/\p{Cc}/gu, ' ');
  return JSON.stringify(flat.length > 40 ? `${flat.slice(0, 40)}…` : flat);
}

/**
 * One text cell made ready for reading. Order matters: a giant cell is reported as too long
 * without scanning it further, and invisible characters go before the formula check, since a
 * zero-width space in front of "=HYPERLINK(" hides a formula only until it is removed.
 */
export function cleanCell(text: string, maxChars: number): CellVerdict {
  if (text.length > maxChars) return { ok: false, problem: tooLong(text, maxChars) };
  const stripped = stripInvisible(text);
  const clean = stripped === null ? text : stripped.text;
  const problem = checkCell(clean, maxChars);
  if (problem !== null) return { ok: false, problem };
  if (stripped === null) return { ok: true, text: clean, warning: null };
  const shown = stripped.removed.slice(0, 5).join(', ') + (stripped.removed.length > 5 ? ', …' : '');
  return {
    ok: true,
    text: clean,
    warning: {
      code: 'CELL_INVISIBLE_CHARACTERS_REMOVED',
      message: `${excerpt(clean)} had invisible characters (${shown}) that were removed, so no feed carries them; check the text reads as intended.`,
    },
  };
}

function tooLong(text: string, maxChars: number): CellProblem {
  return {
    code: 'CELL_TOO_LONG',
    message: `Cell has ${text.length} characters; at most ${maxChars} are accepted.`,
  };
}

/** The first problem with one text cell (already stripped of invisible characters), or null. */
function checkCell(text: string, maxChars: number): CellProblem | null {
  if (text.length > maxChars) return tooLong(text, maxChars);
  const first = formulaTrigger(text);
  if (first !== null) {
    return {
      code: 'CELL_FORMULA',
      message: `${excerpt(text)} starts with "${first}" and would run as a spreadsheet formula; remove the leading "${first}" or write a plain value.`,
    };
  }
  if (SPREADSHEET_ERROR.test(text)) {
    return {
      code: 'CELL_ERROR_VALUE',
      message: `${excerpt(text.trim())} is a spreadsheet error: the formula that fills this cell failed, so its value is unknown; fix the formula or type the value.`,
    };
  }
  if (CONTROL_CHARACTERS.test(text)) {
    return {
      code: 'CELL_CONTROL_CHARACTERS',
      message: `${excerpt(text)} contains invisible control characters; retype the cell as plain text.`,
    };
  }
  return null;
}
