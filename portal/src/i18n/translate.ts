import { type Language, localisedMessage } from '../../../functions/core/messages/messages.ts';
import en from './en.json' with { type: 'json' };
import fr from './fr.json' with { type: 'json' };
import rw from './rw.json' with { type: 'json' };

/** The portal's own words, one JSON file per language; English has every key (a test checks the others). */
export type UiKey = keyof typeof en;
export const UI_MESSAGES: Readonly<Record<Language, Readonly<Record<string, string>>>> = { en, fr, rw };

export type Params = Readonly<Record<string, string | number>>;

/** `{name}` placeholders are filled from params; a key a language lacks falls back to English. */
export function translate(language: Language, key: UiKey, params: Params = {}): string {
  const template = UI_MESSAGES[language][key] ?? en[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export interface Translator {
  language: Language;
  t: (key: UiKey, params?: Params) => string;
  /** An API finding or error in this language (the code's catalogue sentence, or the API's own). */
  message: (issue: { code: string; message: string }) => string;
  number: (value: number) => string;
  dateTime: (iso: string) => string;
}

export function createTranslator(language: Language): Translator {
  // Intl may lack Kinyarwanda's conventions on some browsers: it falls back to its default, still readable.
  const numbers = new Intl.NumberFormat(language);
  const dates = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    language,
    t: (key, params) => translate(language, key, params),
    message: (issue) => localisedMessage(issue, language),
    number: (value) => numbers.format(value),
    dateTime: (iso) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : dates.format(date);
    },
  };
}
