/**
 * Regular expressions from a producer's profile run on every product of every upload, so one that
 * backtracks exponentially would stall ingest. They are refused when the profile is saved:
 * longer than 200 characters, a backreference, or a repeated group that itself repeats or
 * alternates ((a+)+, (a|ab)*): the shapes behind catastrophic backtracking. Input is also bounded
 * at evaluation (MAX_MATCH_INPUT).
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
    else if (character === '(') stack.push({ repeats: false, alternates: false });
    else if (character === '|') {
      const top = stack[stack.length - 1];
      if (top !== undefined) top.alternates = true;
    } else if (character === ')') {
      const group = stack.pop();
      const repeated = repeatsAt(pattern, index + 1);
      if (group !== undefined && repeated && (group.repeats || group.alternates)) return true;
      const parent = stack[stack.length - 1];
      if (parent !== undefined && (repeated || group?.repeats)) parent.repeats = true;
    } else if (repeatsAt(pattern, index)) {
      const top = stack[stack.length - 1];
      if (top !== undefined) top.repeats = true;
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
      message: 'a repeated group that repeats or alternates inside, such as (a+)+ or (a|ab)*, can run away',
    };
  }
  return { ok: true, regex };
}
