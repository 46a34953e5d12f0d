import { describe, expect, it } from 'vitest';
import {
  codeMessage,
  firstSupportedLanguage,
  localisedMessage,
  negotiateLanguage,
} from '../../../functions/core/messages/messages.ts';

describe('negotiateLanguage (Accept-Language)', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['fr', 'fr'],
    ['fr-RW,fr;q=0.9,en;q=0.8', 'fr'],
    ['rw-RW', 'rw'],
    ['kin', 'rw'],
    ['de-DE,de;q=0.9,fr;q=0.5,en;q=0.4', 'fr'],
    ['en;q=0.5, rw;q=0.9', 'rw'],
    ['fr;q=0, rw', 'rw'],
    ['fr;q=0', 'en'],
    ['*', 'en'],
    ['sw, zh-CN', 'en'],
    ['fr;q=0.8, rw;q=0.8', 'fr'],
    // Names of Object.prototype's members are tags like any other (one gave a 500 on error answers).
    ['constructor', 'en'],
    ['constructor, fr', 'fr'],
    ['__proto__', 'en'],
    ['toString-RW, hasOwnProperty', 'en'],
  ])('%j -> %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });
});

describe('firstSupportedLanguage (navigator.languages)', () => {
  it('takes the first supported tag in preference order', () => {
    expect(firstSupportedLanguage(['sw-KE', 'rw', 'fr-FR'])).toBe('rw');
    expect(firstSupportedLanguage(['fr-CA', 'en-US'])).toBe('fr');
    expect(firstSupportedLanguage(['de'])).toBe('en');
    expect(firstSupportedLanguage([])).toBe('en');
  });
});

describe('localisedMessage', () => {
  const finding = { code: 'NUMBER_INVALID', message: "'dix-huit mille' is not a number (price)" };

  it('keeps the API English message, which names the value, in English', () => {
    expect(localisedMessage(finding, 'en')).toBe("'dix-huit mille' is not a number (price)");
  });

  it("gives the code's catalogue sentence in French and Kinyarwanda", () => {
    expect(localisedMessage(finding, 'fr')).toBe(
      "Ce n'est pas un nombre. Écrivez des chiffres, par exemple 1500 ou 12,50.",
    );
    expect(localisedMessage(finding, 'rw')).toBe(
      'Uyu si umubare. Andika imibare, urugero 1500 cyangwa 12.50.',
    );
  });

  it('keeps the English message for a code no catalogue knows yet, rather than showing nothing', () => {
    expect(localisedMessage({ code: 'SOMETHING_NEW', message: 'new thing' }, 'rw')).toBe('new thing');
    expect(codeMessage('SOMETHING_NEW', 'fr')).toBeNull();
    expect(codeMessage('toString', 'fr')).toBeNull();
  });
});
