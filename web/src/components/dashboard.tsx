import { useCallback, useEffect, useMemo, useState } from 'react';
import { useServices } from '../app-context.js';
import { shortAddress } from '../format/addresses.js';
import { useAsync } from '../hooks/use-async.js';
import { RealtimeClient, type ConnectionState, type SyncProgressEvent } from '../realtime/realtime-client.js';
import { AllocationChart } from './allocation-chart.js';
import { GainsPage, type GainsView } from './gains-page.js';
import { HistoryChart } from './history-chart.js';
import { HoldingsPanel } from './holdings-panel.js';
import { StakingPage } from './staking-page.js';
import { TransactionsPanel } from './transactions-panel.js';
import { ValueChart } from './value-chart.js';
import { WalletsPanel, type SyncState } from './wallets-panel.js';
import { ErrorBox, Loading } from './status.js';

type Tab = 'overview' | 'transactions' | 'staking' | 'gains' | 'wallets';
const TABS: Array<{ id: Tab; label: string }> = [
  { id: 'overview', label: 'Overview' },
  { id: 'transactions', label: 'Transactions' },
  { id: 'staking', label: 'Staking' },
  { id: 'gains', label: 'Gains' },
  { id: 'wallets', label: 'Wallets' },
];

function tabFromHash(): Tab {
  const h = window.location.hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  return TABS.some((t) => t.id === h) ? (h as Tab) : 'overview';
}

/** `#/gains/report` is the printable report of the Gains page. */
function gainsViewFromHash(): GainsView {
  return /^#\/?gains\/report$/.test(window.location.hash) ? 'report' : 'main';
}

