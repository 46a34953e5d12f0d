import { type RuleField, ruleField } from './rule-fields.ts';
import type { FeedRule, FeedRules, RuleAction, RuleCondition } from './rule-schema.ts';
import { checkPattern } from './safe-pattern.ts';

export const RULE_CODES = [
  'RULE_CHANNEL_UNKNOWN',
  'RULE_FIELD_UNKNOWN',
  'RULE_FIELD_READ_ONLY',
  'RULE_OP_INVALID',
  'RULE_PATTERN_INVALID',
  'RULE_PATTERN_UNSAFE',
  'RULE_VALUE_INVALID',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

/** One refused rule: its channel and index (as written, from 0), where in it, and why. */
export interface RuleProblem {
  channel: string;
  index: number;
  /** "rules.google-merchant.2.if.0.field" */
  path: string;
  code: RuleCode;
  message: string;
}

type Report = (code: RuleCode, where: string, message: string) => void;

/** Whether a literal fits a field's kind: text takes strings, integer whole numbers, enum its values. */
export function valueFits(field: RuleField, value: unknown): boolean {
  switch (field.kind) {
    case 'text':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'enum':
      return typeof value === 'string' && (field.values ?? []).includes(value);
  }
}

const TEXT_OPS: ReadonlySet<string> = new Set(['contains', 'startsWith', 'matches']);
const ORDER_OPS: ReadonlySet<string> = new Set(['lt', 'gt']);

function checkCondition(condition: RuleCondition, where: string, report: Report): void {
  const field = ruleField(condition.field);
  if (field === undefined) {
    report('RULE_FIELD_UNKNOWN', `${where}.field`, `"${condition.field}" is not a field rules can read`);
    return;
  }
  const { op, value } = condition;
  if (TEXT_OPS.has(op) && field.kind === 'integer') {
    report('RULE_OP_INVALID', `${where}.op`, `${op} compares text; ${condition.field} is a number`);
    return;
  }
  if (ORDER_OPS.has(op) && field.kind !== 'integer') {
    report('RULE_OP_INVALID', `${where}.op`, `${op} compares numbers; ${condition.field} is text`);
    return;
  }
  if (op === 'isEmpty') {
    if (value !== undefined) report('RULE_VALUE_INVALID', `${where}.value`, 'isEmpty takes no value');
    return;
  }
  if (op === 'in') {
    if (!Array.isArray(value) || !value.every((entry) => valueFits(field, entry))) {
      report(
        'RULE_VALUE_INVALID',
        `${where}.value`,
        `in takes a list of values of ${condition.field}'s kind`,
      );
    }
    return;
  }
  if (op === 'matches') {
    if (typeof value !== 'string') {
      report('RULE_VALUE_INVALID', `${where}.value`, 'matches takes a regular expression as text');
      return;
    }
    const pattern = checkPattern(value, condition.ignoreCase);
    if (!pattern.ok) report(pattern.code, `${where}.value`, pattern.message);
    return;
  }
  // contains and startsWith on an enum compare its text, so any string will do there.
  const fits = TEXT_OPS.has(op) ? typeof value === 'string' : valueFits(field, value);
  if (!fits) {
    report(
      'RULE_VALUE_INVALID',
      `${where}.value`,
      `${JSON.stringify(value)} is not a value ${condition.field} can hold`,
    );
  }
}

function checkAction(action: RuleAction, where: string, report: Report): void {
  if (action.action === 'exclude') return;
  const field = ruleField(action.field);
  if (field === undefined) {
    report('RULE_FIELD_UNKNOWN', `${where}.field`, `"${action.field}" is not a field rules can change`);
    return;
  }
  if (!field.writable) {
    report(
      'RULE_FIELD_READ_ONLY',
      `${where}.field`,
      `${action.field} identifies the product: rules may read it, not change it`,
    );
    return;
  }
  const textOnly = action.action === 'prepend' || action.action === 'append' || action.action === 'replace';
  if (textOnly && field.kind !== 'text') {
    report(
      'RULE_OP_INVALID',
      `${where}.action`,
      `${action.action} works on text; ${action.field} is not text`,
    );
    return;
  }
  if (action.action === 'set' && !valueFits(field, action.value)) {
    report(
      'RULE_VALUE_INVALID',
      `${where}.value`,
      `${JSON.stringify(action.value)} is not a value ${action.field} can hold`,
    );
  }
  if (action.action === 'replace') {
    const pattern = checkPattern(action.pattern, action.ignoreCase);
    if (!pattern.ok) report(pattern.code, `${where}.pattern`, pattern.message);
  }
  if (action.action === 'map') {
    for (const [from, to] of Object.entries(action.table)) {
      if (!valueFits(field, to)) {
        report(
          'RULE_VALUE_INVALID',
          `${where}.table.${from}`,
          `${JSON.stringify(to)} is not a value ${action.field} can hold`,
        );
      }
    }
  }
}

/**
 * Everything wrong with a profile's rules, every problem listed with its channel, rule index and
 * code. `channels` are the known channel ids: rules for another are refused (a typo would
 * silently never apply).
 */
export function checkFeedRules(rules: FeedRules, channels: readonly string[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const [channel, list] of Object.entries(rules)) {
    if (!channels.includes(channel)) {
      problems.push({
        channel,
        index: 0,
        path: `rules.${channel}`,
        code: 'RULE_CHANNEL_UNKNOWN',
        message: `no channel ${channel}; known: ${channels.join(', ')}`,
      });
      continue;
    }
    list.forEach((rule: FeedRule, index) => {
      const base = `rules.${channel}.${index}`;
      const report: Report = (code, where, message) =>
        problems.push({
          channel,
          index,
          path: where,
          code,
          message: `rule ${index} of ${channel}: ${message}`,
        });
      rule.if.forEach((condition, at) => {
        checkCondition(condition, `${base}.if.${at}`, report);
      });
      rule.then.forEach((action, at) => {
        checkAction(action, `${base}.then.${at}`, report);
      });
    });
  }
  return problems;
}
