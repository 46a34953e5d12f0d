import type { SyncStateStore } from './ports.ts';
import { type RuleEffectName, ruleEffectOf } from './rule-effect.ts';
import type { SyncReason, SyncStateName } from './sync-records.ts';

/** GET .../channels/{channel}/items/{sku}: one product as one channel has it. */
export interface ChannelItem {
  producerId: string;
  sku: string;
  channel: string;
  state: SyncStateName;
  action: 'upsert' | 'delist';
  reasons: SyncReason[];
  warnings: SyncReason[];
  updatedAt: string;
  /** The catalogue whose upload this state follows. */
  catalogueId: string;
  /**
   * The channel's own record as last published (SYNCED: exactly what the feed documents carry);
   * null for an item the channel refused, one still on its way, or one delisted.
   */
  item: Record<string, unknown> | null;
  /** Set once the scheduled sync stopped re-queueing it: an upload that changes it retries. */
  parkedAt?: string;
  /** Present when the producer's feed rules changed, excluded or invalidated the item (reasons and warnings say how). */
  ruleEffect?: RuleEffectName;
}

export class ItemNotFoundError extends Error {
  override readonly name = 'ItemNotFoundError';
  readonly code = 'ITEM_NOT_FOUND';
}

export async function getChannelItem(
  producerId: string,
  channel: string,
  sku: string,
  states: Pick<SyncStateStore, 'getStates'>,
): Promise<ChannelItem> {
  const [state] = await states.getStates(producerId, channel, [sku]);
  if (!state) {
    throw new ItemNotFoundError(`${producerId} has no item ${sku} on ${channel}`);
  }
  const ruleEffect = ruleEffectOf(state);
  const item =
    state.state === 'SYNCED' && state.item !== null && typeof state.item === 'object'
      ? (state.item as Record<string, unknown>)
      : null;
  return {
    producerId,
    sku: state.sku,
    channel: state.channel,
    state: state.state,
    action: state.action,
    reasons: state.reasons,
    warnings: state.warnings,
    updatedAt: state.updatedAt,
    catalogueId: state.catalogueId,
    item,
    ...(state.parkedAt ? { parkedAt: state.parkedAt } : {}),
    ...(ruleEffect === null ? {} : { ruleEffect }),
  };
}
