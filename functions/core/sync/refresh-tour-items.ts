import { canonicalJson } from './content-hash.ts';
import type { ProductStore, SyncStateStore } from './ports.ts';
import type { ChannelEvaluation, EvaluateForChannel } from './process-sync-task.ts';
import type { ProductRecord, SyncStateRecord } from './sync-records.ts';

export interface RefreshDependencies {
  products: Pick<ProductStore, 'getProducts'>;
  states: Pick<SyncStateStore, 'listStates' | 'replaceState'>;
  /** The tour channels' transforms, made with the Rwanda date of this run (read by the handler). */
  evaluate: EvaluateForChannel;
  now: () => Date;
  pageSize?: number;
}

/** What a refresh did for one producer and channel; failures name the item, the run goes on. */
export interface RefreshOutcome {
  /** Items whose output changed (a calendar date rolled off or into the horizon, a tour left the feed). */
  changed: number;
  failures: { sku: string; error: unknown }[];
}

/** The state a channel's verdict makes of a settled one; null when it says exactly what the state says. */
function refreshedState(
  state: SyncStateRecord,
  evaluation: ChannelEvaluation,
  updatedAt: string,
): SyncStateRecord | null {
  const rejected = evaluation.errors.length > 0;
  const next: SyncStateRecord = {
    ...state,
    state: rejected ? 'REJECTED' : 'SYNCED',
    reasons: rejected ? evaluation.errors : [],
    warnings: evaluation.warnings,
    updatedAt,
  };
  if (rejected) delete next.item;
  else next.item = evaluation.item;
  const same =
    next.state === state.state &&
    canonicalJson(next.item ?? null) === canonicalJson(state.item ?? null) &&
    canonicalJson(next.reasons) === canonicalJson(state.reasons) &&
    canonicalJson(next.warnings) === canonicalJson(state.warnings);
  return same ? null : next;
}

/** A settled upsert whose stored tour is the one it was made from: nothing newer is on its way. */
function settledWith(state: SyncStateRecord, record: ProductRecord | undefined): boolean {
  return (
    record?.status === 'ACTIVE' &&
    record.tour != null &&
    record.seq === state.seq &&
    record.hash === state.hash
  );
}

/**
 * Makes every settled tour item of one operator on one tour channel again with today's date, so
 * yesterday's departures and those now inside the booking cut-off leave the calendar, dates that
 * came inside the 365-day horizon join it, and a tour with no bookable date left becomes REJECTED
 * (DEPARTURES_NONE_FUTURE), all without a new upload. Only items whose output changed are
 * written, each conditionally on the state read (access pattern 13): a newer upload or a worker's
 * outcome written meanwhile wins. PENDING, FAILED and delisted items are the queue's business.
 */
export async function refreshTourItems(
  producerId: string,
  channel: string,
  deps: RefreshDependencies,
): Promise<RefreshOutcome> {
  const outcome: RefreshOutcome = { changed: 0, failures: [] };
  const updatedAt = deps.now().toISOString();
  let cursor: string | null = null;
  do {
    const page = await deps.states.listStates(producerId, channel, { limit: deps.pageSize ?? 500, cursor });
    const settled = page.items.filter(
      (state) => state.action === 'upsert' && (state.state === 'SYNCED' || state.state === 'REJECTED'),
    );
    if (settled.length > 0) {
      const records = await deps.products.getProducts(
        producerId,
        settled.map((state) => state.sku),
        'tour',
      );
      const byCode = new Map(records.map((record) => [record.sku, record]));
      for (const state of settled) {
        const record = byCode.get(state.sku);
        if (!settledWith(state, record) || !record?.tour) continue;
        try {
          const next = refreshedState(
            state,
            deps.evaluate(channel, { kind: 'tour', tour: record.tour }),
            updatedAt,
          );
          if (next !== null && (await deps.states.replaceState(state, next)) === 'written')
            outcome.changed += 1;
        } catch (error) {
          outcome.failures.push({ sku: state.sku, error });
        }
      }
    }
    cursor = page.cursor;
  } while (cursor !== null);
  return outcome;
}
