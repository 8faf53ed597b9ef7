import type { TxAction } from '../../domain/vocabulary.js';

/** One stored per-wallet record as the cost-basis engine reads it (every record of a user, oldest first). */
export interface CostBasisRecordRow {
  walletAddress: string;
  txHash: string;
  blockHeight: number;
  /** Unix seconds. */
  blockTime: number;
  txIndex: number;
  action: TxAction;
  protocol: string | null;
  description: string | null;
  netLovelace: bigint;
  fee: bigint;
  deposit: bigint;
  withdrawal: bigint;
  failed: boolean;
  link?: { key: string; role: 'order' | 'fill' | 'refund' };
  /** Net change per unit (`lovelace` included when non-zero). */
  flows: Map<string, bigint>;
}

/**
 * What the gains service reads of a user's stored history (user data: scoped by `userId`). One query
 * for every record with its flows: a full recompute of 100,000 records reads them in one pass.
 */
export interface CostBasisRecordReader {
  records(userId: string): Promise<CostBasisRecordRow[]>;
  /** A cheap fingerprint of the user's records and rewards: it changes whenever either changes. */
  version(userId: string): Promise<string>;
}
