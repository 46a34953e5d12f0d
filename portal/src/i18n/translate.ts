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

/** 2026-06-01 08:00 in local time: readable in any language, for a browser without its date names. */
export function isoMinutes(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}

export function createTranslator(language: Language): Translator {
  // Some browsers (Chromium's reduced ICU) have no Kinyarwanda data: rather than the browser's
  // other language, dates are then written as numbers and numbers the English way.
  const numbers = new Intl.NumberFormat([language, 'en']);
  const dates =
    Intl.DateTimeFormat.supportedLocalesOf(language).length > 0
      ? new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' })
      : null;
  return {
    language,
    t: (key, params) => translate(language, key, params),
    message: (issue) => localisedMessage(issue, language),
    number: (value) => numbers.format(value),
    dateTime: (iso) => {
      const date = new Date(iso);
      if (Number.isNaN(date.getTime())) return iso;
      return dates ? dates.format(date) : isoMinutes(date);
    },
  };
}
