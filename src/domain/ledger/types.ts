import type { TxAction } from '../vocabulary.js';
import type { TxDetails, TxMetadata, TxUtxos } from '../blockfrost-types.js';

/**
 * What the sync learned from account-level history (`/accounts/{stake}/registrations`, `/delegations`,
 * `/withdrawals`) about one transaction. `stakeAddress` says whose account it is.
 */
export type AccountEvent =
  | { kind: 'registration'; stakeAddress: string; deposit?: string | null }
  | { kind: 'deregistration'; stakeAddress: string; deposit?: string | null }
  | { kind: 'delegation'; stakeAddress: string; poolId?: string }
  | { kind: 'withdrawal'; stakeAddress: string; amount: string };

/** One transaction as the sync hands it to the ledger core. */
export interface ChainTransaction {
  hash: string;
  blockHeight: number;
  /** Unix seconds (Blockfrost `block_time`). */
  blockTime: number;
  txIndex: number;
  utxos: TxUtxos;
  /** `/txs/{hash}`; absent for incoming-only transactions (see `needsDetails`). */
  details?: TxDetails;
  /** `/txs/{hash}/metadata`, when fetched. */
  metadata?: TxMetadata;
  accountEvents?: readonly AccountEvent[];
  /** `/txs/{hash}/cbor` `cbor` field, when fetched: certificates and withdrawals are read from it. */
  cbor?: string;
}

export type LinkRole = 'order' | 'fill' | 'refund';

/** One transaction from one tracked wallet's point of view. All amounts are exact lovelace / token units. */
export interface WalletRecord {
  /** The wallet's identity (`stake1…` or `addr1…`). */
  walletAddress: string;
  txHash: string;
  blockHeight: number;
  blockTime: number;
  txIndex: number;
  netLovelace: bigint;
  /** The part of the fee this wallet paid (0 unless it is the user's fee payer for this transaction). */
  fee: bigint;
  /** Deposit paid (> 0) or refunded (< 0), attributed like the fee. */
  deposit: bigint;
  /** Rewards withdrawn from this wallet's own reward account. */
  withdrawal: bigint;
  /** Net change per unit, `lovelace` included, non-zero entries only. */
  flows: Map<string, bigint>;
  action: TxAction;
  protocol: string | null;
  description: string;
  link?: { key: string; role: LinkRole };
  /** True for a failed script transaction (only collateral moved). */
  failed: boolean;
}

/** Token display facts, when the caller knows them. */
export interface TokenInfo {
  ticker?: string | null;
  name?: string | null;
  decimals?: number | null;
}

export type TokenLookup = ReadonlyMap<string, TokenInfo> | Readonly<Record<string, TokenInfo>>;

/** An order placed by one of the user's wallets and not yet filled or refunded. */
export interface OpenOrder {
  key: string;
  walletAddress: string;
  action?: TxAction;
  protocol?: string | null;
}
