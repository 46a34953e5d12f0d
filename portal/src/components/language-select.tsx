import { LANGUAGES, type Language } from '../../../functions/core/messages/messages.ts';
import { translate } from '../i18n/translate.ts';

export const LANGUAGE_STORAGE_KEY = 'feedbridge.language';

/** Labelled in the current language ("Language" / "Langue" / "Ururimi"); each option in its own. */
export function LanguageSelect(props: { language: Language; onChange: (language: Language) => void }) {
  return (
    <label class="language">
      <span>{translate(props.language, 'language.label')}</span>
      <select
        value={props.language}
        onChange={(event) => props.onChange(event.currentTarget.value as Language)}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {translate(language, 'language.name')}
          </option>
        ))}
      </select>
    </label>
  );
}
