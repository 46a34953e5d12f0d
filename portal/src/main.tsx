import { render } from 'preact';
import { firstSupportedLanguage, isLanguage, type Language } from '../../functions/core/messages/messages.ts';
import { App } from './app.tsx';
import { type PortalConfig, parsePortalConfig } from './auth/portal-config.ts';
import { LANGUAGE_STORAGE_KEY } from './components/language-select.tsx';
import { translate } from './i18n/translate.ts';

function initialLanguage(): Language {
  const chosen = localStorage.getItem(LANGUAGE_STORAGE_KEY);
  if (chosen && isLanguage(chosen)) return chosen;
  return firstSupportedLanguage(navigator.languages ?? [navigator.language]);
}

async function loadConfig(): Promise<PortalConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return parsePortalConfig(await response.json());
}

const root = document.getElementById('app');
if (root) {
  const language = initialLanguage();
  document.documentElement.lang = language;
  // The static "loading" line goes: Preact renders into an empty element.
  root.replaceChildren();
  loadConfig().then(
    (config) => render(<App config={config} initialLanguage={language} />, root),
    (error: unknown) => {
      render(
        <main class="page">
          <p role="alert">{translate(language, 'app.configFailed')}</p>
          <p>
            <code>{error instanceof Error ? error.message : String(error)}</code>
          </p>
        </main>,
        root,
      );
    },
  );
}
