/** A transaction's raw chain data as Blockfrost returned it. Public data, shared by all users. */
export interface CachedChainTransaction {
  txHash: string;
  blockHeight: number;
  blockHash: string;
  blockTime: number;
  txIndex: number;
  /** `/txs/{hash}` body when it was needed (wallet-funded or script transactions). */
  details: unknown | null;
  /** `/txs/{hash}/utxos` body. */
  utxos: unknown;
  txMetadata: unknown | null;
}

/** The shared chain-data cache: a transaction touching many tracked wallets is fetched once. */
export interface ChainTransactionRepository {
  getMany(hashes: string[]): Promise<Map<string, CachedChainTransaction>>;
  /** Inserts or completes cached entries (a later fetch may add `details` to an entry without it). */
  upsertMany(entries: CachedChainTransaction[]): Promise<void>;
  /** Rollback support: forgets cached transactions above a height. */
  deleteAboveHeight(blockHeight: number): Promise<number>;
}
