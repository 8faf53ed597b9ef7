import type { RequestCounter } from '../../chain/request-counter.js';
import type { Wallet } from '../../db/repositories/wallet-repository.js';
import type { WalletAddress } from '../../domain/address/wallet-address.js';
import type { TxUtxos } from '../../domain/blockfrost-types.js';
import type { WalletSet } from '../../domain/ledger/wallet-set.js';
import type { AccountEventsLoader } from '../account-events-loader.js';
import type { SyncChainSource, TxDetailsWithBlock, TxRef } from '../chain/sync-chain-source.js';
import type { SyncProgress } from '../sync-progress.js';

/** One transaction's chain data as the fetch stage hands it to the parse stage. */
export interface FetchedTx {
  ref: TxRef;
  utxos: TxUtxos;
  details: TxDetailsWithBlock | null;
  blockHash: string;
}

/** Everything one run of one wallet's sync shares between its stages, built once at its start. */
export interface SyncRun {
  userId: string;
  wallet: Wallet;
  target: WalletAddress;
  walletSet: WalletSet;
  chain: SyncChainSource;
  counter: RequestCounter;
  signal: AbortSignal | undefined;
  progress: SyncProgress;
  stats: { utxos: number; details: number; cached: number; inferred: number };
  /** Stake wallets: the certificates and withdrawals of the account, loaded as the batches need them. */
  accountEvents: AccountEventsLoader | null;
  /** Milliseconds spent per stage (summed over batches), for the report and the benchmark. */
  timings: Record<string, number>;
  /**
   * For a wallet never synced before, every record it has is written by this run: its daily flows and
   * balances are tallied in memory, sparing the aggregate queries. Null otherwise.
   */
  fresh: { daily: Map<string, bigint>; balances: Map<string, bigint> } | null;
  /** Token units of the flows written by this run. */
  newUnits: Set<string>;
  tokenStats: { fetched: number; failed: number };
}

/** Runs `fn`, adding its wall time to `run.timings[stage]`. */
export async function timed<T>(
  run: Pick<SyncRun, 'timings'>,
  stage: string,
  fn: () => Promise<T>,
): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    run.timings[stage] = (run.timings[stage] ?? 0) + performance.now() - t0;
  }
}
