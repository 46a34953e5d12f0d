import type { QuotedValue, RuleEffectName, SyncReason } from '../api/types.ts';

/**
 * What the producer's feed rules did to one item on one channel, read from the reasons and
 * warnings the API sends (docs/api.md, sync-status). Rules are named as the profile holds them,
 * `rules.<channel>.<index>` (the index counts from 0, as in the API's messages and save errors).
 */
export interface FieldRuleChange {
  field: string;
  /** The rules' paths, e.g. ["rules.tmall-global.1"]; empty when an older state did not record them. */
  rules: string[];
  /** Null for absent; undefined when an older state recorded only the message. */
  before?: QuotedValue;
  after?: QuotedValue;
  /** The API's own sentence, for states written before the values were recorded as data. */
  message: string;
}

export interface RuleEffectView {
  effect: RuleEffectName;
  /** The rule that excluded the item or made it invalid (excluded, invalid). */
  rule: string | null;
  /** The reason to show for an invalid item (what the model refused). */
  reason: SyncReason | null;
  changes: FieldRuleChange[];
}

const RULE_CODES: Readonly<Record<string, RuleEffectName>> = {
  RULE_EXCLUDED: 'excluded',
  RULE_VALUE_INVALID: 'invalid',
  // A stored rule whose pattern today's save check refuses: it did not run, the item was refused.
  RULE_PATTERN_INVALID: 'invalid',
  RULE_PATTERN_UNSAFE: 'invalid',
};

/** "rules.<channel>.<index>" for each index; a reason from before `rules` existed may carry it as its field. */
function rulePaths(channel: string, reason: SyncReason): string[] {
  if (reason.rules !== undefined) return reason.rules.map((index) => `rules.${channel}.${index}`);
  return reason.field?.startsWith('rules.') ? [reason.field] : [];
}

/**
 * The item's rule effect, or null when no rule did anything to it. The API's `ruleEffect` decides
 * when present; otherwise the codes do (the same reading as the API's), so an older server works.
 */
export function ruleEffectView(
  channel: string,
  item: { reasons: SyncReason[]; warnings: SyncReason[]; ruleEffect?: RuleEffectName },
): RuleEffectView | null {
  const refusal = item.reasons.find((reason) => RULE_CODES[reason.code] !== undefined) ?? null;
  const changes = item.warnings
    .filter((warning) => warning.code === 'RULE_APPLIED')
    .map(
      (warning): FieldRuleChange => ({
        field: warning.field ?? '',
        rules: rulePaths(channel, warning),
        ...(warning.before === undefined ? {} : { before: warning.before }),
        ...(warning.after === undefined ? {} : { after: warning.after }),
        message: warning.message,
      }),
    );
  const effect =
    item.ruleEffect ?? (refusal ? RULE_CODES[refusal.code] : changes.length > 0 ? 'changed' : undefined);
  if (effect === undefined) return null;
  return {
    effect,
    rule: refusal ? (rulePaths(channel, refusal)[0] ?? null) : null,
    reason: effect === 'invalid' ? refusal : null,
    changes,
  };
}

/** Whether a change recorded its values (states written before the API sent them have only a message). */
export function hasValues(change: FieldRuleChange): boolean {
  return change.before !== undefined && change.after !== undefined;
}

/** The language of a field's text, for `lang` (names.zh-CN is Chinese); undefined when the field holds no one language. */
export function fieldLanguage(field: string): string | undefined {
  const match = /^names\.(en|fr|rw|zh-CN)$/.exec(field);
  return match?.[1];
}

/** A quoted value as text; `empty` stands for an absent one. Numbers as written, not localised: they are data. */
export function quotedValueText(value: QuotedValue | undefined, empty: string): string {
  if (value === null || value === undefined || value === '') return empty;
  return String(value);
}
