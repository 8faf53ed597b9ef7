import { useEffect, useMemo, useRef, useState } from 'react';
import { PROTOCOL_NAMES, PROTOCOLS, TX_ACTIONS } from '../../../src/domain/vocabulary.js';
import type { Transaction, TransactionFilters, TransactionPage, Wallet } from '../api/types.js';
import { useServices } from '../app-context.js';
import { shortAddress, shortHash } from '../format/addresses.js';
import { formatAda, formatUnits, toBigInt } from '../format/amounts.js';
import { dayEndExclusiveIso, dayStartIso, formatDateTime } from '../format/dates.js';
import { tokenLabel } from '../format/tokens.js';
import { gainsByTx } from '../gains/by-tx.js';
import { formatGain, gainClass } from '../gains/format.js';
import { useAsync } from '../hooks/use-async.js';
import { filterMatchesRewards, mergeActivity, STAKING_INCOME } from '../staking/activity.js';
import { RewardRow } from './reward-row.js';
import { csvFilename, saveBlob } from './save-blob.js';
import { Empty, ErrorBox, Loading } from './status.js';

const PAGE_SIZE = 25;
const NO_RECORDS: TransactionPage = { items: [], nextCursor: null };

interface FilterForm {
  wallet: string;
  action: string;
  protocol: string;
  token: string;
  fromDay: string;
  toDay: string;
}

const EMPTY_FORM: FilterForm = { wallet: '', action: '', protocol: '', token: '', fromDay: '', toDay: '' };

function toFilters(f: FilterForm): TransactionFilters {
  return {
    walletId: f.wallet || undefined,
    // Staking income is not a transaction category: it selects the reward rows instead.
    action: f.action && f.action !== STAKING_INCOME ? f.action : undefined,
    protocol: f.protocol || undefined,
    unit: f.token || undefined,
    from: dayStartIso(f.fromDay),
    to: dayEndExclusiveIso(f.toDay),
  };
}

export function actionLabel(action: string): string {
  return action
    .replace(/_/g, ' ')
    .replace(/\bnft\b/g, 'NFT')
    .replace(/^./, (c) => c.toUpperCase());
}

/**
 * Categorised history with filters, cursor pagination ("Load more") and a CSV export of the same filter.
 * Staking rewards appear among the records as income rows (see staking/activity.ts for the merge).
 */
