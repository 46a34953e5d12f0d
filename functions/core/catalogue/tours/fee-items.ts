/**
 * Inclusions and exclusions: one item per piece of the cell (split on ";", "|", bullets or line
 * breaks; commas stay inside an item such as "Park entry fees (Akagera, Nyungwe)"), each with
 * the operator's own Chinese wording when written after " / " ("Packed lunch / 午餐便当"), and
 * its kind when its words tell it (tour-words.ts FEE_KIND_RULES): a gorilla permit is recognised
 * as `gorilla-permit`, which is how a package names its permit.
 */

import { foldText } from '../normalise-key.ts';
import type { RawValue } from '../readers/raw-record.ts';
import type { FeeItem, FeeItemKind } from '../tour-model.ts';
import { cellText } from '../values/cell-text.ts';
import { listPieces } from './tour-problem.ts';
import { FEE_KIND_RULES } from './tour-words.ts';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;
const LATIN = /[A-Za-z]/u;
const WORD = /[\p{L}\p{N}]+/gu;

/** The kind of fee an item's text names, or undefined when its words do not tell. */
export function feeKindOf(text: string): FeeItemKind | undefined {
  const words = new Set([...foldText(text).matchAll(WORD)].map((match) => match[0]));
  return FEE_KIND_RULES.find((rule) => rule.all.every((group) => group.some((word) => words.has(word))))
    ?.kind;
}

function feeItem(piece: string): FeeItem {
  const slash = piece.lastIndexOf(' / ');
  const zh = slash === -1 ? '' : piece.slice(slash + 3).trim();
  const withZh = zh !== '' && CJK.test(zh) && !LATIN.test(zh);
  const text = withZh ? piece.slice(0, slash).trim() : piece;
  const kind = feeKindOf(text);
  return { text, ...(withZh ? { textZh: zh } : {}), ...(kind === undefined ? {} : { kind }) };
}

/** The items of an inclusions or exclusions cell (or a JSON list of texts), in the order written. */
export function parseFeeItems(value: RawValue): FeeItem[] {
  const pieces = Array.isArray(value)
    ? value.map((item) => cellText(item).trim()).filter((item) => item !== '')
    : listPieces(cellText(value));
  return pieces.map(feeItem);
}
