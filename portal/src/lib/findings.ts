import type { FindingWithSeverity, Severity, StatusItem } from '../api/types.ts';

export interface FindingFilters {
  severity: Severity | '';
  code: string;
  field: string;
  /** A SKU or the start of one. */
  sku: string;
}

export const NO_FILTERS: FindingFilters = { severity: '', code: '', field: '', sku: '' };

/** The findings route's rules (code and field exact, SKU exact or by prefix), for findings held in the page. */
export function matchesFilters(finding: FindingWithSeverity, filters: FindingFilters): boolean {
  if (filters.severity && finding.severity !== filters.severity) return false;
  if (filters.code && finding.code !== filters.code) return false;
  if (filters.field && finding.field !== filters.field) return false;
  if (filters.sku && !(finding.sku ?? '').startsWith(filters.sku)) return false;
  return true;
}

/** A channel's verdict on each item of an upload, as findings: reasons are errors, warnings warnings. */
export function channelFindings(items: readonly StatusItem[]): FindingWithSeverity[] {
  return items.flatMap((item) => [
    ...item.reasons.map((reason) => ({ row: null, sku: item.sku, ...reason, severity: 'error' as const })),
    ...item.warnings.map((warning) => ({
      row: null,
      sku: item.sku,
      ...warning,
      severity: 'warning' as const,
    })),
  ]);
}

/** The rows of the findings CSV (row, SKU, field, code, severity, message), in the producer's language. */
export function findingRows(
  findings: readonly FindingWithSeverity[],
  message: (finding: FindingWithSeverity) => string,
  severityName: (severity: Severity) => string,
): (string | number | null)[][] {
  return findings.map((finding) => [
    finding.row,
    finding.sku,
    finding.field,
    finding.code,
    severityName(finding.severity),
    message(finding),
  ]);
}
