/**
 * Matching text written by people in three languages and two scripts: "Désignation",
 * "designation", "DESIGNATION " and "Désignation (FR)" must all find the same alias, and
 * "Poids net (kg)" must still tell the caller the column is in kilograms.
 */

export interface NormalisedKey {
  /** Lower-case letters and digits only, accents removed: the thing to look up. */
  key: string;
  /**
   * What was inside a trailing "(…)" or "[…]", lower-cased and accent-free but otherwise as
   * written ("kg", "°c", "rwf", "fr", "jours"), or null when there was none. The caller decides
   * what it means: a unit, a currency or a language.
   */
  unit: string | null;
}

// Compiled once: this runs for every vocabulary cell of every row.
const TRAILING_BRACKET = /[([]([^()[\]]*)[)\]]\s*$/u;
const COMBINING_MARKS = /\p{M}/gu;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]/gu;
const SPACES = /\s+/gu;
// Letters NFKD leaves whole but that people type either way ("bœuf" / "boeuf").
const LIGATURES = /[œæßø]/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the range is all of ASCII
const ASCII_ONLY = /^[\u0000-\u007f]*$/u;
const LIGATURE_MAP: Readonly<Record<string, string>> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o' };

/** Lower-cased, compatibility-decomposed, accent-free text, with spacing and punctuation kept. */
export function foldText(raw: string): string {
  // Most cells are plain ASCII, which NFKD leaves as it is and which holds no combining mark nor
  // ligature: lower-casing is the whole fold (foldText was the preview's largest self time).
  if (ASCII_ONLY.test(raw)) return raw.toLowerCase();
  // NFKD rather than NFD: Chinese-locale Excel writes full-width brackets "（kg）", and "℃" must
  // become "°c"; compatibility decomposition folds those while still splitting off accents.
  let text = raw.normalize('NFKD').toLowerCase().replace(COMBINING_MARKS, '');
  if (LIGATURES.test(text)) text = text.replace(/[œæßø]/gu, (letter) => LIGATURE_MAP[letter] ?? letter);
  return text;
}

/**
 * Normalises a header, JSON/XML key or vocabulary value for matching: lower-case, accents
 * removed, a trailing "(unit)" or "[unit]" split off into `unit`, then everything that is not a
 * letter or digit dropped. A bracket is only split off when something precedes it, so a bare
 * "(RWF)" still normalises to "rwf".
 */
export function normaliseKey(raw: string): NormalisedKey {
  const text = foldText(raw);
  const bracket = TRAILING_BRACKET.exec(text);
  if (bracket !== null) {
    const head = text.slice(0, bracket.index).replace(NOT_LETTER_OR_DIGIT, '');
    if (head !== '') {
      const unit = (bracket[1] ?? '').trim().replace(SPACES, ' ');
      return { key: head, unit: unit === '' ? null : unit };
    }
  }
  return { key: text.replace(NOT_LETTER_OR_DIGIT, ''), unit: null };
}

/**
 * Builds a normalised-alias -> value index from a table of aliases, once, at module load.
 * Two values claiming the same normalised alias is a bug in the table, so it throws rather
 * than letting the later entry win silently.
 */
export function buildAliasIndex<T extends string>(
  table: { readonly [K in T]: readonly string[] },
): Map<string, T> {
  const index = new Map<string, T>();
  for (const value of Object.keys(table) as T[]) {
    const aliases: readonly string[] = table[value];
    for (const alias of [value, ...aliases]) {
      const { key } = normaliseKey(alias);
      if (key === '') continue;
      const existing = index.get(key);
      if (existing !== undefined && existing !== value) {
        throw new Error(`alias "${alias}" normalises to "${key}", claimed by both ${existing} and ${value}`);
      }
      index.set(key, value);
    }
  }
  return index;
}

/**
 * A lookup through an alias index with a bounded memo: catalogues repeat the same few values
 * ("café vert", "sac", "RWF") on every row, and normalising is the expensive part.
 */
export function memoisedLookup<T>(resolve: (raw: string) => T): (raw: string) => T {
  const memo = new Map<string, { value: T }>();
  return (raw: string): T => {
    const cached = memo.get(raw);
    if (cached !== undefined) return cached.value;
    const value = resolve(raw);
    // A bound keeps a hostile file of a million distinct values from growing the memo forever.
    if (memo.size >= 4096) memo.clear();
    memo.set(raw, { value });
    return value;
  };
}
