import { useMemo, useSyncExternalStore } from 'react';
import { ApiClient } from './api/api-client.js';
import { SessionStore } from './auth/session-store.js';
import { AppContext } from './app-context.js';
import { Dashboard } from './components/dashboard.js';
import { SignInPage } from './components/sign-in-page.js';

export function App() {
  const services = useMemo(() => {
    const session = new SessionStore();
    return { session, api: new ApiClient({}, { session }) };
  }, []);
  const session = useSyncExternalStore(
    (cb) => services.session.subscribe(cb),
    () => services.session.get(),
  );
  return (
    <AppContext.Provider value={services}>
      {session ? <Dashboard address={session.address} /> : <SignInPage />}
    </AppContext.Provider>
  );
}
