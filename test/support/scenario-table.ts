/** One line of the reliability table: what a scenario expected, found, lost, duplicated, left stale. */
export interface ScenarioRow {
  scenario: string;
  expected: number;
  found: number;
  lost: number;
  duplicated: number;
  stale: number;
  /** Faults injected and survived: SDK retries, re-sent batch items, redeliveries, re-queued items. */
  retries: number;
  seconds: number;
}

export function formatScenarioTable(title: string, rows: readonly ScenarioRow[]): string {
  const header = '| scenario | expected | found | lost | duplicated | stale | retries | seconds |';
  const rule = '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |';
  const lines = rows.map(
    (row) =>
      `| ${row.scenario} | ${row.expected} | ${row.found} | ${row.lost} | ${row.duplicated} | ${row.stale} | ${row.retries} | ${row.seconds.toFixed(1)} |`,
  );
  return [title, '', header, rule, ...lines].join('\n');
}
