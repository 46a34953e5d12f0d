/**
 * The performance targets (issue 16's) judged against one bench run: for each, what was measured,
 * whether it met its bar and, when not, by how much and where docs/benchmarks.md shows what bounds
 * it (the profile behind the gap). Pure: run.ts prints the verdicts and writes them to latest.json.
 */
import type { BundleResult } from './bundles.ts';
import type { MemoryResult } from './memory.ts';
import type { ProcessTimingsResult } from './process-timings.ts';
import type { StackResults } from './stack-sections.ts';
import type { ThroughputResult } from './throughput.ts';
import type { UploadResults } from './upload-section.ts';

/** What the targets read of a run (latest.json's sections). */
export interface BenchMeasures {
  throughput: ThroughputResult[];
  processTimings: ProcessTimingsResult;
  memory: MemoryResult[];
  endToEnd: StackResults['endToEnd'];
  bundles: BundleResult[];
  upload: UploadResults;
}

export interface TargetVerdict {
  id: string;
  target: string;
  /** The bar, in `unit`; a measure meets it at or under it. */
  bar: number;
  unit: string;
  /** null when this run did not measure it at the target's size (a --quick run). */
  measured: number | null;
  /** The size it was measured at, when that is part of the target (rows, SKUs, a function). */
  at: string;
  met: boolean | null;
  /** measured - bar when not met. */
  gap: number | null;
  /** Where docs/benchmarks.md gives the profile of what bounds a gap. */
  boundedBy: string | null;
}

interface Measure {
  value: number;
  /** The size measured; compared with the target's own. */
  size: number;
  at: string;
}

interface TargetDefinition {
  id: string;
  target: string;
  bar: number;
  unit: string;
  /** The size the target is set at (rows or SKUs); undefined when any size counts. */
  size?: number;
  boundedBy: string;
  measure(run: BenchMeasures): Measure[];
}

const ROUND_FIVE = 'docs/benchmarks.md, "Round five (issue 16)"';
const BUNDLES = 'docs/benchmarks.md, "Bundles, round four" (init profile, metafile table)';

const rows = (count: number) => `${count.toLocaleString('en')} rows`;

const TARGETS: readonly TargetDefinition[] = [
  {
    id: 'cli-start',
    target: 'the package bin (node bin/feedbridge-cli.js --help) starts in under 300 ms',
    bar: 300,
    unit: 'ms',
    boundedBy: 'docs/benchmarks.md, "Round two (issue 16)": the CLI as built JavaScript',
    measure: (run) => [{ value: run.processTimings.helpMs.medianMs, size: 0, at: 'median of the rounds' }],
  },
  {
    id: 'preview-process',
    target: 'feedbridge preview at most 4 times a csv-parse-only process, 100k rows',
    bar: 4,
    unit: 'x floor',
    size: 100_000,
    boundedBy: ROUND_FIVE,
    measure: (run) => [
      {
        value: run.processTimings.preview.ratio,
        size: run.processTimings.rows,
        at: rows(run.processTimings.rows),
      },
    ],
  },
  {
    id: 'report-size',
    target: "preview's report.json for the 100k-row file under 20 MB",
    bar: 20_000_000,
    unit: 'bytes',
    size: 100_000,
    boundedBy: `${ROUND_FIVE}: "report.json at 100k"`,
    measure: (run) => [
      {
        value: run.processTimings.reportBytes,
        size: run.processTimings.rows,
        at: rows(run.processTimings.rows),
      },
    ],
  },
  {
    id: 'throughput',
    target: 'the in-process pipeline at most 3.0 times the CSV reader floor, 100k rows',
    bar: 3,
    unit: 'x floor',
    size: 100_000,
    boundedBy: ROUND_FIVE,
    measure: (run) =>
      run.throughput.map((entry) => ({ value: entry.ratio, size: entry.rows, at: rows(entry.rows) })),
  },
  {
    id: 'preview-memory',
    target: 'feedbridge preview of 1M rows under 250 MB peak RSS',
    bar: 250,
    unit: 'MB',
    size: 1_000_000,
    boundedBy: 'docs/benchmarks.md, "Round three (issue 16)" and "Round five": memory of the 1M-row preview',
    measure: (run) =>
      run.memory.map((entry) => ({ value: entry.peakRssMb, size: entry.rows, at: rows(entry.rows) })),
  },
  {
    id: 'end-to-end',
    target: '10k SKUs through the embedded stack within 1.5 times the emulator floor',
    bar: 1.5,
    unit: 'x floor',
    size: 10_000,
    boundedBy: 'docs/benchmarks.md, "End to end and bundles"',
    measure: (run) => [
      {
        value: run.endToEnd.ratio,
        size: run.endToEnd.skus,
        at: `${run.endToEnd.skus.toLocaleString('en')} SKUs`,
      },
    ],
  },
  {
    id: 'bundle-init',
    target: "every function's module-scope init under 150 ms (median, Lambda's Node)",
    bar: 150,
    unit: 'ms',
    boundedBy: BUNDLES,
    measure: (run) => run.bundles.map((bundle) => ({ value: bundle.initMs, size: 0, at: bundle.function })),
  },
  {
    id: 'bundle-bytes',
    target: 'the sync-status and sync-worker bundles under 600 kB',
    bar: 600_000,
    unit: 'bytes',
    boundedBy: BUNDLES,
    measure: (run) =>
      run.bundles
        .filter((bundle) => bundle.function === 'sync-status' || bundle.function === 'sync-worker')
        .map((bundle) => ({ value: bundle.bytes, size: 0, at: bundle.function })),
  },
];

function verdict(definition: TargetDefinition, measure: Measure | undefined): TargetVerdict {
  const { id, target, bar, unit, boundedBy } = definition;
  const atSize = measure !== undefined && (definition.size === undefined || measure.size === definition.size);
  if (!atSize) {
    const at = measure === undefined ? 'not measured' : `${measure.at}, not the target's size`;
    return {
      id,
      target,
      bar,
      unit,
      measured: measure?.value ?? null,
      at,
      met: null,
      gap: null,
      boundedBy: null,
    };
  }
  const met = measure.value <= bar;
  return {
    id,
    target,
    bar,
    unit,
    measured: measure.value,
    at: measure.at,
    met,
    gap: met ? null : Math.round((measure.value - bar) * 100) / 100,
    boundedBy: met ? null : boundedBy,
  };
}

/** One verdict per measure of a target (one per function for the bundles), in the table's order. */
export function judgeTargets(run: BenchMeasures): TargetVerdict[] {
  return TARGETS.flatMap((definition) => {
    const measures = definition.measure(run);
    const sized = measures.filter(
      (measure) => definition.size === undefined || measure.size === definition.size,
    );
    if (sized.length > 0) return sized.map((measure) => verdict(definition, measure));
    // Only other sizes (a --quick run): the largest is shown, unjudged.
    return [verdict(definition, measures.toSorted((a, b) => b.size - a.size)[0])];
  });
}

/** The verdicts as lines for the terminal. */
export function formatVerdicts(verdicts: readonly TargetVerdict[]): string[] {
  return verdicts.map((entry) => {
    const state =
      entry.met === null ? 'not judged' : entry.met ? 'met' : `NOT MET by ${entry.gap} ${entry.unit}`;
    const bounds = entry.boundedBy === null ? '' : `; what bounds it: ${entry.boundedBy}`;
    return `${entry.id} (${entry.at}): ${entry.measured ?? '-'} ${entry.unit}, bar ${entry.bar}: ${state}${bounds}`;
  });
}
