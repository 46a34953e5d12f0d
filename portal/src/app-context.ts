import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from './api/client.ts';
import type { Session } from './auth/token.ts';
import type { Translator } from './i18n/translate.ts';
import type { Route } from './router.ts';

export interface AppServices extends Translator {
  api: ApiClient;
  session: Session;
  navigate: (route: Route) => void;
}

export const AppContext = createContext<AppServices | null>(null);

export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('useApp outside AppContext');
  return services;
}
