/**
 * The product type of a row that has no type column, or whose type text is not a type we know:
 * inferred from category paths, shop product types, tags and names with the three-language
 * vocabulary. Only an unambiguous answer counts: "Coffee" alone (green or roasted?) or "Coffee &
 * Tea" (which?) infers nothing, and the producer's profile default or an error takes over.
 */
import type { ProductType } from '../model.ts';
import { foldText } from '../normalise-key.ts';
import { resolveProductType } from '../vocabulary.ts';
import { ACCENTED_TEA, NOT_THE_PRODUCT_WORDS, PRODUCT_KIND_WORDS } from './product-type-words.ts';

export interface TypeHint {
  /** What the text is, for the warning: "category", "tags", "name". */
  source: string;
  text: string;
}

export interface InferredType {
  type: ProductType;
  /** The hint it was read from. */
  from: TypeHint;
}

const SEGMENT_SEPARATORS = /\s*(?:>|\/|\||;|,|»|›)\s*/u;
const WORD = /[\p{L}\p{N}]+/gu;
/** CJK text has no spaces: its kind words are found inside the text. */
const CJK = /[\u3400-\u9fff]/u;

function wordsOf(text: string): Set<string> {
  return new Set([...foldText(text).matchAll(WORD)].map((match) => match[0]));
}

function containsWord(words: ReadonlySet<string>, folded: string, candidate: string): boolean {
  return words.has(candidate) || (CJK.test(candidate) && folded.includes(candidate));
}

/** The one type a text names, or null when it names none or more than one. */
export function typeNamedBy(
  text: string,
  own?: (word: string) => ProductType | undefined,
): ProductType | null {
  const found = new Set<ProductType>();
  const segments = text.split(SEGMENT_SEPARATORS).filter((segment) => segment.trim() !== '');
  // A segment that is a whole vocabulary entry ("Café vert", "Miel") says it outright.
  for (const segment of segments) {
    const exact = own?.(segment) ?? resolveProductType(segment);
    if (exact !== null && exact !== undefined && exact !== 'other') found.add(exact);
  }
  if (found.size === 0) {
    const folded = foldText(text);
    const words = wordsOf(text);
    for (const word of words) if (NOT_THE_PRODUCT_WORDS.has(word)) return null;
    for (const entry of PRODUCT_KIND_WORDS) {
      const named =
        entry.kind.some((word) => containsWord(words, folded, word)) ||
        (entry.alone === 'tea' && ACCENTED_TEA.test(text.normalize('NFC')));
      if (!named) continue;
      const qualified = entry.qualified.filter((qualifier) =>
        qualifier.words.some((word) => containsWord(words, folded, word)),
      );
      if (qualified.length === 1 && qualified[0] !== undefined) found.add(qualified[0].type);
      else if (qualified.length === 0 && entry.alone !== null) found.add(entry.alone);
      else return null;
    }
  }
  if (found.size !== 1) return null;
  return [...found][0] ?? null;
}

/** The first hint, in the order given (most specific first), that names exactly one type. */
export function inferProductType(
  hints: readonly TypeHint[],
  own?: (word: string) => ProductType | undefined,
): InferredType | null {
  for (const hint of hints) {
    if (hint.text.trim() === '') continue;
    const type = typeNamedBy(hint.text, own);
    if (type !== null) return { type, from: hint };
  }
  return null;
}
