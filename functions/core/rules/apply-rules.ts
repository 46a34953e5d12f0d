import { type Product, productSchema } from '../catalogue/model.ts';
import { readPath, writePath } from './rule-fields.ts';
import type { FeedRule, RuleAction, RuleCondition } from './rule-schema.ts';
import { checkPattern, MAX_MATCH_INPUT } from './safe-pattern.ts';

/** What rules did to one field: its value before the first rule touched it and after the last. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
  /** The rules (indexes in the channel's list) that changed it, in order. */
  rules: number[];
}

export type RuleOutcome =
  | { kind: 'unchanged'; product: Product }
  | { kind: 'changed'; product: Product; changes: FieldChange[] }
  /** The item leaves the channel. */
  | { kind: 'excluded'; rule: number; changes: FieldChange[] }
  /**
   * The rules made a product the model refuses (a name over 200 characters): RULE_VALUE_INVALID.
   * Or a stored rule's pattern fails today's save check (a profile saved before the check grew):
   * the rule is not run, and the item is refused with the check's code rather than sent without it.
   */
  | { kind: 'invalid'; rule: number; code: InvalidRuleCode; message: string; changes: FieldChange[] };

export type InvalidRuleCode = 'RULE_VALUE_INVALID' | 'RULE_PATTERN_INVALID' | 'RULE_PATTERN_UNSAFE';

type Test = (value: unknown) => boolean;

function compiledRegex(pattern: string, ignoreCase: boolean | undefined, global: boolean): RegExp {
  const check = checkPattern(pattern, ignoreCase);
  // compileRule ruled these out (refusedPattern); a pattern that reaches here unchecked must not run.
  if (!check.ok) throw new RangeError(`${check.code}: ${check.message}`);
  return new RegExp(check.regex.source, `${check.regex.flags}${global ? 'g' : ''}`);
}

const fold = (value: unknown, ignoreCase: boolean | undefined) =>
  ignoreCase && typeof value === 'string' ? value.toLowerCase() : value;

function conditionTest(condition: RuleCondition): Test {
  const { op, ignoreCase } = condition;
  const expected = condition.value;
  switch (op) {
    case 'isEmpty':
      return (value) => value === undefined || value === null || value === '';
    case 'equals':
      return (value) => value !== undefined && fold(value, ignoreCase) === fold(expected, ignoreCase);
    case 'contains':
      return (value) =>
        typeof value === 'string' &&
        String(fold(value, ignoreCase)).includes(String(fold(expected, ignoreCase)));
    case 'startsWith':
      return (value) =>
        typeof value === 'string' &&
        String(fold(value, ignoreCase)).startsWith(String(fold(expected, ignoreCase)));
    case 'matches': {
      const regex = compiledRegex(String(expected), ignoreCase, false);
      return (value) => typeof value === 'string' && regex.test(value.slice(0, MAX_MATCH_INPUT));
    }
    case 'lt':
      return (value) => typeof value === 'number' && typeof expected === 'number' && value < expected;
    case 'gt':
      return (value) => typeof value === 'number' && typeof expected === 'number' && value > expected;
    case 'in': {
      const list = new Set((Array.isArray(expected) ? expected : []).map((entry) => fold(entry, ignoreCase)));
      return (value) => value !== undefined && list.has(fold(value, ignoreCase));
    }
  }
}

type Change = (value: unknown) => unknown;

function actionChange(action: Exclude<RuleAction, { action: 'exclude' }>): Change {
  switch (action.action) {
    case 'set':
      return () => action.value;
    case 'prepend':
      return (value) => `${action.value}${typeof value === 'string' ? value : ''}`;
    case 'append':
      return (value) => `${typeof value === 'string' ? value : ''}${action.value}`;
    case 'replace': {
      const regex = compiledRegex(action.pattern, action.ignoreCase, true);
      return (value) =>
        typeof value === 'string' && value.length <= MAX_MATCH_INPUT
          ? value.replace(regex, action.with)
          : value;
    }
    case 'map':
      return (value) =>
        value !== undefined && Object.hasOwn(action.table, String(value))
          ? action.table[String(value)]
          : value;
  }
}

interface CompiledRule {
  conditions: Array<{ field: string; test: Test }>;
  actions: Array<{ exclude: true } | { exclude: false; field: string; change: Change }>;
  /** Set when one of the rule's patterns fails the check: the rule cannot run at all. */
  refused?: { code: 'RULE_PATTERN_INVALID' | 'RULE_PATTERN_UNSAFE'; message: string };
}

