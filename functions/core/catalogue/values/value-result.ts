/** What reading one value gives: the value (with a repair to tell, maybe), or a problem. */
import type { RowErrorCode, WarningCode } from '../codes.ts';

export interface ValueProblem {
  code: RowErrorCode;
  message: string;
}
/** A value read with a repair the producer should know about (a GTIN's lost zeros). */
export interface ValueWarning {
  code: WarningCode;
  message: string;
}
export type Parsed<T> = { ok: true; value: T; warning?: ValueWarning } | { ok: false; problem: ValueProblem };

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}
export function fail(code: RowErrorCode, message: string): { ok: false; problem: ValueProblem } {
  return { ok: false, problem: { code, message } };
}
