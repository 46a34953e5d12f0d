import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Language } from '../../functions/core/messages/messages.ts';
import { createApiClient } from './api/client.ts';
import { AppContext, type AppServices, useApp } from './app-context.ts';
import { exchangeCode, logoutUrl } from './auth/pkce.ts';
import type { PortalConfig } from './auth/portal-config.ts';
import { type Session, sessionOfToken } from './auth/token.ts';
import { LANGUAGE_STORAGE_KEY, LanguageSelect } from './components/language-select.tsx';
import { Link } from './components/link.tsx';
import { createTranslator } from './i18n/translate.ts';
import { parseRoute, pathOf, type Route } from './router.ts';
import { ChannelItems } from './screens/channel-items.tsx';
import { Channels } from './screens/channels.tsx';
import { ItemPreviewScreen } from './screens/item-preview.tsx';
import { Report } from './screens/report.tsx';
import { PKCE_STORAGE_KEY, SignIn } from './screens/sign-in.tsx';
import { Upload } from './screens/upload.tsx';
import { Uploads } from './screens/uploads.tsx';

const SESSION_STORAGE_KEY = 'feedbridge.session';
const nowSeconds = () => Date.now() / 1000;

/** The token lives for this tab only (sessionStorage): closing the tab signs the producer out. */
function storedSession(): Session | null {
  const token = sessionStorage.getItem(SESSION_STORAGE_KEY);
  return token ? sessionOfToken(token, nowSeconds()) : null;
}

export function App(props: { config: PortalConfig; initialLanguage: Language }) {
  const [language, setLanguage] = useState(props.initialLanguage);
  const [session, setSession] = useState<Session | null>(storedSession);
  const [route, setRoute] = useState<Route>(() => parseRoute(location.pathname, location.search));
  const [notice, setNotice] = useState<string | null>(null);
  const translator = useMemo(() => createTranslator(language), [language]);

  useEffect(() => {
    document.documentElement.lang = language;
    localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  }, [language]);

  useEffect(() => {
    const onPopState = () => setRoute(parseRoute(location.pathname, location.search));
    addEventListener('popstate', onPopState);
    return () => removeEventListener('popstate', onPopState);
  }, []);

  const signOut = (reason: string | null) => {
    sessionStorage.removeItem(SESSION_STORAGE_KEY);
    setSession(null);
    setNotice(reason);
  };

  const api = useMemo(
    () =>
      createApiClient({
        fetch: (input, init) => fetch(input, init),
        token: () => sessionStorage.getItem(SESSION_STORAGE_KEY),
        language: () => language,
        onUnauthenticated: () => signOut(translator.t('signIn.expired')),
      }),
    [language, translator],
  );

  const navigate = (next: Route) => {
    history.pushState(null, '', pathOf(next));
    setRoute(next);
    scrollTo(0, 0);
  };

  const signedIn = (next: Session) => {
    sessionStorage.setItem(SESSION_STORAGE_KEY, next.token);
    setSession(next);
    setNotice(null);
  };

  // Back from Cognito's managed login with ?code=&state=: exchange the code once, then go home.
  useEffect(() => {
    if (route.name !== 'callback' || props.config.auth !== 'cognito') return;
    const parameters = new URLSearchParams(location.search);
    const saved = JSON.parse(sessionStorage.getItem(PKCE_STORAGE_KEY) ?? 'null') as {
      verifier: string;
      state: string;
    } | null;
    sessionStorage.removeItem(PKCE_STORAGE_KEY);
    const code = parameters.get('code');
    history.replaceState(null, '', '/');
    setRoute({ name: 'upload' });
    if (!code || !saved || parameters.get('state') !== saved.state) {
      setNotice(translator.t('signIn.failed'));
      return;
    }
    exchangeCode((input, init) => fetch(input, init), props.config, code, saved.verifier)
      .then((token) => {
        const next = sessionOfToken(token, nowSeconds());
        if (next) signedIn(next);
        else setNotice(translator.t('signIn.noProducer'));
      })
      .catch(() => setNotice(translator.t('signIn.failed')));
  }, [route.name]);

  const header = (
    <header class="top">
      <a class="skip" href="#main">
        {translator.t('app.skip')}
      </a>
      <span class="brand">feedbridge</span>
      <LanguageSelect language={language} onChange={setLanguage} />
    </header>
  );

  if (!session) {
    return (
      <>
        {header}
        <main id="main" class="page">
          <SignIn
            config={props.config}
            api={api}
            translator={translator}
            notice={notice}
            onSignedIn={signedIn}
          />
        </main>
      </>
    );
  }

  const services: AppServices = { ...translator, api, session, navigate };
  const section = route.name === 'report' || route.name === 'uploads' ? 'uploads' : route.name;
  const { t } = translator;
  return (
    <AppContext.Provider value={services}>
      {header}
      <nav class="tabs" aria-label={t('nav.label')}>
        <Link to={{ name: 'upload' }} current={section === 'upload'}>
          {t('nav.upload')}
        </Link>
        <Link to={{ name: 'uploads' }} current={section === 'uploads'}>
          {t('nav.uploads')}
        </Link>
        <Link
          to={{ name: 'channels' }}
          current={section === 'channels' || section === 'channel' || section === 'item'}
        >
          {t('nav.channels')}
        </Link>
        <span class="who">
          <span class="visually-hidden">{t('nav.signedInAs')} </span>
          <code>{session.producerId}</code>
        </span>
        <button
          type="button"
          class="link-button"
          onClick={() => {
            signOut(null);
            if (props.config.auth === 'cognito') location.assign(logoutUrl(props.config));
          }}
        >
          {t('nav.signOut')}
        </button>
      </nav>
      <main id="main" class="page" tabIndex={-1}>
        <Page route={route} />
      </main>
    </AppContext.Provider>
  );
}

function Page(props: { route: Route }) {
  const { route } = props;
  switch (route.name) {
    case 'upload':
    case 'callback':
      return <Upload />;
    case 'uploads':
      return <Uploads />;
    case 'report':
      return <Report key={route.catalogueId} catalogueId={route.catalogueId} />;
    case 'channels':
      return <Channels />;
    case 'channel':
      return (
        <ChannelItems
          key={`${route.channel}?${route.ruleEffect ?? ''}`}
          channel={route.channel}
          ruleEffect={route.ruleEffect ?? ''}
        />
      );
    case 'item':
      return (
        <ItemPreviewScreen key={`${route.channel}/${route.sku}`} channel={route.channel} sku={route.sku} />
      );
    case 'notFound':
      return <NotFound />;
  }
}

function NotFound() {
  const { t } = useApp();
  return (
    <section>
      <h1>{t('notFound.title')}</h1>
      <p>
        <Link to={{ name: 'upload' }}>{t('notFound.home')}</Link>
      </p>
    </section>
  );
}