export function Dashboard({ address }: { address: string }) {
  const { api } = useServices();
  const [tab, setTab] = useState<Tab>(tabFromHash);
  const [gainsView, setGainsView] = useState<GainsView>(gainsViewFromHash);
  // Bumped on `wallet_updated` and on every WebSocket reconnect: panels re-read state over REST.
  const [refreshTick, setRefreshTick] = useState(0);
  const [connection, setConnection] = useState<ConnectionState>('connecting');
  const [syncs, setSyncs] = useState<Record<string, SyncState>>({});
  const [walletFilter, setWalletFilter] = useState<string>('');

  const wallets = useAsync(() => api.listWallets(), [api, refreshTick]);
  const settings = useAsync(() => api.settings(), [api]);
  // The currency values are shown in: the user's remembered choice, changed here and saved.
  const [currencyChoice, setCurrencyChoice] = useState<string | null>(null);
  const currency = currencyChoice ?? settings.data?.currency ?? 'ADA';
  // Values wait for the settings: drawn in ADA first and redrawn in the remembered currency a moment
  // later would show (and fetch) the wrong figures. A failed settings read falls back to ADA.
  const settingsSettled = settings.data !== undefined || settings.error != null;
  // An as-of day (YYYY-MM-DD) for a past statement; '' means now.
  const [asOf, setAsOf] = useState('');
  const refresh = useCallback(() => setRefreshTick((t) => t + 1), []);

  useEffect(() => {
    const onHash = () => {
      setTab(tabFromHash());
      setGainsView(gainsViewFromHash());
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    const client = new RealtimeClient(
      { target: () => api.websocketTarget() },
      {
        onState: setConnection,
        onOpen: (reconnect) => {
          if (reconnect) refresh();
        },
        onEvent: (type, payload) => {
          if (type === 'sync_progress') {
            const p = payload as SyncProgressEvent;
            // The final 'done' progress may arrive just after wallet_updated: it ends the bar too.
            setSyncs((s) => ({
              ...s,
              [p.walletId]: p.phase === 'done' ? { kind: 'done' } : { kind: 'progress', progress: p },
            }));
          } else if (type === 'wallet_updated') {
            const { walletId } = payload as { walletId: string };
            setSyncs((s) => ({ ...s, [walletId]: { kind: 'done' } }));
            refresh();
          } else if (type === 'prices_updated') {
            refresh(); // new prices: every value re-read
          } else if (type === 'sync_failed') {
            const { walletId, reason } = payload as { walletId: string; reason: string };
            setSyncs((s) => ({ ...s, [walletId]: { kind: 'failed', reason } }));
            refresh();
          }
        },
      },
    );
    client.start();
    return () => client.stop();
  }, [api, refresh]);

  const walletList = useMemo(() => wallets.data ?? [], [wallets.data]);
  // A wallet id; cleared when that wallet is removed.
  const selectedWallet = walletList.some((w) => w.id === walletFilter) ? walletFilter : '';
  const portfolio = useAsync(
    () => api.portfolio(selectedWallet || undefined, { currency, asOf: asOf || undefined }),
    [api, selectedWallet, currency, asOf, refreshTick],
    settingsSettled,
  );
  const today = new Date().toISOString().slice(0, 10);

  function chooseCurrency(c: string) {
    setCurrencyChoice(c);
    // Remembered per user; a failed save still shows the chosen currency for this visit.
    api.updateSettings({ preferredCurrency: c }).catch(() => undefined);
  }

  function go(t: Tab) {
    window.location.hash = `#/${t}`;
    setTab(t);
    setGainsView('main');
  }

  function showGains(view: GainsView) {
    window.location.hash = view === 'report' ? '#/gains/report' : '#/gains';
    setGainsView(view);
  }

  return (
    <div className={`layout ${tab === 'gains' && gainsView === 'report' ? 'layout-report' : ''}`}>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          Adafolio
        </div>
        <nav className="tabs" aria-label="Sections">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              className={`tab ${tab === t.id ? 'tab-active' : ''}`}
              aria-current={tab === t.id ? 'page' : undefined}
              onClick={() => go(t.id)}
            >
              {t.label}
            </button>
          ))}
        </nav>
        <div className="topbar-right">
          <span
            className={`live live-${connection}`}
            title={`Live updates: ${connection}`}
            data-testid="live"
          >
            <span className="live-dot" aria-hidden="true" />
            {connection === 'open' ? 'Live' : connection === 'connecting' ? 'Connecting' : 'Offline'}
          </span>
          <span className="muted mono" title={address}>
            {shortAddress(address)}
          </span>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => api.signOut()}>
            Sign out
          </button>
        </div>
      </header>

      <main className="content">
        {wallets.error && !wallets.data ? <ErrorBox error={wallets.error} onRetry={wallets.reload} /> : null}
        {wallets.loading && !wallets.data ? <Loading label="Loading your wallets…" /> : null}
        {wallets.data && !settingsSettled && tab !== 'transactions' && tab !== 'wallets' ? (
          <Loading label="Loading your settings…" />
        ) : null}
        {wallets.data && settingsSettled && tab === 'overview' ? (
          walletList.length === 0 ? (
            <section className="card onboarding">
              <h2>Welcome to Adafolio</h2>
              <p>Add a wallet (an addr1… payment address or a stake1… account) to see your holdings.</p>
              <button type="button" className="btn btn-primary" onClick={() => go('wallets')}>
                Add a wallet
              </button>
            </section>
          ) : (
            <>
              <div className="toolbar">
                <label>
                  Wallet{' '}
                  <select value={selectedWallet} onChange={(e) => setWalletFilter(e.target.value)}>
                    <option value="">All wallets</option>
                    {walletList.map((w) => (
                      <option key={w.id} value={w.id}>
                        {w.label ?? shortAddress(w.address)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Currency{' '}
                  <select
                    aria-label="Currency"
                    data-testid="currency"
                    value={currency}
                    onChange={(e) => chooseCurrency(e.target.value)}
                  >
                    {(settings.data?.currencies ?? [currency]).map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  As of{' '}
                  <input
                    type="date"
                    aria-label="As of"
                    data-testid="as-of"
                    max={today}
                    value={asOf}
                    onChange={(e) => setAsOf(e.target.value)}
                  />
                </label>
                {asOf ? (
                  <button type="button" className="btn btn-small btn-ghost" onClick={() => setAsOf('')}>
                    Today
                  </button>
                ) : null}
              </div>
              <div className="grid-2">
                <HoldingsPanel portfolio={portfolio} />
                <AllocationChart
                  wallets={walletList}
                  walletId={selectedWallet}
                  refreshTick={refreshTick}
                  portfolio={portfolio.data}
                />
              </div>
              <div className="grid-2">
                <HistoryChart walletId={selectedWallet} refreshTick={refreshTick} />
                <ValueChart
                  walletId={selectedWallet}
                  currency={currency}
                  asOf={asOf}
                  refreshTick={refreshTick}
                />
              </div>
            </>
          )
        ) : null}
        {wallets.data && tab === 'transactions' ? (
          <TransactionsPanel wallets={walletList} refreshTick={refreshTick} />
        ) : null}
        {wallets.data && settingsSettled && tab === 'staking' ? (
          <StakingPage
            wallets={walletList}
            refreshTick={refreshTick}
            currency={currency}
            currencies={settings.data?.currencies ?? []}
            onCurrency={chooseCurrency}
            onAddWallet={() => go('wallets')}
          />
        ) : null}
        {wallets.data && settingsSettled && tab === 'gains' ? (
          <GainsPage
            wallets={walletList}
            refreshTick={refreshTick}
            settings={settings.data}
            currency={currency}
            currencies={settings.data?.currencies ?? []}
            onCurrency={chooseCurrency}
            onSettings={settings.reload}
            view={gainsView}
            onView={showGains}
          />
        ) : null}
        {wallets.data && tab === 'wallets' ? (
          <WalletsPanel
            wallets={walletList}
            syncs={syncs}
            onChanged={refresh}
            onSyncQueued={(id) => setSyncs((s) => ({ ...s, [id]: { kind: 'queued' } }))}
          />
        ) : null}
      </main>
    </div>
  );
}