/** The first of a rule's patterns that the save check refuses, if any. */
function refusedPattern(rule: FeedRule): CompiledRule['refused'] {
  const patterns = [
    ...rule.if
      .filter((condition) => condition.op === 'matches')
      .map((c) => [String(c.value), c.ignoreCase] as const),
    ...rule.then.flatMap((action) =>
      action.action === 'replace' ? [[action.pattern, action.ignoreCase] as const] : [],
    ),
  ];
  for (const [pattern, ignoreCase] of patterns) {
    const check = checkPattern(pattern, ignoreCase);
    if (!check.ok) return { code: check.code, message: check.message };
  }
  return undefined;
}

function compileRule(rule: FeedRule): CompiledRule {
  const refused = refusedPattern(rule);
  if (refused !== undefined) return { conditions: [], actions: [], refused };
  return {
    conditions: rule.if.map((condition) => ({ field: condition.field, test: conditionTest(condition) })),
    actions: rule.then.map((action) =>
      action.action === 'exclude'
        ? { exclude: true as const }
        : { exclude: false as const, field: action.field, change: actionChange(action) },
    ),
  };
}

const compiledLists = new WeakMap<readonly FeedRule[], CompiledRule[]>();

function compiled(rules: readonly FeedRule[]): CompiledRule[] {
  let list = compiledLists.get(rules);
  if (list === undefined) {
    list = rules.map(compileRule);
    compiledLists.set(rules, list);
  }
  return list;
}

function record(
  changes: Map<string, FieldChange>,
  field: string,
  before: unknown,
  after: unknown,
  rule: number,
) {
  const existing = changes.get(field);
  if (existing === undefined) changes.set(field, { field, before, after, rules: [rule] });
  else {
    existing.after = after;
    if (!existing.rules.includes(rule)) existing.rules.push(rule);
  }
}

/**
 * Applies one channel's rules to a canonical product, in order: each rule whose conditions all
 * hold (on the product as earlier rules left it) runs its actions. Pure and deterministic; the
 * result is checked with the product model again, so a rule can never hand a channel a product
 * the model would refuse.
 */
export function applyFeedRules(product: Product, rules: readonly FeedRule[] | undefined): RuleOutcome {
  if (rules === undefined || rules.length === 0) return { kind: 'unchanged', product };
  let current: Product = product;
  const changes = new Map<string, FieldChange>();
  let lastRule = -1;
  const list = compiled(rules);
  for (let index = 0; index < list.length; index++) {
    const rule = list[index] as CompiledRule;
    if (rule.refused !== undefined) {
      return {
        kind: 'invalid',
        rule: index,
        code: rule.refused.code,
        message: `feed rule ${index} cannot run: ${rule.refused.message}; save the profile again with a pattern the check accepts`,
        changes: [...changes.values()],
      };
    }
    if (!rule.conditions.every(({ field, test }) => test(readPath(current, field)))) continue;
    for (const action of rule.actions) {
      if (action.exclude) return { kind: 'excluded', rule: index, changes: [...changes.values()] };
      const before = readPath(current, action.field);
      const after = action.change(before);
      if (after === before) continue;
      current = writePath(current, action.field, after);
      record(changes, action.field, before, after, index);
      lastRule = index;
    }
  }
  const folded = [...changes.values()].filter((change) => change.before !== change.after);
  if (folded.length === 0) return { kind: 'unchanged', product };
  const checked = productSchema.safeParse(current);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return {
      kind: 'invalid',
      rule: lastRule,
      code: 'RULE_VALUE_INVALID',
      message: `after rule ${lastRule}, ${issue?.path.join('.') || 'the product'}: ${issue?.message ?? 'invalid'}`,
      changes: folded,
    };
  }
  return { kind: 'changed', product: checked.data, changes: folded };
}

/**
 * What rules add to a channel's content hash: nothing when they change nothing (so a profile
 * without rules, or with rules that do not touch a product, leaves its hash as it was), else the
 * outcome itself. Changing a rule changes exactly the hashes of the products whose output changes.
 */
export function ruleEffect(outcome: RuleOutcome): unknown {
  switch (outcome.kind) {
    case 'unchanged':
      return null;
    case 'changed':
      return { changes: outcome.changes.map(({ field, after }) => ({ field, after })) };
    case 'excluded':
      return { excluded: outcome.rule };
    case 'invalid':
      return { invalid: outcome.rule, message: outcome.message };
  }
}
