/**
 * Whether a pattern has two open-ended repetitions that can share the same characters, which is
 * what makes a backtracking engine's cost a power of the text's length: `a*a*b` tries every way
 * of splitting a run of a's between its two stars, `.*foo.*bar` every foo for every start. Two
 * repetitions of disjoint characters (`\s*\d+ g$`), or with a required character between them
 * that the first cannot take (`\d+-\d+`), split a text one way only. Characters are judged by
 * five coarse kinds (digits, letters, spaces, '_', the rest), which can only over-count a sharing.
 */

const DIGIT = 1;
const LETTER = 2;
const SPACE = 4;
const OTHER = 8;
/** Apart from the other punctuation: \w takes it, so "\w+@\w+" must not look like "\w+\w+". */
const UNDERSCORE = 16;
const ANY = DIGIT | LETTER | SPACE | OTHER | UNDERSCORE;

/** Wider bounded ranges count as open-ended: a{1,1000} backtracks like a*. */
export const WIDE_RANGE = 20;

type Repeat = 'once' | 'optional' | 'open';

interface Atom {
  kinds: number;
  repeat: Repeat;
}

function kindOf(character: string): number {
  if (/\p{Nd}/u.test(character)) return DIGIT;
  if (/[\p{L}\p{M}]/u.test(character)) return LETTER;
  if (/\s/u.test(character)) return SPACE;
  return character === '_' ? UNDERSCORE : OTHER;
}

/** Kinds of the escape whose letter is at `index` (after the backslash), and where it ends; 0 for \b, \B. */
function escapeAt(pattern: string, index: number): { kinds: number; end: number } {
  const letter = pattern[index] ?? '';
  const simple: Record<string, number> = {
    d: DIGIT,
    D: LETTER | SPACE | OTHER | UNDERSCORE,
    w: DIGIT | LETTER | UNDERSCORE,
    // \W still takes letters beyond ASCII (é), which \w does not.
    W: LETTER | SPACE | OTHER,
    s: SPACE,
    S: DIGIT | LETTER | OTHER | UNDERSCORE,
    n: SPACE,
    r: SPACE,
    t: SPACE,
    f: SPACE,
    v: SPACE,
    b: 0,
    B: 0,
  };
  if (Object.hasOwn(simple, letter)) return { kinds: simple[letter] ?? ANY, end: index + 1 };
  // \p{...}, \u{...}: whatever they name, counted as anything.
  if ((letter === 'p' || letter === 'P' || letter === 'u') && pattern[index + 1] === '{') {
    return { kinds: ANY, end: pattern.indexOf('}', index) + 1 };
  }
  if (letter === 'u') return { kinds: ANY, end: index + 5 };
  if (letter === 'x') return { kinds: ANY, end: index + 3 };
  if (letter === 'c') return { kinds: ANY, end: index + 2 };
  return { kinds: kindOf(letter), end: index + 1 };
}

/** Kinds of the class opening at `index` ('['), and the index after its ']'. */
function classAt(pattern: string, index: number): { kinds: number; end: number } {
  let at = index + 1;
  const negated = pattern[at] === '^';
  if (negated) at++;
  let kinds = 0;
  let previous = 0;
  for (; at < pattern.length && pattern[at] !== ']'; at++) {
    if (pattern[at] === '\\') {
      const escaped = escapeAt(pattern, at + 1);
      previous = escaped.kinds;
      kinds |= previous;
      at = escaped.end - 1;
    } else if (pattern[at] === '-' && previous !== 0 && pattern[at + 1] !== ']') {
      // A range: its two ends' kinds, or anything when they differ (a range across kinds).
      const last = kindOf(pattern[at + 1] ?? '');
      kinds |= last === previous ? last : ANY;
      at++;
    } else {
      previous = kindOf(pattern[at] ?? '');
      kinds |= previous;
    }
  }
  return { kinds: negated ? ANY : kinds, end: at + 1 };
}

/** The quantifier at `index`, if any, and the index after it (a lazy '?' included). */
function quantifierAt(pattern: string, index: number): { repeat: Repeat; end: number } {
  const character = pattern[index];
  let repeat: Repeat = 'once';
  let end = index;
  if (character === '*' || character === '+') {
    repeat = 'open';
    end = index + 1;
  } else if (character === '?') {
    repeat = 'optional';
    end = index + 1;
  } else if (character === '{') {
    const range = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index));
    if (range !== null) {
      const low = Number(range[1]);
      const open = range[2] !== undefined && (range[3] === '' || Number(range[3]) - low > WIDE_RANGE);
      repeat = open ? 'open' : low === 0 ? 'optional' : 'once';
      end = index + range[0].length;
    }
  }
  if (end > index && pattern[end] === '?') end++;
  return { repeat, end };
}

/** The pattern as a flat run of atoms; a group repeated without a limit becomes one atom. */
function atomsOf(pattern: string): Atom[] {
  const atoms: Atom[] = [];
  const groups: number[] = [];
  let index = 0;
  while (index < pattern.length) {
    const character = pattern[index] ?? '';
    let kinds: number | null = null;
    let end = index + 1;
    if (character === '\\') {
      const escaped = escapeAt(pattern, index + 1);
      kinds = escaped.kinds === 0 ? null : escaped.kinds;
      end = escaped.end;
    } else if (character === '[') {
      ({ kinds, end } = classAt(pattern, index));
    } else if (character === '(') {
      groups.push(atoms.length);
      // (?:, (?=, (?!, (?<=, (?<!, (?<name>: the group's syntax, not atoms.
      if (pattern[index + 1] === '?') {
        const name = /^\(\?(?:[:=!]|<[=!]|<[^>]*>)/u.exec(pattern.slice(index));
        end = index + (name?.[0].length ?? 2);
      }
      index = end;
      continue;
    } else if (character === ')') {
      const start = groups.pop() ?? 0;
      const quantifier = quantifierAt(pattern, index + 1);
      const inner = atoms.splice(start);
      if (quantifier.repeat === 'open') {
        atoms.push({ kinds: inner.reduce((all, atom) => all | atom.kinds, 0) || ANY, repeat: 'open' });
      } else {
        const repeat = quantifier.repeat;
        for (const atom of inner) atoms.push(repeat === 'optional' ? { ...atom, repeat: 'optional' } : atom);
      }
      index = quantifier.end;
      continue;
    } else if (character === '|' || character === '^' || character === '$') {
      index += 1;
      continue;
    } else {
      kinds = character === '.' ? ANY : kindOf(character);
    }
    const quantifier = quantifierAt(pattern, end);
    if (kinds !== null) atoms.push({ kinds, repeat: quantifier.repeat });
    index = quantifier.end;
  }
  return atoms;
}

/** True when two open-ended repetitions of the pattern can split the same run of characters. */
export function compoundingRepetitions(pattern: string): boolean {
  const atoms = atomsOf(pattern);
  for (let first = 0; first < atoms.length; first++) {
    const reach = atoms[first];
    if (reach?.repeat !== 'open') continue;
    for (let next = first + 1; next < atoms.length; next++) {
      const atom = atoms[next];
      if (atom === undefined) break;
      const shared = (atom.kinds & reach.kinds) !== 0;
      if (atom.repeat === 'open' && shared) return true;
      // A required character the first repetition cannot take ends its reach.
      if (atom.repeat === 'once' && !shared) break;
    }
  }
  return false;
}
