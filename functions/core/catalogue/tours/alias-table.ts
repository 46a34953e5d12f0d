/**
 * One table of header aliases (tour fields, a departures sheet's columns, an itinerary sheet's)
 * matched as product headers are: the whole normalised header first ("Prix adulte (USD)" ->
 * "prixadulte", unit "usd"), then its words (columns/alias-matcher.ts).
 */
import { AliasMatcher } from '../columns/alias-matcher.ts';
import { headerWords } from '../columns/header-words.ts';
import { buildAliasIndex, normaliseKey } from '../normalise-key.ts';

export interface AliasHit<F extends string> {
  field: F;
  /** The header's unit: its bracket or unit words ("usd", "en", "jours"), or null. */
  unit: string | null;
}

export class AliasTable<F extends string> {
  private readonly index: Map<string, F>;
  private readonly matcher: AliasMatcher<F>;

  constructor(table: { readonly [K in F]: readonly string[] }) {
    this.index = buildAliasIndex(table);
    // Canonical paths ("departures.to") are JSON keys, matched whole: as words they say too little.
    const worded = {} as { [K in F]: readonly string[] };
    for (const field of Object.keys(table) as F[])
      worded[field] = table[field].filter((alias) => !alias.includes('.'));
    this.matcher = new AliasMatcher<F>(worded, { fieldIsAlias: false });
  }

  match(header: string): AliasHit<F> | null {
    const { key, unit } = normaliseKey(header);
    const direct = this.index.get(key);
    if (direct !== undefined) return { field: direct, unit };
    const words = headerWords(header);
    const matched = this.matcher.match(words);
    if (matched.kind !== 'match') return null;
    return { field: matched.field, unit: words.units.length === 0 ? null : words.units.join(' ') };
  }

  suggest(header: string, limit = 3): F[] {
    return this.matcher.suggest(headerWords(header), limit).map((suggestion) => suggestion.field);
  }
}
