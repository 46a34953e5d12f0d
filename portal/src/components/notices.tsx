import { useContext } from 'preact/hooks';
import { ApiError } from '../api/client.ts';
import { AppContext, useApp } from '../app-context.ts';
import type { Translator } from '../i18n/translate.ts';

/**
 * An API error in the producer's language: the code's message, and the code itself for support.
 * Takes the translator from the app, or as a prop before sign-in (no app context yet).
 */
export function ErrorNotice(props: { error: unknown; translator?: Translator }) {
  const context = useContext(AppContext);
  const app = props.translator ?? context;
  if (!app) throw new Error('ErrorNotice needs a translator');
  const { error } = props;
  let text: string;
  let code: string | null = null;
  if (error instanceof ApiError && error.code) {
    code = error.code;
    text = app.message({ code: error.code, message: error.message });
  } else if (error instanceof ApiError && error.status === 0) {
    text = app.t('error.network');
  } else if (error instanceof ApiError) {
    text = app.t('error.status', { status: error.status });
  } else {
    text = app.t('error.unexpected');
  }
  return (
    <p class="notice notice-error" role="alert">
      {text}
      {code ? (
        <>
          {' '}
          <code>{code}</code>
        </>
      ) : null}
    </p>
  );
}

export function Loading() {
  const { t } = useApp();
  return (
    <p class="loading" role="status">
      {t('common.loading')}
    </p>
  );
}
