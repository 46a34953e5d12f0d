import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/client.ts';
import { authorizeUrl, codeChallenge, randomVerifier } from '../auth/pkce.ts';
import type { PortalConfig } from '../auth/portal-config.ts';
import { type Session, sessionOfToken } from '../auth/token.ts';
import { ErrorNotice } from '../components/notices.tsx';
import type { Translator } from '../i18n/translate.ts';

export const PKCE_STORAGE_KEY = 'feedbridge.pkce';

/**
 * Local serve: a producer picker backed by dev tokens (the route exists only there). A deployment:
 * Cognito's managed login page, reached with the authorization code grant and PKCE.
 */
export function SignIn(props: {
  config: PortalConfig;
  api: ApiClient;
  translator: Translator;
  notice: string | null;
  onSignedIn: (session: Session) => void;
}) {
  const { t } = props.translator;
  const [producerId, setProducerId] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function signInLocal(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const token = await props.api.signInLocal(producerId.trim());
      const session = sessionOfToken(token, Date.now() / 1000);
      if (!session) throw new Error('the server sent a token without a producer');
      props.onSignedIn(session);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function signInCognito() {
    if (props.config.auth !== 'cognito') return;
    setBusy(true);
    const verifier = randomVerifier();
    const state = randomVerifier();
    sessionStorage.setItem(PKCE_STORAGE_KEY, JSON.stringify({ verifier, state }));
    location.assign(authorizeUrl(props.config, await codeChallenge(verifier), state));
  }

  return (
    <section class="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.config.auth === 'local' ? (
        <form onSubmit={signInLocal}>
          <label for="producer">{t('signIn.producer')}</label>
          <input
            id="producer"
            name="producer"
            autoComplete="username"
            autoCapitalize="none"
            spellcheck={false}
            required
            pattern="[a-z0-9][a-z0-9\-]{1,62}"
            aria-describedby="producer-hint"
            value={producerId}
            onInput={(event) => setProducerId(event.currentTarget.value)}
          />
          <p id="producer-hint" class="hint">
            {t('signIn.producerHint')}
          </p>
          <button type="submit" class="primary" disabled={busy}>
            {t('signIn.submit')}
          </button>
        </form>
      ) : (
        <button type="button" class="primary" disabled={busy} onClick={() => void signInCognito()}>
          {t('signIn.submit')}
        </button>
      )}
      {error ? <ErrorNotice error={error} translator={props.translator} /> : null}
    </section>
  );
}
