import type { Channel, ChannelIssue } from '../core/channels/contract.ts';
import { transformOffering } from '../core/channels/transform-offering.ts';
import type { FxRates } from '../core/money.ts';
import { applyFeedRules, type FieldChange, type RuleOutcome } from '../core/rules/apply-rules.ts';
import type { FeedRules } from '../core/rules/rule-schema.ts';
import type { ChannelEvaluation, EvaluateForChannel } from '../core/sync/process-sync-task.ts';
import type { FeedRenderer } from '../core/sync/scheduled-sync.ts';
import type { QuotedValue, SyncReason } from '../core/sync/sync-records.ts';

/** A producer's feed rules, as its profile holds them; undefined when it has none. */
export type RulesFor = (producerId: string) => FeedRules | undefined;

/**
 * What a rule did instead of a transform: the item left the channel (RULE_EXCLUDED), or the rules
 * made a product the model refuses (RULE_VALUE_INVALID) or a stored pattern cannot run (RULE_PATTERN_*). Null when the transform should run.
 */
function ruleRefusal(channelId: string, outcome: RuleOutcome): SyncReason | null {
  if (outcome.kind === 'excluded') {
    return {
      code: 'RULE_EXCLUDED',
      field: `rules.${channelId}.${outcome.rule}`,
      message: `feed rule ${outcome.rule} of ${channelId} excludes this item`,
      rules: [outcome.rule],
    };
  }
  if (outcome.kind === 'invalid') {
    return {
      code: outcome.code,
      field: `rules.${channelId}.${outcome.rule}`,
      message: outcome.message,
      rules: [outcome.rule],
    };
  }
  return null;
}

/** Values quoted in a RULE_APPLIED warning: enough to recognise, bounded so a state stays small. */
const QUOTED_VALUE_MAX_CHARS = 200;

const cut = (text: string): string =>
  text.length > QUOTED_VALUE_MAX_CHARS ? `${text.slice(0, QUOTED_VALUE_MAX_CHARS)}…` : text;

function quoted(value: unknown): string {
  return value === undefined ? '(none)' : cut(JSON.stringify(value));
}

/** Rule fields hold text, whole numbers or enum words (rule-fields.ts); anything else is quoted as JSON. */
function quotedValue(value: unknown): QuotedValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return value;
  return cut(typeof value === 'string' ? value : JSON.stringify(value));
}

/** What a rule changed, as the sync status shows it per item: the field, before and after. */
function ruleApplied(change: FieldChange): SyncReason {
  return {
    code: 'RULE_APPLIED',
    field: change.field,
    message: `feed rule ${change.rules.join(', ')}: ${quoted(change.before)} -> ${quoted(change.after)}`,
    rules: change.rules,
    before: quotedValue(change.before),
    after: quotedValue(change.after),
  };
}

/** A channel's findings, split the way a sync state keeps them. */
function reasonsOf(
  issues: readonly ChannelIssue[],
  warnings: SyncReason[] = [],
): Omit<ChannelEvaluation, 'item'> {
  const errors: SyncReason[] = [];
  for (const issue of issues) {
    const reason = { code: issue.code, field: issue.field, message: issue.message };
    (issue.severity === 'error' ? errors : warnings).push(reason);
  }
  return { errors, warnings };
}

/**
 * Channel plug-ins as the sync use cases see them: evaluation for the worker, rendering for feeds.
 * The producer's feed rules for the channel run first, on the canonical product (docs/feed-rules.md);
 * a tour goes to its channel as it is, with `today` (the Rwanda date of the run, read from the
 * clock by the caller) deciding which departures are past.
 */
export function channelEvaluator(
  channels: readonly Channel[],
  fx: FxRates,
  rulesFor: RulesFor = () => undefined,
  options: { today?: string } = {},
): EvaluateForChannel {
  const byId = new Map(channels.map((channel) => [channel.id, channel]));
  return (channelId, offering) => {
    const channel = byId.get(channelId);
    if (!channel) {
      return {
        item: null,
        errors: [{ code: 'CHANNEL_UNKNOWN', field: null, message: `channel ${channelId} is not enabled` }],
        warnings: [],
      };
    }
    const context = options.today === undefined ? { fx } : { fx, today: options.today };
    if (offering.kind === 'tour') {
      const { item, issues } = transformOffering(channel, offering, context);
      return { item, ...reasonsOf(issues) };
    }
    const { product } = offering;
    const outcome = applyFeedRules(product, rulesFor(product.producerId)?.[channelId]);
    const refusal = ruleRefusal(channelId, outcome);
    if (refusal !== null) return { item: null, errors: [refusal], warnings: [] };
    const ruled = outcome.kind === 'changed' ? outcome.product : product;
    const { item, issues } = transformOffering(channel, { kind: 'product', product: ruled }, context);
    return { item, ...reasonsOf(issues, outcome.kind === 'changed' ? outcome.changes.map(ruleApplied) : []) };
  };
}

export function feedRendererFor(channel: Channel, prefix: string): FeedRenderer {
  return {
    channel: channel.id,
    takes: channel.takes,
    contentType: channel.contentType,
    ...(channel.documentTargets === undefined ? {} : { targets: channel.documentTargets }),
    documentPath: (producerId, target) => `${prefix}${channel.documentPath(producerId, target)}`,
    render: async (producerId, items, write, meta) => {
      await channel.render(producerId, items, write, {
        generatedAt: meta.generatedAt,
        ...(meta.target === undefined ? {} : { target: meta.target }),
      });
    },
  };
}
