import type { Relabel, StoredLabel } from '../../domain/categorize/relabel-own-transfers.js';

/** One per-wallet record as the sync writes it (the ledger core's output, flattened for storage). */
export interface NewWalletTransaction {
  txHash: string;
  blockHeight: number;
  txTimestamp: Date;
  txAction: string;
  txProtocol: string | null;
  description: string | null;
  netAdaChange: bigint;
  fees: bigint;
  metadata?: Record<string, unknown> | null;
  /** Net change per unit, lovelace included; zero entries are not stored. */
  flows: Array<{ unit: string; quantity: bigint }>;
  /** Membership in a linked action (a DEX order and its fill/refund). */
  action?: {
    linkKey: string;
    sequenceNumber: number;
    actionType: string;
    protocol: string | null;
    status: 'open' | 'completed' | 'refunded';
    description: string | null;
    startedAt: Date;
    completedAt: Date | null;
  } | null;
}

export interface StoredWalletTransaction extends Omit<NewWalletTransaction, 'action' | 'flows' | 'metadata'> {
  id: string;
  walletAddress: string;
  actionId: string | null;
  sequenceNumber: number | null;
  metadata: unknown;
}

export interface StoredAssetFlow {
  unit: string;
  quantity: bigint;
}

/** Per-wallet transactions and their asset flows. Every method is scoped by `userId`. */
export interface TransactionRepository {
  /** Idempotent upsert of a batch of one wallet's records, their flows and actions, atomically. */
  upsertBatch(
    userId: string,
    walletAddress: string,
    rows: NewWalletTransaction[],
  ): Promise<{ written: number }>;
  /**
   * `upsertBatch` + the wallet's cursor advance as ONE SQL statement (data-modifying CTEs, atomic in
   * autocommit): one round trip instead of an interactive transaction's many. The sync's hot path.
   * Scoped by `userId` (the cursor only moves on the user's own wallet). Rows must have distinct hashes.
   */
  upsertBatchWithCursor(
    userId: string,
    walletAddress: string,
    rows: NewWalletTransaction[],
    cursor: { walletId: string; blockHeight: number; blockHash: string; syncedAt: Date },
  ): Promise<{ written: number; cursorMoved: boolean }>;
  listByWallet(userId: string, walletAddress: string): Promise<StoredWalletTransaction[]>;
  get(userId: string, transactionId: string): Promise<StoredWalletTransaction | null>;
  flows(userId: string, transactionId: string): Promise<StoredAssetFlow[]>;
  /**
   * Rollback support: removes this wallet's records above a block height and returns how many. Their
   * actions follow: an action left with no record is deleted; one that lost its fill or refund but
   * keeps its order is open again (the replacement fill, if the chain has one, completes it again).
   */
  deleteAboveHeight(userId: string, walletAddress: string, blockHeight: number): Promise<number>;
  /** Σ net lovelace of a wallet's records, and Σ per unit (for reconciliation and snapshots). */
  balances(userId: string, walletAddress: string): Promise<Map<string, bigint>>;
  /**
   * (hash, height) of a wallet's records within a height range, newest first (sync: idle check at the
   * cursor, rollback walk-back).
   */
  listRefs(
    userId: string,
    walletAddress: string,
    range: { minHeight?: number; maxHeight?: number; limit?: number },
  ): Promise<Array<{ txHash: string; blockHeight: number }>>;
  /** The user's linked actions still open (DEX orders not yet filled), for the action linker. */
  openActions(userId: string): Promise<OpenActionRow[]>;
  /**
   * Labels a change of the wallet set can correct (`WALLET_SET_LABELS`): the user's other wallets'
   * records, written before `writtenBefore` (the wallet was added), of the transactions this wallet
   * has above `aboveHeight` (null: all of them).
   */
  labelsSharedWith(
    userId: string,
    walletAddress: string,
    aboveHeight: number | null,
    writtenBefore: Date,
  ): Promise<StoredLabel[]>;
  /** The user's `internal_transfer` records whose transaction no other wallet of the user has a record of. */
  unpairedInternalTransfers(userId: string): Promise<StoredLabel[]>;
  /** Sets the label and description of the user's records (one statement); returns how many changed. */
  relabel(userId: string, changes: readonly Relabel[]): Promise<number>;
  /** Σ flows per UTC day and unit of a wallet's records, oldest day first (holdings snapshots). */
  dailyFlows(
    userId: string,
    walletAddress: string,
  ): Promise<Array<{ day: Date; unit: string; quantity: bigint }>>;
}

export interface OpenActionRow {
  walletAddress: string;
  linkKey: string;
  actionType: string;
  protocol: string | null;
  startedAt: Date;
  /** The order transaction (sequence 0) when stored, with its flows (for the action's description). */
  orderTxHash: string | null;
  orderBlockHeight: number | null;
  orderFlows: Array<{ unit: string; quantity: bigint }>;
}
