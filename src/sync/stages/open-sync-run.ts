import { RequestCounter } from '../../chain/request-counter.js';
import type { Network } from '../../domain/address/decode-address.js';
import { parseWalletAddress } from '../../domain/address/wallet-address.js';
import { WalletSet } from '../../domain/ledger/wallet-set.js';
import { SyncProgress } from '../sync-progress.js';
import { WalletNotFoundError } from '../wallet-not-found.error.js';
import type { RunOptions, SyncTarget, WalletSyncServiceDeps } from '../wallet-sync.types.js';
import type { SyncRun } from './sync-run.js';

/**
 * Starts one run: the wallet and the user's whole wallet set (the ledger needs all of it) in one query,
 * a request counter for this job, and progress reported to the caller and, as `sync_progress`, to the
 * user's browsers. Throws WalletNotFoundError for a wallet the user does not have.
 */
export async function openSyncRun(
  deps: Pick<WalletSyncServiceDeps, 'wallets' | 'chain' | 'events'>,
  target: SyncTarget,
  options: RunOptions,
  settings: { network: Network; progressIntervalMs: number },
): Promise<SyncRun> {
  const userWallets = await deps.wallets.list(target.userId);
  const wallet = userWallets.find((w) => w.id === target.walletId.toLowerCase());
  if (!wallet) throw new WalletNotFoundError(target.walletId);
  const counter = new RequestCounter();
  const progress = new SyncProgress((state) => {
    options.onProgress?.(state);
    void deps.events
      ?.publish(target.userId, 'sync_progress', {
        walletId: wallet.id,
        walletAddress: wallet.address,
        ...state,
      })
      .catch(() => undefined);
  }, settings.progressIntervalMs);
  return {
    userId: target.userId,
    wallet,
    target: parseWalletAddress(wallet.address, settings.network),
    walletSet: new WalletSet(userWallets.map((w) => parseWalletAddress(w.address, settings.network))),
    chain: deps.chain.withCounter(counter),
    counter,
    signal: options.signal,
    progress,
    stats: { utxos: 0, details: 0, cached: 0, inferred: 0 },
    accountEvents: null,
    timings: {},
    fresh:
      wallet.cursor === null && wallet.lastSyncedAt === null
        ? { daily: new Map(), balances: new Map() }
        : null,
    newUnits: new Set(),
    tokenStats: { fetched: 0, failed: 0 },
  };
}
