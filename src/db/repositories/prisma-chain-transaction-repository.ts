import type { PrismaClient } from '../prisma-client.js';
import type { CachedChainTransaction, ChainTransactionRepository } from './chain-transaction-repository.js';

export class PrismaChainTransactionRepository implements ChainTransactionRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async getMany(hashes: string[]): Promise<Map<string, CachedChainTransaction>> {
    const out = new Map<string, CachedChainTransaction>();
    if (!hashes.length) return out;
    const rows = await this.prisma.chainTransaction.findMany({ where: { txHash: { in: hashes } } });
    for (const r of rows) {
      out.set(r.txHash, {
        txHash: r.txHash,
        blockHeight: r.blockHeight,
        blockHash: r.blockHash,
        blockTime: r.blockTime,
        txIndex: r.txIndex,
        details: r.details,
        utxos: r.utxos,
        txMetadata: r.txMetadata,
      });
    }
    return out;
  }

  async upsertMany(entries: CachedChainTransaction[]): Promise<void> {
    if (!entries.length) return;
    const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
    // COALESCE keeps details/metadata an earlier fetch stored when this one did not need them.
    await this.prisma.$executeRaw`
      INSERT INTO chain_transactions (tx_hash, block_height, block_hash, block_time, tx_index, details, utxos, tx_metadata)
      SELECT * FROM unnest(
        ${entries.map((e) => e.txHash)}::text[], ${entries.map((e) => e.blockHeight)}::int[],
        ${entries.map((e) => e.blockHash)}::text[], ${entries.map((e) => e.blockTime)}::int[],
        ${entries.map((e) => e.txIndex)}::int[], ${entries.map((e) => json(e.details))}::jsonb[],
        ${entries.map((e) => json(e.utxos))}::jsonb[], ${entries.map((e) => json(e.txMetadata))}::jsonb[])
      ON CONFLICT (tx_hash) DO UPDATE SET
        block_height = EXCLUDED.block_height, block_hash = EXCLUDED.block_hash,
        block_time = EXCLUDED.block_time, tx_index = EXCLUDED.tx_index,
        details = COALESCE(EXCLUDED.details, chain_transactions.details),
        utxos = EXCLUDED.utxos,
        tx_metadata = COALESCE(EXCLUDED.tx_metadata, chain_transactions.tx_metadata),
        fetched_at = now()`;
  }

  async deleteAboveHeight(blockHeight: number): Promise<number> {
    const { count } = await this.prisma.chainTransaction.deleteMany({
      where: { blockHeight: { gt: blockHeight } },
    });
    return count;
  }
}