export function TransactionsPanel({ wallets, refreshTick }: { wallets: Wallet[]; refreshTick: number }) {
  const { api } = useServices();
  const [form, setForm] = useState<FilterForm>(EMPTY_FORM);
  const filters = toFilters(form);
  const filterKey = JSON.stringify(filters);
  const [items, setItems] = useState<Transaction[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [more, setMore] = useState<{ loading: boolean; error: unknown }>({ loading: false, error: null });
  const [csv, setCsv] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const holdings = useAsync(() => api.holdings(), [api, refreshTick]);

  const incomeOnly = form.action === STAKING_INCOME;
  const withRewards = filterMatchesRewards(form);
  // The first page reloads when the filter changes or the data changed (refreshTick).
  const first = useAsync(
    () => (incomeOnly ? Promise.resolve(NO_RECORDS) : api.transactions(filters, null, PAGE_SIZE)),
    [api, filterKey, incomeOnly, refreshTick],
  );
  // The same wallet and date range as the records (spendable time for rewards).
  const rewards = useAsync(
    () =>
      withRewards
        ? api.staking({ walletId: filters.walletId, from: filters.from, to: filters.to })
        : Promise.resolve(null),
    [api, withRewards, filters.walletId, filters.from, filters.to, refreshTick],
  );
  // The gain of each disposal, by transaction, with the saved cost-basis settings (an API without
  // gains, or a failed report, just shows no gains).
  const gains = useAsync(() => api.gains().catch(() => null), [api, refreshTick]);
  const gainOf = useMemo(() => (gains.data ? gainsByTx(gains.data.disposals) : null), [gains.data]);
  useEffect(() => {
    if (!first.data) return;
    setItems(first.data.items);
    setCursor(first.data.nextCursor);
    setMore({ loading: false, error: null });
  }, [first.data]);

  const latestFilterKey = useRef(filterKey);
  latestFilterKey.current = filterKey;
  async function loadMore() {
    if (!cursor) return;
    const key = filterKey;
    setMore({ loading: true, error: null });
    try {
      const page = await api.transactions(filters, cursor, PAGE_SIZE);
      if (latestFilterKey.current !== key) return; // the filter changed meanwhile
      setItems((prev) => {
        const seen = new Set(prev.map((t) => t.id));
        return [...prev, ...page.items.filter((t) => !seen.has(t.id))];
      });
      setCursor(page.nextCursor);
      setMore({ loading: false, error: null });
    } catch (error) {
      setMore({ loading: false, error });
    }
  }

  async function exportCsv() {
    setCsv({ busy: true, error: null });
    try {
      if (incomeOnly) {
        const range = { walletId: filters.walletId, from: filters.from, to: filters.to };
        saveBlob(await api.stakingCsv(range), csvFilename('staking-rewards'));
      } else {
        saveBlob(await api.exportCsv(filters), csvFilename('transactions'));
      }
      setCsv({ busy: false, error: null });
    } catch (error) {
      setCsv({ busy: false, error });
    }
  }

  const labels = new Map(wallets.map((w) => [w.address, w.label ?? shortAddress(w.address)]));
  const tokenOptions = (holdings.data ?? []).filter((h) => h.unit !== 'lovelace');
  const set = (patch: Partial<FilterForm>) => setForm((f) => ({ ...f, ...patch }));
  const filtered = JSON.stringify(form) !== JSON.stringify(EMPTY_FORM);
  const rewardList = withRewards ? (rewards.data?.rewards ?? []) : [];
  const activity = mergeActivity(items, rewardList, { complete: !cursor });
  const txCount = items.length;
  const rewardsReady = !withRewards || rewards.data !== undefined || rewards.error !== null;

  return (
    <section className="card" aria-labelledby="tx-title" data-testid="transactions">
      <div className="card-head">
        <h2 id="tx-title">Transactions</h2>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => void exportCsv()}
          disabled={csv.busy}
          data-testid="csv-export"
          title={
            incomeOnly
              ? 'Download every staking reward that matches the filters'
              : 'Download every transaction that matches the filters (rewards: choose Staking income)'
          }
        >
          {csv.busy ? 'Exporting…' : 'Export CSV'}
        </button>
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label>
          Wallet
          <select value={form.wallet} onChange={(e) => set({ wallet: e.target.value })} name="wallet">
            <option value="">All</option>
            {wallets.map((w) => (
              <option key={w.id} value={w.id}>
                {w.label ?? shortAddress(w.address)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Action
          <select value={form.action} onChange={(e) => set({ action: e.target.value })} name="action">
            <option value="">All</option>
            <option value={STAKING_INCOME}>Staking income</option>
            {TX_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Protocol
          <select value={form.protocol} onChange={(e) => set({ protocol: e.target.value })} name="protocol">
            <option value="">All</option>
            {PROTOCOLS.map((p) => (
              <option key={p} value={p}>
                {PROTOCOL_NAMES[p] ?? p}
              </option>
            ))}
          </select>
        </label>
        <label>
          Token
          <select value={form.token} onChange={(e) => set({ token: e.target.value })} name="token">
            <option value="">All</option>
            <option value="lovelace">ADA</option>
            {tokenOptions.map((t) => (
              <option key={t.unit} value={t.unit}>
                {tokenLabel(t)}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input
            type="date"
            value={form.fromDay}
            onChange={(e) => set({ fromDay: e.target.value })}
            name="from"
          />
        </label>
        <label>
          To
          <input type="date" value={form.toDay} onChange={(e) => set({ toDay: e.target.value })} name="to" />
        </label>
        {filtered ? (
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setForm(EMPTY_FORM)}>
            Clear
          </button>
        ) : null}
      </form>

      {csv.error ? <ErrorBox error={csv.error} onRetry={() => void exportCsv()} /> : null}
      {first.error ? <ErrorBox error={first.error} onRetry={first.reload} /> : null}
      {withRewards && rewards.error ? <ErrorBox error={rewards.error} onRetry={rewards.reload} /> : null}
      {first.loading && !first.data ? <Loading /> : null}
      {first.data && rewardsReady && activity.items.length === 0 ? (
        <Empty
          title={
            incomeOnly
              ? 'No staking income matches these filters.'
              : filtered
                ? 'No transactions match these filters.'
                : 'No transactions yet.'
          }
        >
          {filtered ? null : 'They appear here as soon as a wallet has synced.'}
        </Empty>
      ) : null}
      {activity.items.length > 0 ? (
        <div className={`table-wrap ${first.loading ? 'is-stale' : ''}`}>
          <table className="table tx-table">
            <thead>
              <tr>
                <th>Date</th>
                <th>Action</th>
                <th>Wallet</th>
                <th className="num">ADA</th>
                <th>Tokens</th>
                <th className="num">Fee</th>
                <th>Tx</th>
              </tr>
            </thead>
            <tbody>
              {activity.items.map((item) =>
                item.kind === 'tx' ? (
                  <TransactionRow
                    key={item.key}
                    tx={item.tx}
                    walletLabel={labels.get(item.tx.walletAddress)}
                    gain={gainOf?.get(item.tx.txHash)}
                    currency={gains.data?.currency ?? ''}
                  />
                ) : (
                  <RewardRow
                    key={item.key}
                    reward={item.reward}
                    walletLabel={labels.get(item.reward.walletAddress)}
                    currency={rewards.data?.currency ?? ''}
                  />
                ),
              )}
            </tbody>
          </table>
        </div>
      ) : null}
      {more.error ? <ErrorBox error={more.error} onRetry={() => void loadMore()} /> : null}
      {cursor && txCount > 0 ? (
        <div className="center">
          <button type="button" className="btn" onClick={() => void loadMore()} disabled={more.loading}>
            {more.loading ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
      {!cursor && activity.items.length > 0 ? (
        <p className="muted small center" data-testid="tx-end">
          {incomeOnly ? '' : `${txCount} transaction${txCount === 1 ? '' : 's'}`}
          {incomeOnly ? '' : activity.shownRewards > 0 ? ' and ' : ''}
          {activity.shownRewards > 0
            ? `${activity.shownRewards} reward${activity.shownRewards === 1 ? '' : 's'}`
            : ''}{' '}
          — that is all.
        </p>
      ) : null}
    </section>
  );
}

function TransactionRow({
  tx,
  walletLabel,
  gain,
  currency,
}: {
  tx: Transaction;
  walletLabel: string | undefined;
  /** Σ gain of this transaction's disposals (exact text), when it disposed of anything. */
  gain: string | undefined;
  currency: string;
}) {
  const [open, setOpen] = useState(false);
  const net = toBigInt(tx.netAdaChange) ?? 0n;
  const tokens = tx.flows.filter((f) => f.unit !== 'lovelace');
  return (
    <>
      <tr data-testid="tx-row" data-action={tx.action} className={open ? 'row-open' : undefined}>
        <td className="nowrap">{formatDateTime(tx.timestamp)}</td>
        <td>
          <span className={`badge action-${tx.action}`}>{actionLabel(tx.action)}</span>
          {tx.protocol ? (
            <span className="muted small"> · {PROTOCOL_NAMES[tx.protocol] ?? tx.protocol}</span>
          ) : null}
          {tx.description ? <div className="muted small">{tx.description}</div> : null}
          {gain !== undefined ? (
            <div
              className="small"
              data-testid="tx-gain"
              data-exact={gain}
              title="Realized gain (saved method)"
            >
              Gain <span className={`mono ${gainClass(gain)}`}>{formatGain(gain, currency)}</span>
            </div>
          ) : null}
          {tx.actionId ? (
            <button
              type="button"
              className="link-button small"
              aria-expanded={open}
              onClick={() => setOpen((o) => !o)}
            >
              {open ? 'Hide linked transactions' : 'Linked transactions'}
            </button>
          ) : null}
        </td>
        <td className="nowrap" title={tx.walletAddress}>
          {walletLabel ?? shortAddress(tx.walletAddress)}
        </td>
        <td className={`num mono nowrap ${net > 0n ? 'pos' : net < 0n ? 'neg' : ''}`}>
          {formatAda(net, { signed: true })}
        </td>
        <td>
          {tokens.map((f) => {
            const q = toBigInt(f.quantity) ?? 0n;
            return (
              <div
                key={f.unit}
                className={`small mono ${q > 0n ? 'pos' : q < 0n ? 'neg' : ''}`}
                title={f.unit}
              >
                {formatUnits(f.quantity, f.decimals, { signed: true })} {tokenLabel(f)}
              </div>
            );
          })}
        </td>
        <td className="num mono muted">{tx.fees === '0' ? '—' : formatAda(tx.fees)}</td>
        <td>
          <TxLink hash={tx.txHash} />
        </td>
      </tr>
      {open ? (
        <tr className="row-detail">
          <td colSpan={7}>
            <LinkedActionView transactionId={tx.id} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function TxLink({ hash }: { hash: string }) {
  return (
    <a
      className="mono small"
      href={`https://cardanoscan.io/transaction/${hash}`}
      target="_blank"
      rel="noreferrer"
      title={hash}
    >
      {shortHash(hash)}
    </a>
  );
}

const STATUS_TEXT: Record<string, string> = {
  open: 'Open: waiting to be filled',
  completed: 'Completed',
  refunded: 'Refunded',
};

/** The action a transaction belongs to (a DEX order and the fill or refund that consumed it). */
function LinkedActionView({ transactionId }: { transactionId: string }) {
  const { api } = useServices();
  const detail = useAsync(() => api.transactionDetail(transactionId), [api, transactionId]);
  if (detail.error) return <ErrorBox error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <Loading />;
  const action = detail.data.linkedAction;
  if (!action) return <span className="muted small">This transaction is not part of a linked action.</span>;
  return (
    <div className="linked-action" data-testid="linked-action">
      <div>
        <strong>{actionLabel(action.actionType)}</strong>
        {action.protocol ? ` on ${PROTOCOL_NAMES[action.protocol] ?? action.protocol}` : ''} ·{' '}
        <span className={`badge status-${action.status}`}>{STATUS_TEXT[action.status] ?? action.status}</span>
      </div>
      {action.description ? <div className="muted small">{action.description}</div> : null}
      <ol className="small">
        {action.transactions.map((t) => (
          <li key={t.id}>
            <TxLink hash={t.txHash} />
            {t.id === transactionId ? <span className="muted"> (this transaction)</span> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
