import fr from './fr.json' with { type: 'json' };
import rw from './rw.json' with { type: 'json' };

/**
 * The message catalogues of every error and warning code, one JSON file per language, shared by
 * the API (Accept-Language) and the portal so both say the same thing. docs/i18n.md says how to
 * correct a message or add a language.
 */
export const LANGUAGES = ['en', 'fr', 'rw'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** The languages an answer is translated into: English answers keep the API's own messages. */
export type TranslatedLanguage = Exclude<Language, 'en'>;

/**
 * The translated catalogues. English's is not here: no answer reads it (English keeps the
 * message the code wrote), so the server bundles leave it out; code-messages.ts has all three.
 */
const TRANSLATIONS: Readonly<Record<TranslatedLanguage, Readonly<Record<string, string>>>> = { fr, rw };

/** Other tags that name a supported language: ISO 639-2 `kin` is Kinyarwanda's three-letter code. */
const LANGUAGE_ALIASES: Readonly<Record<string, Language>> = { eng: 'en', fre: 'fr', fra: 'fr', kin: 'rw' };

export function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/** The supported language a BCP 47 tag asks for ("fr-RW" -> fr), or null. */
export function languageOfTag(tag: string): Language | null {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (isLanguage(primary)) return primary;
  // Own keys only: a tag such as "constructor" must not find Object.prototype's members.
  return Object.hasOwn(LANGUAGE_ALIASES, primary) ? (LANGUAGE_ALIASES[primary] ?? null) : null;
}

/** The first supported language of tags in preference order (navigator.languages), else English. */
export function firstSupportedLanguage(tags: readonly string[]): Language {
  for (const tag of tags) {
    const language = languageOfTag(tag);
    if (language) return language;
  }
  return DEFAULT_LANGUAGE;
}

/**
 * The best supported language of an Accept-Language header (RFC 9110: q-values, ties in written
 * order, q=0 means "not this one"); English when nothing matches or the header is absent.
 */
export function negotiateLanguage(header: string | null | undefined): Language {
  if (!header) return DEFAULT_LANGUAGE;
  const ranked = header
    .split(',')
    .map((part, position) => {
      const [tag = '', ...parameters] = part.split(';');
      const q = parameters.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)?.[1]).find(Boolean);
      const quality = q === undefined ? 1 : Number(q);
      return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, position };
    })
    .filter((entry) => entry.tag.length > 0 && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.position - b.position);
  return firstSupportedLanguage(ranked.map((entry) => entry.tag));
}

/** The catalogue's message for a code, or null when that language's catalogue lacks the code. */
export function codeMessage(code: string, language: TranslatedLanguage): string | null {
  const catalogue = TRANSLATIONS[language];
  return Object.hasOwn(catalogue, code) ? (catalogue[code] ?? null) : null;
}

/**
 * The message to show for a finding or error in `language`. English keeps the API's own message,
 * which names the offending value ("'dix-huit mille' is not a number"); the catalogues hold one
 * sentence per code, so another language gets that sentence, and a code the catalogue does not
 * know yet keeps the English message rather than showing nothing.
 */
export function localisedMessage(issue: { code: string; message: string }, language: Language): string {
  if (language === 'en') return issue.message;
  return codeMessage(issue.code, language) ?? issue.message;
}
