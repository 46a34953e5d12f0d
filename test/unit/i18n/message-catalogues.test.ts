import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FILE_ERROR_CODES, ROW_ERROR_CODES, WARNING_CODES } from '../../../functions/core/catalogue/codes.ts';
import { CHANNELS } from '../../../functions/core/channels/registry.ts';
import { CODE_MESSAGES } from '../../../functions/core/messages/code-messages.ts';
import { LANGUAGES } from '../../../functions/core/messages/messages.ts';
import { UI_MESSAGES } from '../../../portal/src/i18n/translate.ts';

const errorsDoc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

/** The codes in the table rows of one "## <title>" section of docs/errors.md. */
function documentedCodes(title: string): string[] {
  const start = errorsDoc.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`docs/errors.md has no "## ${title}" section`);
  const end = errorsDoc.indexOf('\n## ', start + 1);
  const section = errorsDoc.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^\|\s*(?:\d{3}\s*\|\s*)?`([A-Z0-9_]+)`/gm)].map((match) => match[1] ?? '');
}

const declaredCodes = {
  'codes.ts FILE_ERROR_CODES': [...FILE_ERROR_CODES],
  'codes.ts ROW_ERROR_CODES': [...ROW_ERROR_CODES],
  'codes.ts WARNING_CODES': [...WARNING_CODES],
  ...Object.fromEntries(
    CHANNELS.map((channel) => [
      `channel ${channel.id} issueCodes`,
      [...channel.issueCodes.errors, ...channel.issueCodes.warnings],
    ]),
  ),
  'docs/errors.md File-level failures': documentedCodes('File-level failures'),
  'docs/errors.md Sync reasons': documentedCodes('Sync reasons'),
  'docs/errors.md HTTP API': documentedCodes('HTTP API'),
} as Record<string, string[]>;

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('code message catalogues (functions/core/messages)', () => {
  it('reads the code lists it checks against (the sections exist and are not empty)', () => {
    for (const [list, codes] of Object.entries(declaredCodes)) expect(codes.length, list).toBeGreaterThan(0);
    expect(declaredCodes['docs/errors.md HTTP API']).toContain('UNAUTHENTICATED');
  });

  it.each(Object.entries(declaredCodes))('has an English message for every code of %s', (_list, codes) => {
    const missing = codes.filter((code) => !Object.hasOwn(CODE_MESSAGES.en, code));
    expect(missing).toEqual([]);
  });

  it.each(LANGUAGES.filter((language) => language !== 'en'))(
    'the %s catalogue has exactly the codes English has',
    (language) => {
      const english = Object.keys(CODE_MESSAGES.en).sort();
      expect(Object.keys(CODE_MESSAGES[language]).sort()).toEqual(english);
    },
  );

  it.each(LANGUAGES)('every %s message is a written sentence', (language) => {
    for (const [code, message] of Object.entries(CODE_MESSAGES[language])) {
      expect(message.trim(), `${language} ${code}`).toBe(message);
      expect(message.length, `${language} ${code}`).toBeGreaterThan(10);
    }
  });
});

describe('portal UI catalogues (portal/src/i18n)', () => {
  it.each(LANGUAGES.filter((language) => language !== 'en'))(
    'the %s catalogue has every key English has, and no other',
    (language) => {
      const english = Object.keys(UI_MESSAGES.en).sort();
      expect(Object.keys(UI_MESSAGES[language]).sort()).toEqual(english);
    },
  );

  it.each(LANGUAGES.filter((language) => language !== 'en'))(
    'every %s text has the same {placeholders} as English',
    (language) => {
      for (const [key, english] of Object.entries(UI_MESSAGES.en)) {
        expect(placeholders(UI_MESSAGES[language][key] ?? ''), `${language} ${key}`).toEqual(
          placeholders(english),
        );
      }
    },
  );

  it('labels the language picker as the issue asks, in each language', () => {
    expect([
      UI_MESSAGES.en['language.label'],
      UI_MESSAGES.fr['language.label'],
      UI_MESSAGES.rw['language.label'],
    ]).toEqual(['Language', 'Langue', 'Ururimi']);
    expect(UI_MESSAGES.en['signIn.producer']).toBe('Producer');
    expect(UI_MESSAGES.en['signIn.submit']).toBe('Sign in');
  });
});
