/**
 * The sync states, apart from sync-records.ts's schemas: sync-status lists and checks them, and
 * importing them from a module that builds zod schemas would put zod and the product schema in
 * its bundle (docs/benchmarks.md, "Bundles").
 */
export const SYNC_STATES = ['PENDING', 'SYNCED', 'REJECTED', 'FAILED', 'DELISTED'] as const;
export type SyncStateName = (typeof SYNC_STATES)[number];
