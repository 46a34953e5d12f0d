/**
 * One row to one product, with every problem of the row reported (not just the first): the
 * cells sorted by field (row-input.ts), each field read by its reader (product-fields.ts), and
 * the model's last word (zod) and the size bounds (product-limits.ts) on what they made.
 */
import type { RowIssue } from '../codes.ts';
import type { ColumnDecision } from '../columns/column-plan.ts';
import type { TypeHint } from '../inference/infer-product-type.ts';
import { type Product, productSchema } from '../model.ts';
import { normaliseKey } from '../normalise-key.ts';
import type { ProfileLookup } from '../producer-profile.ts';
import { productLimitProblem } from '../product-limits.ts';
import type { RawRecord } from '../readers/raw-record.ts';
import { quoteValue } from '../values/cell-text.ts';
import { PRODUCT_FIELD_READERS, type ProductDraft, type RowContext } from './product-fields.ts';
import { collectRow, type Finding, RowFindings } from './row-input.ts';
import { SkuIndex } from './sku-index.ts';

/** One row's verdict: a product when it has no errors, otherwise every error found. */
export interface RowOutcome {
  row: number;
  /** The row's SKU when it had a valid one, else null. */
  sku: string | null;
  product: Product | null;
  errors: RowIssue[];
  warnings: RowIssue[];
}

/** What a row brings besides its cells: a shop export's type hints and its own findings. */
export interface RowExtras {
  typeHints?: readonly TypeHint[];
  warnings?: readonly Finding[];
}

/** Findings with their row and SKU. */
function stamped(findings: readonly Finding[], row: number, sku: string | null): RowIssue[] {
  if (findings.length === 0) return [];
  return findings.map((finding) => ({ row, sku, ...finding }));
}

function isCovered(field: string, failed: ReadonlySet<string>): boolean {
  for (const reported of failed) {
    if (field === reported || field.startsWith(`${reported}.`) || reported.startsWith(`${field}.`))
      return true;
  }
  return false;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): string | undefined {
  let current: unknown = root;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  if (typeof current === 'string') return current;
  if (typeof current === 'number' || typeof current === 'boolean') return String(current);
  return undefined;
}

/** State shared by all rows of one file: the producer, the profile, the SKUs seen. */
export class ProductRowParser {
  private readonly context: RowContext;

  constructor(
    producerId: string,
    profile: ProfileLookup,
    private readonly maxCellChars: number,
  ) {
    this.context = {
      producerId,
      producerKey: normaliseKey(producerId).key,
      profile,
      firstRowOfSku: new SkuIndex(),
    };
  }

  /** The row's outcome, or null when every cell is empty. */
  parse(
    record: RawRecord,
    decide: (key: string) => ColumnDecision,
    extras: RowExtras = {},
  ): RowOutcome | null {
    const found = new RowFindings();
    const input = collectRow(record, decide, this.maxCellChars, found);
    if (input.filled === 0 && record.extraCells === undefined) return null;
    for (const warning of extras.warnings ?? []) found.warnings.push(warning);
    const draft: ProductDraft = {
      candidate: { producerId: this.context.producerId },
      sku: null,
      names: {},
      price: null,
      typeHints: extras.typeHints ?? [],
    };
    for (const read of PRODUCT_FIELD_READERS) read(input, draft, found, this.context);
    const product = this.checked(draft.candidate, found);
    return {
      row: record.row,
      sku: draft.sku,
      product: found.errors.length === 0 ? product : null,
      errors: stamped(found.errors, record.row, draft.sku),
      warnings: stamped(found.warnings, record.row, draft.sku),
    };
  }

  /** The model is the single source of truth: whatever the readers let through, it has the last word. */
  private checked(candidate: Record<string, unknown>, found: RowFindings): Product | null {
    const checked = productSchema.safeParse(candidate);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const path = issue.path.filter((part): part is string => typeof part === 'string');
        const field = path.join('.') || null;
        if (field !== null && isCovered(field, found.failed)) continue;
        const value = valueAt(candidate, issue.path);
        const shown = value === undefined ? '' : ` (found ${quoteValue(value)})`;
        found.error(field, 'VALUE_INVALID', `${field ?? 'Product'} is not valid${shown}: ${issue.message}.`);
      }
      return null;
    }
    if (found.errors.length > 0) return null;
    const tooLarge = productLimitProblem(checked.data);
    if (tooLarge !== null) {
      found.error(tooLarge.field, 'PRODUCT_TOO_LARGE', tooLarge.message);
      return null;
    }
    return checked.data;
  }
}
