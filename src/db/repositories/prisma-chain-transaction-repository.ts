import type { PrismaClient, SqlPool } from '../prisma-client.js';
import type { CachedChainTransaction, ChainTransactionRepository } from './chain-transaction-repository.js';

/** The shared chain cache. Every sync batch reads and writes it: plain SQL (see SqlPool). */
export class PrismaChainTransactionRepository implements ChainTransactionRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: SqlPool,
  ) {}

  async getMany(hashes: string[]): Promise<Map<string, CachedChainTransaction>> {
    const out = new Map<string, CachedChainTransaction>();
    if (!hashes.length) return out;
    const { rows } = await this.sql.query<CachedChainTransaction>({
      name: 'chain_txs_get_many',
      text: `SELECT tx_hash AS "txHash", block_height AS "blockHeight", block_hash AS "blockHash",
          block_time AS "blockTime", tx_index AS "txIndex", details, utxos, tx_metadata AS "txMetadata"
        FROM chain_transactions WHERE tx_hash = ANY($1::text[])`,
      values: [hashes],
    });
    for (const r of rows) out.set(r.txHash, r);
    return out;
  }

  async upsertMany(entries: CachedChainTransaction[]): Promise<void> {
    if (!entries.length) return;
    // One JSON document for the batch: one JSON.stringify instead of escaping every transaction's
    // JSON into a jsonb[] array literal. COALESCE keeps details/metadata an earlier fetch stored when
    // this one did not need them.
    await this.sql.query({
      name: 'chain_txs_upsert_many',
      text: `INSERT INTO chain_transactions (tx_hash, block_height, block_hash, block_time, tx_index, details,
          utxos, tx_metadata)
        SELECT e."txHash", e."blockHeight", e."blockHash", e."blockTime", e."txIndex", e.details, e.utxos,
          e."txMetadata"
        FROM jsonb_to_recordset($1::jsonb) AS e("txHash" text, "blockHeight" int, "blockHash" text,
          "blockTime" int, "txIndex" int, details jsonb, utxos jsonb, "txMetadata" jsonb)
        ON CONFLICT (tx_hash) DO UPDATE SET
          block_height = EXCLUDED.block_height, block_hash = EXCLUDED.block_hash,
          block_time = EXCLUDED.block_time, tx_index = EXCLUDED.tx_index,
          details = COALESCE(EXCLUDED.details, chain_transactions.details),
          utxos = EXCLUDED.utxos,
          tx_metadata = COALESCE(EXCLUDED.tx_metadata, chain_transactions.tx_metadata),
          fetched_at = now()`,
      values: [
        JSON.stringify(
          entries.map((e) => ({
            txHash: e.txHash,
            blockHeight: e.blockHeight,
            blockHash: e.blockHash,
            blockTime: e.blockTime,
            txIndex: e.txIndex,
            details: e.details ?? null,
            utxos: e.utxos,
            txMetadata: e.txMetadata ?? null,
          })),
        ),
      ],
    });
  }

  async deleteAboveHeight(blockHeight: number): Promise<number> {
    const { count } = await this.prisma.chainTransaction.deleteMany({
      where: { blockHeight: { gt: blockHeight } },
    });
    return count;
  }
}
