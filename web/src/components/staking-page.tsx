import { useState } from 'react';
import type { Wallet } from '../api/types.js';
import { useServices } from '../app-context.js';
import { shortAddress } from '../format/addresses.js';
import { formatAda } from '../format/amounts.js';
import { formatMoney } from '../format/money.js';
import { useAsync } from '../hooks/use-async.js';
import { epochPoints } from '../staking/epoch-points.js';
import { DelegationsCard } from './delegations-card.js';
import { RewardsChart } from './rewards-chart.js';
import { csvFilename, saveBlob } from './save-blob.js';
import { EpochTable, PoolTotals, YearTotals } from './staking-tables.js';
import { Empty, ErrorBox, Loading } from './status.js';
import { YieldChart } from './yield-chart.js';

/**
 * Staking income: rewards per epoch (ADA and value at receipt), totals per year and per pool, the
 * yield against the pool's, the current delegation and rewards-ledger check per stake wallet, and the
 * rewards as CSV. Reloads with the other panels on `wallet_updated` (through `refreshTick`).
 */
export function StakingPage(props: {
  wallets: Wallet[];
  refreshTick: number;
  currency: string;
  currencies: string[];
  onCurrency: (c: string) => void;
  onAddWallet: () => void;
}) {
  const { api } = useServices();
  const stakeWallets = props.wallets.filter((w) => w.kind === 'stake');
  const [walletChoice, setWalletChoice] = useState('');
  // A wallet id; cleared when that wallet is removed.
  const walletId = stakeWallets.some((w) => w.id === walletChoice) ? walletChoice : '';
  const hasStakeWallet = stakeWallets.length > 0;
  const report = useAsync(
    () =>
      hasStakeWallet
        ? api.staking({ walletId: walletId || undefined, currency: props.currency })
        : Promise.resolve(null),
    [api, walletId, props.currency, props.refreshTick, hasStakeWallet],
  );
  const [csv, setCsv] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });

  async function exportCsv() {
    setCsv({ busy: true, error: null });
    try {
      const blob = await api.stakingCsv({ walletId: walletId || undefined, currency: props.currency });
      saveBlob(blob, csvFilename('staking-rewards'));
      setCsv({ busy: false, error: null });
    } catch (error) {
      setCsv({ busy: false, error });
    }
  }

  if (!hasStakeWallet) {
    return (
      <section className="card onboarding" data-testid="staking-empty">
        <h2>No stake account yet</h2>
        <p>
          Staking rewards are paid to a stake account, not to an address. Add your{' '}
          <span className="mono">stake1…</span> account to see what staking earned you per epoch, per pool and
          per year.
        </p>
        <button type="button" className="btn btn-primary" onClick={props.onAddWallet}>
          Add a stake account
        </button>
      </section>
    );
  }

  const data = report.data;
  const points = data ? epochPoints(data.byEpoch) : [];
  return (
    <div className="stack" data-testid="staking">
      <div className="toolbar">
        <label>
          Stake account{' '}
          <select
            value={walletId}
            onChange={(e) => setWalletChoice(e.target.value)}
            aria-label="Stake account"
          >
            <option value="">All stake accounts</option>
            {stakeWallets.map((w) => (
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
            data-testid="staking-currency"
            value={props.currency}
            onChange={(e) => props.onCurrency(e.target.value)}
          >
            {(props.currencies.length ? props.currencies : [props.currency]).map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <span className="grow" />
        {report.loading && data ? <span className="spinner" aria-label="Refreshing" /> : null}
        <button
          type="button"
          className="btn btn-small"
          onClick={() => void exportCsv()}
          disabled={csv.busy || !data || data.rewards.length === 0}
          data-testid="staking-csv"
          title="Download every reward with its value at receipt"
        >
          {csv.busy ? 'Exporting…' : 'Export rewards CSV'}
        </button>
      </div>
      {csv.error ? <ErrorBox error={csv.error} onRetry={() => void exportCsv()} /> : null}
      {report.error ? <ErrorBox error={report.error} onRetry={report.reload} /> : null}
      {report.loading && !data ? <Loading label="Loading staking rewards…" /> : null}
      {data ? (
        <>
          {data.delegations.length > 0 ? <DelegationsCard delegations={data.delegations} /> : null}
          {data.rewards.length === 0 ? (
            <section className="card">
              <Empty title="No staking rewards yet.">
                Rewards appear after a sync of a delegated stake account; a new delegation pays from its third
                epoch on.
              </Empty>
            </section>
          ) : (
            <>
              <section className="card summary" data-testid="staking-summary">
                <div>
                  <div className="muted small">Total rewards</div>
                  <div className="total-figure mono" data-testid="staking-total-ada">
                    {formatAda(data.total.amountLovelace)} ADA
                  </div>
                </div>
                <div>
                  <div className="muted small">Value at receipt</div>
                  <div
                    className="total-figure mono"
                    data-testid="staking-total-value"
                    data-exact={data.total.value ?? ''}
                  >
                    {formatMoney(data.total.value, data.currency)}
                  </div>
                  {data.total.unpriced > 0 ? (
                    <div className="warning small" data-testid="staking-unpriced">
                      {data.total.unpriced} reward{data.total.unpriced === 1 ? '' : 's'} without a price{' '}
                      {data.total.unpriced === 1 ? 'is' : 'are'} not in the value.
                    </div>
                  ) : null}
                </div>
                <div>
                  <div className="muted small">Rewards</div>
                  <div className="total-figure mono">{data.total.count}</div>
                </div>
              </section>
              <div className="grid-2">
                <RewardsChart points={points} currency={data.currency} />
                <YearTotals report={data} />
              </div>
              <div className="grid-2">
                <YieldChart points={points} epochsPerYear={data.epochsPerYear} />
                <PoolTotals report={data} />
              </div>
              <EpochTable report={data} />
            </>
          )}
        </>
      ) : null}
    </div>
  );
}
