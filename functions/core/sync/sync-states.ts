import type { OfferingKind } from '../catalogue/offering.ts';

/**
 * The sync states and a stored record's kind, apart from sync-records.ts's schemas: sync-status
 * lists and checks the states, the DynamoDB store keys records by kind, and importing either from a
 * module that builds zod schemas would put zod and the product schema in the status bundle
 * (docs/benchmarks.md, "Bundles"). sync-records.ts re-exports them.
 */
export const SYNC_STATES = ['PENDING', 'SYNCED', 'REJECTED', 'FAILED', 'DELISTED'] as const;
export type SyncStateName = (typeof SYNC_STATES)[number];

/** Which kind of offering a stored record holds (`kind` is absent on products, as before tours). */
export function recordKind(record: { kind?: 'tour' }): OfferingKind {
  return record.kind === 'tour' ? 'tour' : 'product';
}
