import type { RequestCounter } from '../chain/request-counter.js';
import type { ChainTransactionRepository } from '../db/repositories/chain-transaction-repository.js';
import type { SnapshotRepository } from '../db/repositories/snapshot-repository.js';
import type { TransactionRepository } from '../db/repositories/transaction-repository.js';
import type {
  ReconciliationResult,
  WalletCursor,
  WalletRepository,
} from '../db/repositories/wallet-repository.js';
import type { Network } from '../domain/address/decode-address.js';
import type { EventPublisher } from '../realtime/event-publisher.js';
import type { SyncChainSource } from './chain/sync-chain-source.js';
import type { StakeRewardsSync } from './rewards/stake-rewards-sync.js';
import type { SyncProgressState } from './sync-progress.js';
import type { TokenMetadataSource } from './token-metadata-source.js';

/** A chain source that can count one job's requests. */
export interface CountingChainSource extends SyncChainSource {
  withCounter(counter: RequestCounter): SyncChainSource;
}

export interface SyncLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface WalletSyncServiceOptions {
  /** Chain fetches in flight at once (`SYNC_CONCURRENCY`); all go through the shared token bucket. */
  concurrency: number;
  /** Transactions per database write (extended to a whole block). Default 500. */
  batchSize?: number;
  /** Reconcile an idle wallet when its last reconciliation is older than this. Default 24 h. */
  reconcileEveryMs?: number;
  /**
   * How a stake account's transactions are listed: `account` = `/accounts/{s}/transactions` (one
   * listing for every address, default); `addresses` = `/accounts/{s}/addresses` then each address.
   */
  stakeListing?: 'account' | 'addresses';
  network?: Network;
  /** Progress heartbeat while a sync runs. Default 1,000 ms. */
  progressIntervalMs?: number;
  /**
   * Read the fee of a plain wallet-funded transaction from its UTxOs instead of `/txs/{hash}` when that
   * is unambiguous (see inferPlainDetails). Default true.
   */
  inferPlainFees?: boolean;
  /**
   * After the records are written, fetch (`/assets/{asset}`, once per unit for the whole system) the
   * metadata of every token in the new flows or the holdings that is not stored yet. Default true
   * (needs the `tokenMetadata` dependency).
   */
  fetchTokenMetadata?: boolean;
}

export interface WalletSyncServiceDeps {
  chain: CountingChainSource;
  wallets: WalletRepository;
  transactions: TransactionRepository;
  snapshots: SnapshotRepository;
  chainTransactions: ChainTransactionRepository;
  /** Token names/tickers/decimals: read for descriptions, fetched for new units after the writes. */
  tokenMetadata?: TokenMetadataSource;
  /** Stake wallets' rewards (the rewards stage); without it a sync reads no rewards. */
  rewards?: StakeRewardsSync;
  events?: EventPublisher;
  logger?: SyncLogger;
  clock?: () => Date;
}

export interface SyncTarget {
  userId: string;
  walletId: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Called on every progress report (the CLI draws its bar from it). */
  onProgress?: (state: SyncProgressState) => void;
}

/** What the rewards stage did in one run (stake wallets only). */
export interface RewardsStageReport {
  /** false: this epoch's rewards were already stored (no request), or the chain has no epochs. */
  read: boolean;
  /** The chain answers no epochs (a recorded chain): rewards are unknown, not zero. */
  unavailable: boolean;
  epoch: number | null;
  newRewards: number;
  /** Pool metadata/history reads this run made for the whole system (in `requests`). */
  pools: { metadataRead: number; historyRead: number; failed: number };
}

export interface WalletSyncReport {
  userId: string;
  walletId: string;
  walletAddress: string;
  /** `idle`: one probe said nothing is new. */
  outcome: 'idle' | 'synced';
  /** Transactions listed as new since the cursor. */
  newTransactions: number;
  recordsWritten: number;
  recordsDeleted: number;
  rollback: { fromHeight: number; toHeight: number } | null;
  cursor: WalletCursor | null;
  reconciliation: ReconciliationResult | null;
  /** Stake wallets with a rewards stage: its work this run; null for payment wallets. */
  rewards: RewardsStageReport | null;
  /** `inferred`: wallet-funded plain transactions whose fee was read from their UTxOs (no /txs/{h}). */
  fetched: { utxos: number; details: number; cached: number; inferred: number };
  requests: { total: number; byEndpoint: Record<string, number> };
  /**
   * Token metadata of this run: `fetched` units that were not stored and now are (one `/assets/{asset}`
   * each, in `requests`, unless another job's fetch of the same unit was in flight and was shared);
   * `failed` units left for the next sync (budget spent, outage).
   */
  tokenMetadata: { fetched: number; failed: number };
  durationMs: number;
  /**
   * Milliseconds per stage: probe, listing, fetch (waiting for chain data), parse, write, snapshots,
   * rewards, reconcile, tokens.
   */
  timingsMs: Record<string, number>;
}
