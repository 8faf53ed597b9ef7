import { useState, type FormEvent } from 'react';
import type { Wallet } from '../api/types.js';
import { useServices } from '../app-context.js';
import { detectAddressKind, shortAddress } from '../format/addresses.js';
import { formatAda, toBigInt } from '../format/amounts.js';
import { formatDateTime } from '../format/dates.js';
import { useAsync } from '../hooks/use-async.js';
import type { SyncProgressEvent } from '../realtime/realtime-client.js';
import { describeError, Empty } from './status.js';

/** What the live events said about a wallet's sync since the page loaded. */
export type SyncState =
  | { kind: 'queued' }
  | { kind: 'progress'; progress: SyncProgressEvent }
  | { kind: 'done' }
  | { kind: 'failed'; reason: string };

export function WalletsPanel({
  wallets,
  syncs,
  onChanged,
  onSyncQueued,
}: {
  wallets: Wallet[];
  syncs: Record<string, SyncState>;
  onChanged: () => void;
  /** A sync job was enqueued for this wallet (show it waiting until the worker reports). */
  onSyncQueued: (walletId: string) => void;
}) {
  return (
    <div className="stack">
      <AddWalletForm
        onAdded={(walletId, queued) => {
          if (queued) onSyncQueued(walletId);
          onChanged();
        }}
      />
      <section className="card" aria-labelledby="wallets-title" data-testid="wallets">
        <div className="card-head">
          <h2 id="wallets-title">Your wallets</h2>
          <span className="muted small">{wallets.length} tracked</span>
        </div>
        {wallets.length === 0 ? (
          <Empty title="No wallets yet.">Add a payment address or a stake account above.</Empty>
        ) : (
          <ul className="wallet-list">
            {wallets.map((w) => (
              <WalletItem
                key={w.id}
                wallet={w}
                sync={syncs[w.id]}
                onChanged={onChanged}
                onSyncQueued={() => onSyncQueued(w.id)}
              />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function AddWalletForm({ onAdded }: { onAdded: (walletId: string, syncQueued: boolean) => void }) {
  const { api } = useServices();
  const [address, setAddress] = useState('');
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const trimmed = address.trim();
  const kind = detectAddressKind(trimmed);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!trimmed) return;
    setBusy(true);
    setError(null);
    try {
      const added = await api.addWallet(trimmed, label.trim() || undefined);
      setAddress('');
      setLabel('');
      onAdded(added.wallet.id, added.sync !== null);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="add-wallet-title">
      <h2 id="add-wallet-title">Add a wallet</h2>
      <form className="add-wallet" onSubmit={(e) => void submit(e)}>
        <label className="grow">
          Address
          <input
            name="address"
            placeholder="addr1… or stake1…"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            className="mono"
          />
        </label>
        <label>
          Name (optional)
          <input
            name="label"
            placeholder="e.g. Savings"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
          />
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy || !trimmed}>
          {busy ? 'Adding…' : 'Add wallet'}
        </button>
      </form>
      <p className="muted small">
        {trimmed && !kind
          ? 'This does not look like a mainnet addr1… or stake1… address.'
          : kind === 'stake'
            ? 'A stake account tracks every address of that wallet, rewards included.'
            : kind === 'payment'
              ? 'A payment address tracks just this address. Use the stake1… account to track a whole wallet.'
              : 'Adafolio only reads public chain data; it never needs your keys.'}
      </p>
      {error ? (
        <p className="status status-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}

function WalletItem({
  wallet,
  sync,
  onChanged,
  onSyncQueued,
}: {
  wallet: Wallet;
  sync: SyncState | undefined;
  onChanged: () => void;
  onSyncQueued: () => void;
}) {
  const { api } = useServices();
  const [editing, setEditing] = useState(false);
  const [label, setLabel] = useState(wallet.label ?? '');
  const [busy, setBusy] = useState<null | 'sync' | 'rename' | 'remove'>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(kind: 'sync' | 'rename' | 'remove', fn: () => Promise<void>) {
    setBusy(kind);
    setError(null);
    try {
      await fn();
      return true;
    } catch (err) {
      setError(describeError(err));
      return false;
    } finally {
      setBusy(null);
    }
  }

  const progress = sync?.kind === 'progress' ? sync.progress : null;
  const syncing = progress !== null || sync?.kind === 'queued';
  const title = wallet.label ?? shortAddress(wallet.address);

  return (
    <li className="wallet-item" data-testid="wallet-item" data-address={wallet.address}>
      <div className="wallet-main">
        {editing ? (
          <form
            className="rename"
            onSubmit={(e) => {
              e.preventDefault();
              void run('rename', () =>
                api.renameWallet(wallet.id, label.trim() || null).then(() => undefined),
              ).then((ok) => {
                if (ok) {
                  setEditing(false);
                  onChanged();
                }
              });
            }}
          >
            <input
              aria-label="Wallet name"
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              autoFocus
            />
            <button type="submit" className="btn btn-small btn-primary" disabled={busy !== null}>
              Save
            </button>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <div className="wallet-title">
            <strong data-testid="wallet-label">{title}</strong>
            <span className="badge badge-kind">{wallet.kind === 'stake' ? 'Stake account' : 'Address'}</span>
            <ReconciliationBadge wallet={wallet} />
          </div>
        )}
        <div className="mono small muted wallet-address" title={wallet.address}>
          {wallet.address}
        </div>
        <div className="small muted">
          {wallet.lastSyncedAt ? `Last synced ${formatDateTime(wallet.lastSyncedAt)}` : 'Not synced yet'}
          {wallet.syncedToBlock !== null ? ` · up to block ${wallet.syncedToBlock.toLocaleString()}` : null}
        </div>
        {syncing ? <SyncProgressBar progress={progress} /> : null}
        {sync?.kind === 'failed' ? (
          <p className="status status-error small" role="alert">
            Sync failed: {sync.reason}
          </p>
        ) : null}
        {error ? (
          <p className="status status-error small" role="alert">
            {error}
          </p>
        ) : null}
      </div>
      <div className="wallet-actions">
        <button
          type="button"
          className="btn btn-small"
          disabled={busy !== null}
          onClick={() =>
            void run('sync', () => api.syncWallet(wallet.id)).then((ok) => {
              if (ok) onSyncQueued();
            })
          }
        >
          {busy === 'sync' ? 'Queuing…' : 'Sync now'}
        </button>
        <button
          type="button"
          className="btn btn-small btn-ghost"
          disabled={busy !== null}
          onClick={() => {
            setLabel(wallet.label ?? '');
            setEditing(true);
          }}
        >
          Rename
        </button>
        <button
          type="button"
          className="btn btn-small btn-danger"
          disabled={busy !== null}
          onClick={() => {
            if (!window.confirm(`Stop tracking ${title}? Its stored history will be deleted.`)) return;
            void run('remove', () => api.removeWallet(wallet.id)).then((ok) => ok && onChanged());
          }}
        >
          Remove
        </button>
      </div>
    </li>
  );
}

function SyncProgressBar({ progress }: { progress: SyncProgressEvent | null }) {
  const known = progress !== null && progress.total > 0;
  const pct = known ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 0;
  return (
    <div className="sync" data-testid="sync-progress">
      <div
        className={`progress ${known ? '' : 'progress-indeterminate'}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={known ? pct : undefined}
      >
        <div className="progress-fill" style={known ? { width: `${pct}%` } : undefined} />
      </div>
      <div className="small muted">
        {progress
          ? `${phaseLabel(progress.phase)}${known ? ` · ${progress.done} / ${progress.total}` : ''}`
          : 'Waiting for a worker…'}
      </div>
    </div>
  );
}

/** The sync pipeline's phases (src/sync/sync-progress.ts) in words; unknown ones are humanised. */
const PHASES: Record<string, string> = {
  checking: 'Checking for new blocks',
  rollback: 'Handling a chain rollback',
  listing: 'Listing transactions',
  fetching: 'Fetching transactions',
  writing: 'Saving records',
  snapshots: 'Updating holdings',
  rewards: 'Reading staking rewards',
  reconciling: 'Checking the balance against the chain',
  waiting_for_budget: 'Paused: daily Blockfrost request budget spent, resuming later',
};

function phaseLabel(phase: string): string {
  return PHASES[phase] ?? phase.replace(/[_-]/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/**
 * The reconciliation verdict. The wallet list carries only the status; the amounts (for the tooltip
 * and the mismatch figure) come from the wallet's reconciliation route.
 */
export function ReconciliationBadge({ wallet }: { wallet: Wallet }) {
  const { api } = useServices();
  const status = wallet.reconciliationStatus;
  const detail = useAsync(
    () => (status ? api.reconciliation(wallet.id) : Promise.resolve(null)),
    [api, wallet.id, status, wallet.lastSyncedAt],
  );
  const r = detail.data;
  if (!status) return <span className="badge badge-muted">Not reconciled</span>;
  if (status === 'matched') {
    return (
      <span
        className="badge badge-ok"
        data-testid="reconciliation-matched"
        title={r ? `Matches the chain: ${formatAda(r.chainLovelace)} ADA` : 'Matches the chain'}
      >
        ✓ Matched
      </span>
    );
  }
  const diff = r ? (toBigInt(r.differenceLovelace) ?? 0n) : null;
  return (
    <span
      className="badge badge-warn"
      data-testid="reconciliation-mismatch"
      title={
        r
          ? `Chain ${formatAda(r.chainLovelace)} ADA, computed ${formatAda(r.computedLovelace)} ADA`
          : 'The computed balance differs from the chain'
      }
    >
      ⚠ Mismatch{diff !== null ? ` ${formatAda(diff, { signed: true })} ADA` : ''}
    </span>
  );
}
