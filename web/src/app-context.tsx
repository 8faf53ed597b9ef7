import { createContext, useContext } from 'react';
import type { ApiClient } from './api/api-client.js';
import type { SessionStore } from './auth/session-store.js';

export interface AppServices {
  api: ApiClient;
  session: SessionStore;
}

export const AppContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const s = useContext(AppContext);
  if (!s) throw new Error('AppContext is missing');
  return s;
}
