import type { RowIssue } from '../catalogue/codes.ts';

/**
 * The findings an answer carries: the first ones of each kind, and how many there are in all. A
 * file can have a finding per row (40,000 rejected rows answered 6.6 MB, over Lambda's response
 * limit), so every answer holds a bounded first page and the counts; the stored report keeps all.
 * The shape is the first page of a paginated list: a cursor can be added beside it.
 */
export interface FindingsPage {
  errors: RowIssue[];
  warnings: RowIssue[];
  errorCount: number;
  warningCount: number;
  /** True when `errors` or `warnings` is not the whole list. */
  findingsTruncated: boolean;
}

export interface FindingsBudget {
  /** Findings of each kind at most. */
  perKind: number;
  /** UTF-8 bytes of each kind's findings as JSON at most (a finding quotes a header, which can be long). */
  bytesPerKind: number;
}

/** The 202 of an upload: enough to fix the first problems; the catalogue route has more. */
export const UPLOAD_ANSWER_FINDINGS: FindingsBudget = { perKind: 100, bytesPerKind: 128 * 1024 };
/** GET .../catalogues/{catalogueId}. */
export const CATALOGUE_ANSWER_FINDINGS: FindingsBudget = { perKind: 1_000, bytesPerKind: 512 * 1024 };

function firstOf(issues: readonly RowIssue[], budget: FindingsBudget): RowIssue[] {
  const page: RowIssue[] = [];
  let bytes = 0;
  for (const issue of issues) {
    if (page.length >= budget.perKind) break;
    bytes += Buffer.byteLength(JSON.stringify(issue), 'utf8') + 1;
    if (bytes > budget.bytesPerKind) break;
    page.push(issue);
  }
  return page;
}

export function findingsPage(
  errors: readonly RowIssue[],
  warnings: readonly RowIssue[],
  budget: FindingsBudget,
): FindingsPage {
  const firstErrors = firstOf(errors, budget);
  const firstWarnings = firstOf(warnings, budget);
  return {
    errors: firstErrors,
    warnings: firstWarnings,
    errorCount: errors.length,
    warningCount: warnings.length,
    findingsTruncated: firstErrors.length < errors.length || firstWarnings.length < warnings.length,
  };
}
