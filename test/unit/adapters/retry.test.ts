import { describe, expect, it, vi } from 'vitest';
import { drainInBatches, fullJitterDelay } from '../../../functions/adapters/retry.ts';

describe('fullJitterDelay', () => {
  it('draws between zero and an exponential ceiling, capped', () => {
    expect(fullJitterDelay(0, 50, 5_000, () => 0.999)).toBe(49);
    expect(fullJitterDelay(3, 50, 5_000, () => 0.5)).toBe(200);
    expect(fullJitterDelay(20, 50, 5_000, () => 0.5)).toBe(2_500);
    expect(fullJitterDelay(5, 50, 5_000, () => 0)).toBe(0);
  });
});

describe('drainInBatches', () => {
  it('packs by the extra rule as well as the count, never leaving an item out', async () => {
    const sizes = [6, 5, 4, 3, 9, 1];
    const batches: number[][] = [];
    const leftovers = await drainInBatches(sizes, {
      maxBatchSize: 3,
      fits: (batch, candidate) => batch.reduce((sum, size) => sum + size, candidate) <= 10,
      send: async (batch) => {
        batches.push(batch);
        return [];
      },
    });
    expect(leftovers).toEqual([]);
    expect(batches).toEqual([[6], [5, 4], [3], [9, 1]]);
  });

  it('sleeps only after a call handed items back, and resets after a clean call', async () => {
    const sleep = vi.fn(async (_ms: number) => {});
    let calls = 0;
    await drainInBatches(
      [1, 2, 3, 4],
      {
        maxBatchSize: 1,
        send: async (batch) => {
          calls += 1;
          // The first and third calls hand their item back once.
          return calls === 1 || calls === 3 ? batch : [];
        },
      },
      { sleep, random: () => 0.5, baseDelayMs: 100 },
    );
    expect(calls).toBe(6);
    expect(sleep.mock.calls).toEqual([[50], [50]]);
  });
});
