import { describe, expect, it } from 'vitest';
import type { BundleResult } from '../../../bench/bundles.ts';
import { type BenchMeasures, formatVerdicts, judgeTargets } from '../../../bench/targets.ts';

const timing = (ratio: number) => ({
  medianMs: 1,
  minMs: 1,
  maxMs: 1,
  ratio,
  ratioMin: ratio,
  ratioMax: ratio,
});

function bundle(name: string, bytes: number, initMs: number): BundleResult {
  return {
    function: name,
    bytes,
    initMs,
    initMsMin: initMs,
    initMsMax: initMs,
    initCpuMs: initMs,
    initNode: 'v24.22.3',
    topPackages: [],
  };
}

/** A full run: every target measured at its own size. */
function fullRun(): BenchMeasures {
  return {
    throughput: [
      { rows: 10_000, floorMs: 380, pipelineMs: 2_480, ratio: 6.52 },
      { rows: 100_000, floorMs: 3_770, pipelineMs: 24_970, ratio: 6.62 },
    ],
    processTimings: {
      rows: 100_000,
      rounds: 5,
      floorMs: { medianMs: 3_245, minMs: 2_836, maxMs: 4_002 },
      validate: timing(4.09),
      validateJson: timing(4.95),
      preview: timing(3.9),
      helpMs: { medianMs: 71, minMs: 67, maxMs: 90 },
      reportBytes: 30_015_138,
    },
    memory: [
      { rows: 100_000, peakRssMb: 177 },
      { rows: 1_000_000, peakRssMb: 223 },
    ],
    endToEnd: { skus: 10_000, ms: 82_727, floorMs: 63_153, ratio: 1.31 },
    bundles: [
      bundle('ingest-catalogue', 1_094_901, 257.3),
      bundle('sync-worker', 828_462, 149),
      bundle('scheduled-sync', 881_176, 226.2),
      bundle('sync-status', 599_999, 132),
    ],
    upload: {
      rows: 250_000,
      bytes: 55_106_951,
      channels: 1,
      uploadToDoneMs: 572_385,
      rowsAccepted: 248_511,
      asyncIngestPeakRssMb: 1_063,
      asyncIngestPeakHeapMb: 771,
    },
  };
}

describe('the bench targets', () => {
  it('judges each target at its own size, with the gap and what bounds it when not met', () => {
    const verdicts = judgeTargets(fullRun());
    const byId = (id: string) => verdicts.filter((entry) => entry.id === id);
    expect(byId('cli-start')).toEqual([
      expect.objectContaining({ measured: 71, bar: 300, met: true, gap: null, boundedBy: null }),
    ]);
    expect(byId('preview-process')).toEqual([expect.objectContaining({ measured: 3.9, met: true })]);
    expect(byId('report-size')).toEqual([
      expect.objectContaining({
        measured: 30_015_138,
        at: '100,000 rows',
        met: false,
        gap: 10_015_138,
        boundedBy: expect.stringContaining('report.json at 100k'),
      }),
    ]);
    // Only the 100k measure counts for a target set at 100k rows.
    expect(byId('throughput')).toEqual([
      expect.objectContaining({ measured: 6.62, at: '100,000 rows', met: false, gap: 3.62 }),
    ]);
    expect(byId('preview-memory')).toEqual([expect.objectContaining({ measured: 223, met: true })]);
    expect(byId('end-to-end')).toEqual([expect.objectContaining({ measured: 1.31, met: true })]);
    expect(byId('bundle-init').map((entry) => [entry.at, entry.met, entry.gap])).toEqual([
      ['ingest-catalogue', false, 107.3],
      ['sync-worker', true, null],
      ['scheduled-sync', false, 76.2],
      ['sync-status', true, null],
    ]);
    expect(byId('bundle-bytes').map((entry) => [entry.at, entry.met])).toEqual([
      ['sync-worker', false],
      ['sync-status', true],
    ]);
  });

  it('leaves unjudged what a --quick run measured at other sizes, showing the largest', () => {
    const run = fullRun();
    run.throughput = [
      { rows: 10_000, floorMs: 380, pipelineMs: 2_480, ratio: 6.52 },
      { rows: 20_000, floorMs: 700, pipelineMs: 4_800, ratio: 6.9 },
    ];
    run.processTimings = { ...run.processTimings, rows: 20_000, reportBytes: 6_000_000 };
    run.memory = [{ rows: 100_000, peakRssMb: 177 }];
    run.endToEnd = { skus: 1_000, ms: 9_000, floorMs: 7_000, ratio: 1.29 };
    const verdicts = judgeTargets(run);
    for (const id of ['preview-process', 'report-size', 'throughput', 'preview-memory', 'end-to-end']) {
      const [entry, ...more] = verdicts.filter((verdict) => verdict.id === id);
      expect(more).toEqual([]);
      expect(entry).toMatchObject({ met: null, gap: null, boundedBy: null });
      expect(entry?.at).toMatch(/not the target's size/);
    }
    expect(verdicts.find((entry) => entry.id === 'throughput')?.measured).toBe(6.9);
    expect(verdicts.find((entry) => entry.id === 'cli-start')?.met).toBe(true);
  });

  it('prints one line per verdict, saying what is not met and by how much', () => {
    const lines = formatVerdicts(judgeTargets(fullRun()));
    expect(lines).toContain(
      'report-size (100,000 rows): 30015138 bytes, bar 20000000: NOT MET by 10015138 bytes; what bounds it: docs/benchmarks.md, "Round five (issue 16)": "report.json at 100k"',
    );
    expect(lines.find((line) => line.startsWith('cli-start'))).toBe(
      'cli-start (median of the rounds): 71 ms, bar 300: met',
    );
  });
});
