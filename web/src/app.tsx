import { lazy, Suspense, useMemo, useSyncExternalStore } from 'react';
import { ApiClient } from './api/api-client.js';
import { SessionStore } from './auth/session-store.js';
import { AppContext } from './app-context.js';
import { SignInPage } from './components/sign-in-page.js';
import { Loading } from './components/status.js';

// The dashboard (and recharts with it) loads as its own chunk: the sign-in page stays small.
const Dashboard = lazy(() => import('./components/dashboard.js').then((m) => ({ default: m.Dashboard })));

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
      {session ? (
        <Suspense fallback={<Loading label="Loading the dashboard…" />}>
          <Dashboard address={session.address} />
        </Suspense>
      ) : (
        <SignInPage />
      )}
    </AppContext.Provider>
  );
}
