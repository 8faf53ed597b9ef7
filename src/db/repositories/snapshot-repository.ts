export interface HoldingSnapshotRow {
  /** Start of a UTC day. */
  asOf: Date;
  tokenUnit: string;
  quantity: bigint;
}

/**
 * Holdings snapshots: one row per (wallet, token, UTC day) on which the balance changed, plus the
 * current day after each sync, so the latest row per wallet and token is the current holding and
 * the rows before it are the chart history. Every method is scoped by `userId`.
 */
export interface SnapshotRepository {
  /**
   * Replaces the wallet's rows from `fromDay` (inclusive) on with `rows`, as ONE SQL statement (upsert
   * of `rows`, delete of the other rows from `fromDay` on): one round trip, atomic in autocommit. The
   * sync's hot path. Rows must be distinct.
   */
  replaceFrom(
    userId: string,
    walletAddress: string,
    fromDay: Date,
    rows: HoldingSnapshotRow[],
  ): Promise<void>;
  /** The latest row per token of a wallet. */
  latest(userId: string, walletAddress: string): Promise<HoldingSnapshotRow[]>;
  history(userId: string, walletAddress: string): Promise<HoldingSnapshotRow[]>;
}
