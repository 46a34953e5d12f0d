import type { Offering, OfferingKind } from '../catalogue/offering.ts';
import { channelIdsTaking } from '../channels/channel-kinds.ts';
import type { CatalogueDiff } from './catalogue-diff.ts';
import type { ProductRecord, SyncStateRecord, SyncTask } from './sync-records.ts';

/** An offering as an upload read it, with the hash it is diffed by. */
export interface HashedOffering {
  offering: Offering;
  hash: string;
}

export interface WriteContext {
  producerId: string;
  catalogueId: string;
  seq: number;
  receivedAt: string;
  /** The kind of offering the file held: its records, and the only channels its tasks go to. */
  kind: OfferingKind;
}

export interface PlannedWrites {
  products: ProductRecord[];
  states: SyncStateRecord[];
  tasks: SyncTask[];
}

/** The stored record of an upserted offering (a product as it always was; a tour under its code). */
function activeRecord(key: string, entry: HashedOffering, context: WriteContext): ProductRecord {
  const { producerId, catalogueId, seq, receivedAt } = context;
  const common = { producerId, sku: key, status: 'ACTIVE' as const, seq, hash: entry.hash, catalogueId };
  if (entry.offering.kind === 'tour') {
    return { ...common, kind: 'tour', product: null, tour: entry.offering.tour, updatedAt: receivedAt };
  }
  return { ...common, product: entry.offering.product, updatedAt: receivedAt };
}

function upsertTask(channel: string, key: string, entry: HashedOffering, context: WriteContext): SyncTask {
  const { producerId, catalogueId, seq } = context;
  const common = {
    v: 1 as const,
    action: 'upsert' as const,
    producerId,
    channel,
    sku: key,
    seq,
    catalogueId,
  };
  if (entry.offering.kind === 'tour') {
    return { ...common, kind: 'tour', hash: entry.hash, tour: entry.offering.tour };
  }
  return { ...common, hash: entry.hash, product: entry.offering.product };
}

/**
 * Every record, PENDING state and task an upload's diff makes, at the sequence it took. Only the
 * enabled channels that take the file's kind get states and tasks: a product never reaches
 * fliggy and a tour never reaches a product channel, so no report fills with kind mismatches.
 */
export function plannedWrites(
  offerings: ReadonlyMap<string, HashedOffering>,
  diff: CatalogueDiff,
  context: WriteContext,
  enabledChannels: readonly string[],
): PlannedWrites {
  const { producerId, catalogueId, seq, receivedAt, kind } = context;
  const channels = channelIdsTaking(kind, enabledChannels);
  const records: ProductRecord[] = [];
  const states: SyncStateRecord[] = [];
  const tasks: SyncTask[] = [];
  for (const key of [...diff.created, ...diff.updated]) {
    const entry = offerings.get(key);
    if (!entry) continue;
    records.push(activeRecord(key, entry, context));
    for (const channel of channels) {
      states.push(pendingState(context, channel, key, 'upsert', entry.hash));
      tasks.push(upsertTask(channel, key, entry, context));
    }
  }
  for (const key of diff.delisted) {
    records.push({
      producerId,
      sku: key,
      ...(kind === 'tour' ? { kind: 'tour' as const, tour: null } : {}),
      status: 'DELISTED',
      seq,
      hash: '',
      catalogueId,
      product: null,
      updatedAt: receivedAt,
    });
    for (const channel of channels) {
      states.push(pendingState(context, channel, key, 'delist', ''));
      tasks.push({ v: 1, action: 'delist', producerId, channel, sku: key, seq, hash: '', catalogueId });
    }
  }
  return { products: records, states, tasks };
}

function pendingState(
  context: WriteContext,
  channel: string,
  key: string,
  action: 'upsert' | 'delist',
  stateHash: string,
): SyncStateRecord {
  return {
    producerId: context.producerId,
    channel,
    sku: key,
    state: 'PENDING',
    seq: context.seq,
    action,
    hash: stateHash,
    catalogueId: context.catalogueId,
    reasons: [],
    warnings: [],
    attempts: 0,
    updatedAt: context.receivedAt,
  };
}
