/**
 * Finds the field a header names by its words. An alias matches when all its words are in the
 * header: "Température de stockage minimale" is found in "Température minimale de stockage (°C)".
 * The alias that explains most of the header wins; a one-word alias must be the whole header
 * ("Code" is a SKU, "Code postal" is not); two fields explaining the header equally well leave it
 * ambiguous rather than guessed.
 */
import { aliasWords, type HeaderWords } from './header-words.ts';

export type AliasMatch<F extends string> =
  | { kind: 'match'; field: F; alias: string /** Header words the alias did not explain. */; extra: number }
  | { kind: 'ambiguous'; fields: F[] }
  | { kind: 'none' };

interface AliasEntry<F extends string> {
  field: F;
  alias: string;
  words: readonly string[];
}

export interface FieldSuggestion<F extends string> {
  field: F;
  /** 0 to 1: how many words the header and the field's closest alias share, over all their words. */
  score: number;
}

/** Words that are the same word, typed a little differently: "temperature"/"temprature", "qte"/"qté". */
function similarWords(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length >= 4 && b.length >= 4 && (a.startsWith(b) || b.startsWith(a))) return true;
  // Short words one letter apart are other words more often than typos ("photo", "proto").
  if (a.length < 6 || b.length < 6 || Math.abs(a.length - b.length) > 1) return false;
  return editDistanceAtMostOne(a, b);
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i += 1;
      j += 1;
      continue;
    }
    edits += 1;
    if (edits > 1) return false;
    if (a.length > b.length) i += 1;
    else if (b.length > a.length) j += 1;
    else {
      i += 1;
      j += 1;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** Among equally good aliases, those whose words come in the header's order, if any do. */
function inHeaderOrder<T extends { entry: { words: readonly string[] } }>(
  candidates: T[],
  headerWordList: readonly string[],
): T[] {
  const ordered = candidates.filter(({ entry }) => {
    let from = 0;
    for (const word of entry.words) {
      const at = headerWordList.indexOf(word, from);
      if (at === -1) return false;
      from = at + 1;
    }
    return true;
  });
  return ordered.length > 0 ? ordered : candidates;
}

export class AliasMatcher<F extends string> {
  private readonly entries: AliasEntry<F>[] = [];
  /** Entries by their first word, so a header is compared with few aliases, not all of them. */
  private readonly byWord = new Map<string, AliasEntry<F>[]>();

  /** `fieldIsAlias: false`: a field's own name is not matched on its words (tour paths such as "departures.to"). */
  constructor(table: { readonly [K in F]: readonly string[] }, options: { fieldIsAlias?: boolean } = {}) {
    const ownName = options.fieldIsAlias !== false;
    // Aliases that need a unit to tell their field ("names.fr", "nom anglais") come last: when
    // their words alone say what another field's alias says, that alias keeps the words.
    const aliases = (Object.keys(table) as F[]).flatMap((field) =>
      [...(ownName ? [field] : []), ...table[field]].map((alias) => ({ field, alias, ...aliasWords(alias) })),
    );
    aliases.sort((a, b) => Number(a.namesUnit) - Number(b.namesUnit));
    const seen = new Map<string, F>();
    for (const { field, alias, words: aliasWordList, namesUnit } of aliases) {
      const words = [...new Set(aliasWordList)];
      if (words.length === 0) continue;
      // Word order is part of the key: "unit weight" (net content) and "weight unit" (its unit)
      // share their words; the header's own order tells them apart.
      const key = words.join(' ');
      const claimed = seen.get(key);
      if (claimed !== undefined && claimed !== field) {
        if (namesUnit) continue;
        throw new Error(`alias "${alias}" says the same words as an alias of ${claimed}, for ${field}`);
      }
      if (claimed === undefined && namesUnit && this.hasWordSet(words)) continue;
      seen.set(key, field);
      const entry: AliasEntry<F> = { field, alias, words };
      this.entries.push(entry);
      for (const word of words) {
        const list = this.byWord.get(word) ?? [];
        list.push(entry);
        this.byWord.set(word, list);
      }
    }
  }

  private hasWordSet(words: readonly string[]): boolean {
    const [first] = words;
    if (first === undefined) return false;
    return (this.byWord.get(first) ?? []).some(
      (entry) => entry.words.length === words.length && words.every((word) => entry.words.includes(word)),
    );
  }

  match(header: HeaderWords): AliasMatch<F> {
    const present = new Set(header.words);
    if (present.size === 0) return { kind: 'none' };
    let best: { entry: AliasEntry<F>; extra: number }[] = [];
    let bestSize = 0;
    let bestExtra = Number.POSITIVE_INFINITY;
    const candidates = new Set<AliasEntry<F>>();
    for (const word of present) for (const entry of this.byWord.get(word) ?? []) candidates.add(entry);
    for (const entry of candidates) {
      if (!entry.words.every((word) => present.has(word))) continue;
      const size = entry.words.length;
      const extra = present.size - size;
      // One word must be the whole header; several must explain at least half of it.
      if (size === 1 ? extra > 0 : size * 2 < present.size) continue;
      if (size > bestSize || (size === bestSize && extra < bestExtra)) {
        best = [{ entry, extra }];
        bestSize = size;
        bestExtra = extra;
      } else if (size === bestSize && extra === bestExtra) best.push({ entry, extra });
    }
    if (best.length === 0) return this.matchByOneField(present);
    if (best.length > 1) best = inHeaderOrder(best, header.words);
    const [first] = best;
    if (first === undefined) return { kind: 'none' };
    const fields = [...new Set(best.map(({ entry }) => entry.field))];
    if (fields.length > 1) return { kind: 'ambiguous', fields };
    return { kind: 'match', field: first.entry.field, alias: first.entry.alias, extra: first.extra };
  }

  /**
   * A header whose every word is an alias of one field is that field, whatever the combination:
   * "Référence article", "Quantité stock", "Prix tarif". Only when no alias explained it alone.
   */
  private matchByOneField(present: ReadonlySet<string>): AliasMatch<F> {
    if (present.size < 2) return { kind: 'none' };
    const covered = new Map<F, Set<string>>();
    for (const word of present) {
      for (const entry of this.byWord.get(word) ?? []) {
        if (!entry.words.every((aliasWord) => present.has(aliasWord))) continue;
        const words = covered.get(entry.field) ?? new Set<string>();
        for (const aliasWord of entry.words) words.add(aliasWord);
        covered.set(entry.field, words);
      }
    }
    const fields = [...covered].filter(([, words]) => words.size === present.size).map(([field]) => field);
    const [field] = fields;
    if (field === undefined) return { kind: 'none' };
    if (fields.length > 1) return { kind: 'ambiguous', fields };
    return { kind: 'match', field, alias: [...present].join(' '), extra: 0 };
  }

  /** The fields whose aliases share most words with the header, best first (for an unknown column). */
  suggest(header: HeaderWords, limit = 3): FieldSuggestion<F>[] {
    const words = header.words;
    if (words.length === 0) return [];
    const byField = new Map<F, number>();
    for (const entry of this.entries) {
      const shared = words.filter((word) => entry.words.some((aliasWord) => similarWords(word, aliasWord)));
      if (shared.length === 0) continue;
      // Jaccard: words in common over words in either, so a long alias sharing one word ranks low.
      const score = shared.length / (words.length + entry.words.length - shared.length);
      if (score > (byField.get(entry.field) ?? 0)) byField.set(entry.field, score);
    }
    const ranked = [...byField]
      .map(([field, score]) => ({ field, score: Math.round(score * 100) / 100 }))
      .sort((a, b) => b.score - a.score || a.field.localeCompare(b.field));
    // Only fields nearly as close as the closest: a far second guess misleads more than it helps.
    const best = ranked[0]?.score ?? 0;
    return ranked.filter(({ score }) => score >= best / 2).slice(0, limit);
  }
}
