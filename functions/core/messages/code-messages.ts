import en from './en.json' with { type: 'json' };
import fr from './fr.json' with { type: 'json' };
import type { Language } from './messages.ts';
import rw from './rw.json' with { type: 'json' };

/**
 * Every code's sentence in every language, English included: for the portal (which lists the
 * codes and shows their sentences) and the catalogues' own tests. The server translates through
 * messages.ts, which leaves English's catalogue out of its bundles.
 */
export const CODE_MESSAGES: Readonly<Record<Language, Readonly<Record<string, string>>>> = { en, fr, rw };
