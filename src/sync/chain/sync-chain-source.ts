import type { TxDetails, TxUtxos } from '../../domain/blockfrost-types.js';

/** One entry of a transaction listing, in chain order (block height, then index in the block). */
export interface TxRef {
  txHash: string;
  blockHeight: number;
  txIndex: number;
  /** Unix seconds. */
  blockTime: number;
}

/** `/accounts/{stake}` as the sync reads it. */
export interface AccountState {
  controlledAmount: bigint;
  withdrawableAmount: bigint;
  withdrawalsSum: bigint;
  active: boolean;
  poolId: string | null;
  activeEpoch: number | null;
}

export interface ListingQuery {
  /** Only transactions from this block height on (inclusive). */
  fromHeight?: number;
  signal?: AbortSignal;
}

/** A transaction's `/txs/{hash}` body with the block fields the sync needs. */
export type TxDetailsWithBlock = TxDetails & { block: string; block_height: number };

export interface AccountRegistrationEvent {
  txHash: string;
  action: 'registered' | 'deregistered';
}
export interface AccountDelegationEvent {
  txHash: string;
  poolId: string;
}
export interface AccountWithdrawalEvent {
  txHash: string;
  amount: string;
}

/**
 * The chain reads the sync pipeline makes (port). Every method is exactly one Blockfrost endpoint; a
 * listing method walks its pages and stops at the first short page. Implemented over the Blockfrost
 * client (`BlockfrostSyncChainSource`); tests run it against the chain simulator.
 */
export interface SyncChainSource {
  /** The newest transaction of a stake account or payment address, or null when it has none. */
  latestTx(
    wallet: { kind: 'stake' | 'payment'; address: string },
    signal?: AbortSignal,
  ): Promise<TxRef | null>;
  /** Every transaction of a stake account (all its addresses) from `fromHeight` on, oldest first. */
  accountTransactions(stakeAddress: string, query: ListingQuery): Promise<TxRef[]>;
  /** Every address of a stake account that has been used on chain. */
  accountAddresses(stakeAddress: string, signal?: AbortSignal): Promise<string[]>;
  /** Every transaction of one address from `fromHeight` on, oldest first (empty when never used). */
  addressTransactions(address: string, query: ListingQuery): Promise<TxRef[]>;
  txUtxos(hash: string, signal?: AbortSignal): Promise<TxUtxos>;
  /** `/txs/{hash}`; null when the transaction is not on chain (rolled back). */
  tx(hash: string, signal?: AbortSignal): Promise<TxDetailsWithBlock | null>;
  /** A block's hash and height; null when unknown (rolled back). */
  block(
    hashOrHeight: string | number,
    signal?: AbortSignal,
  ): Promise<{ hash: string; height: number } | null>;
  /** null when the account was never seen on chain. */
  account(stakeAddress: string, signal?: AbortSignal): Promise<AccountState | null>;
  /** Current amounts held at a payment address, per unit (`lovelace` included); empty when never used. */
  addressAmounts(address: string, signal?: AbortSignal): Promise<Map<string, bigint>>;
  accountRegistrations(stakeAddress: string, signal?: AbortSignal): Promise<AccountRegistrationEvent[]>;
  accountDelegations(stakeAddress: string, signal?: AbortSignal): Promise<AccountDelegationEvent[]>;
  accountWithdrawals(stakeAddress: string, signal?: AbortSignal): Promise<AccountWithdrawalEvent[]>;
}
