import * as z from 'zod';

/**
 * Feed rules as a producer writes them in the profile:
 * `"rules": { "<channel>": [ { "if": [conditions], "then": [actions] } ] }`. This schema checks the
 * shape only; whether a field exists, a value fits it and a pattern is safe is checkFeedRules'.
 */
export const RULE_LIMITS = {
  rulesPerChannel: 200,
  conditionsPerRule: 20,
  actionsPerRule: 20,
  mapEntries: 1000,
} as const;

const fieldPath = z.string().min(1).max(120);
const scalar = z.union([z.string().max(5000), z.number().finite()]);

export const RULE_OPS = ['equals', 'contains', 'startsWith', 'matches', 'lt', 'gt', 'in', 'isEmpty'] as const;

export const ruleConditionSchema = z
  .object({
    field: fieldPath,
    op: z.enum(RULE_OPS),
    value: z.union([scalar, z.array(scalar).max(1000)]).optional(),
    /** For contains, startsWith, equals on text and matches: compare without regard to case. */
    ignoreCase: z.boolean().optional(),
  })
  .strict();

export const ruleActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('exclude') }).strict(),
  z.object({ action: z.literal('set'), field: fieldPath, value: scalar }).strict(),
  z.object({ action: z.literal('prepend'), field: fieldPath, value: z.string().max(5000) }).strict(),
  z.object({ action: z.literal('append'), field: fieldPath, value: z.string().max(5000) }).strict(),
  z
    .object({
      action: z.literal('replace'),
      field: fieldPath,
      pattern: z.string().min(1).max(1000),
      with: z.string().max(5000),
      ignoreCase: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal('map'),
      field: fieldPath,
      table: z
        .record(z.string().max(500), scalar)
        .refine((table) => Object.keys(table).length <= RULE_LIMITS.mapEntries, {
          message: `at most ${RULE_LIMITS.mapEntries} entries`,
        }),
    })
    .strict(),
]);

export const feedRuleSchema = z
  .object({
    if: z.array(ruleConditionSchema).max(RULE_LIMITS.conditionsPerRule).default([]),
    // biome-ignore lint/suspicious/noThenProperty: "then" is the rule format of issue 17 (an array, so never a thenable)
    then: z.array(ruleActionSchema).min(1).max(RULE_LIMITS.actionsPerRule),
  })
  .strict();

export const feedRulesSchema = z.record(
  z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a channel id, e.g. google-merchant'),
  z.array(feedRuleSchema).max(RULE_LIMITS.rulesPerChannel),
);

export type RuleCondition = z.output<typeof ruleConditionSchema>;
export type RuleAction = z.output<typeof ruleActionSchema>;
export type FeedRule = z.output<typeof feedRuleSchema>;
/** Channel id -> its rules, in the order they apply. */
export type FeedRules = z.output<typeof feedRulesSchema>;
