import { compoundingRepetitions } from './pattern-atoms.ts';

/**
 * Regular expressions from a producer's profile run on every product of every upload, and V8's
 * engine backtracks, so a pattern's cost on a long description can be exponential, or a high
 * power of its length: `a*a*a*a*a*a*a*b` never finished on 5,000 characters, `a*a*b` takes
 * 0.4 s on 1,000 and a minute on 5,000, and the sync (or a local serve, for everyone) stalls
 * with it. They are refused when the profile is saved: longer than 200 characters, a
 * backreference, a repeated group that itself repeats, alternates or holds an optional part
 * ((a+)+, (a|ab)*, (a?){25}), or two open-ended repetitions that can take the same characters
 * (pattern-atoms.ts). What is left costs at most about the square of the input, which is bounded
 * at evaluation (MAX_MATCH_INPUT): some 60 ms for 5,000 characters at worst.
 */
export const MAX_PATTERN_LENGTH = 200;
/** Characters of a field a pattern is run on; beyond this the text is not matched (model fields are shorter). */
export const MAX_MATCH_INPUT = 5000;

export type PatternCheck =
  | { ok: true; regex: RegExp }
  | { ok: false; code: 'RULE_PATTERN_INVALID' | 'RULE_PATTERN_UNSAFE'; message: string };

const BACKREFERENCE = /\\[1-9]|\\k</;

/** True when the character at `index` starts a quantifier that can repeat (*, +, {n,}, {n,m} with m > 1). */
function repeatsAt(pattern: string, index: number): boolean {
  const character = pattern[index];
  if (character === '*' || character === '+') return true;
  if (character !== '{') return false;
  const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index));
  if (match === null) return false;
  if (match[2] === undefined) return Number(match[1]) > 1;
  return match[3] === '' || Number(match[3]) > 1;
}

interface Group {
  repeats: boolean;
  alternates: boolean;
  /** Holds a part that may be absent (a?, (ab)?): repeated, the engine tries every way to skip it. */
  optional: boolean;
}

/** True when the '?' at `index` makes the atom before it optional (not lazy, not a group's "(?"). */
function optionalAt(pattern: string, index: number): boolean {
  if (pattern[index] !== '?') return false;
  const before = pattern[index - 1];
  if (before === undefined || before === '(' || before === '*' || before === '+' || before === '?')
    return false;
  // "a{2,3}?" is a lazy range; a '}' closes a quantifier here (a lone '}' is refused with the u flag).
  return before !== '}' || pattern[index - 2] === '\\';
}

/** A repeated group holding a repetition or an alternation; character classes and escapes are skipped. */
function nestedRepetition(pattern: string): boolean {
  const stack: Group[] = [];
  let inClass = false;
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index];
    if (character === '\\') {
      index++;
      if (repeatsAt(pattern, index + 1)) {
        const top = stack[stack.length - 1];
        if (top !== undefined) top.repeats = true;
      }
      continue;
    }
    if (inClass) {
      if (character === ']') {
        inClass = false;
        if (repeatsAt(pattern, index + 1)) {
          const top = stack[stack.length - 1];
          if (top !== undefined) top.repeats = true;
        }
      }
      continue;
    }
    if (character === '[') inClass = true;
    else if (character === '(') stack.push({ repeats: false, alternates: false, optional: false });
    else if (character === '|') {
      const top = stack[stack.length - 1];
      if (top !== undefined) top.alternates = true;
    } else if (character === ')') {
      const group = stack.pop();
      const repeated = repeatsAt(pattern, index + 1);
      if (group !== undefined && repeated && (group.repeats || group.alternates || group.optional))
        return true;
      const parent = stack[stack.length - 1];
      if (parent !== undefined && (repeated || group?.repeats)) parent.repeats = true;
      if (parent !== undefined && (optionalAt(pattern, index + 1) || group?.optional)) parent.optional = true;
    } else if (repeatsAt(pattern, index)) {
      const top = stack[stack.length - 1];
      if (top !== undefined) top.repeats = true;
    } else if (optionalAt(pattern, index)) {
      const top = stack[stack.length - 1];
      if (top !== undefined) top.optional = true;
    }
  }
  return false;
}

export function checkPattern(pattern: string, ignoreCase = false): PatternCheck {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return {
      ok: false,
      code: 'RULE_PATTERN_UNSAFE',
      message: `the pattern has ${pattern.length} characters; at most ${MAX_PATTERN_LENGTH} are accepted`,
    };
  }
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, ignoreCase ? 'iu' : 'u');
  } catch (error) {
    return {
      ok: false,
      code: 'RULE_PATTERN_INVALID',
      message: `not a regular expression: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (BACKREFERENCE.test(pattern)) {
    return {
      ok: false,
      code: 'RULE_PATTERN_UNSAFE',
      message: 'backreferences (\\1, \\k<name>) are not accepted',
    };
  }
  if (nestedRepetition(pattern)) {
    return {
      ok: false,
      code: 'RULE_PATTERN_UNSAFE',
      message:
        'a repeated group that repeats, alternates or has an optional part inside, such as (a+)+, (a|ab)* or (a?){5}, can run away',
    };
  }
  if (compoundingRepetitions(pattern)) {
    return {
      ok: false,
      code: 'RULE_PATTERN_UNSAFE',
      message:
        'two repetitions without a limit (*, +, {n,}) can take the same characters, which on a long text can take minutes: keep one (a match may be anywhere, so "premium" does what ".*premium.*" does)',
    };
  }
  return { ok: true, regex };
}
