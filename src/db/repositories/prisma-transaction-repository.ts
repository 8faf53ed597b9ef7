import type { PrismaClient } from '../prisma-client.js';
import type {
  NewWalletTransaction,
  OpenActionRow,
  StoredAssetFlow,
  StoredWalletTransaction,
  TransactionRepository,
} from './transaction-repository.js';
import { isUuid } from './uuid.js';

type BatchCursor = { walletId: string; blockHeight: number; blockHash: string; syncedAt: Date };

/**
 * Writes go through multi-row `INSERT … SELECT FROM unnest(…)`: on this hardware Prisma's createMany
 * stores ~2,100 rows/s where unnest through the same connection stores ~15,700 rows/s, and the sync's
 * write path is measured against 3,000 wallet-transactions/s.
 */
export class PrismaTransactionRepository implements TransactionRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async upsertBatch(
    userId: string,
    walletAddress: string,
    rows: NewWalletTransaction[],
  ): Promise<{ written: number }> {
    if (!isUuid(userId)) return { written: 0 };
    return { written: (await this.writeBatch(userId, walletAddress, rows, null)).written };
  }

  async upsertBatchWithCursor(
    userId: string,
    walletAddress: string,
    rows: NewWalletTransaction[],
    cursor: BatchCursor,
  ): Promise<{ written: number; cursorMoved: boolean }> {
    if (!isUuid(userId) || !isUuid(cursor.walletId)) return { written: 0, cursorMoved: false };
    return this.writeBatch(userId, walletAddress, rows, cursor);
  }

  /**
   * Records, flows, actions and (when given) the cursor advance as ONE statement of data-modifying
   * CTEs: atomic in autocommit and one round trip. Without a cursor the `cur` step matches no wallet.
   */
  private async writeBatch(
    userId: string,
    walletAddress: string,
    rows: NewWalletTransaction[],
    cursor: BatchCursor | null,
  ): Promise<{ written: number; cursorMoved: boolean }> {
    // The last record of a link decides its action's state (rows arrive in chain order).
    const actions = new Map<string, NonNullable<NewWalletTransaction['action']>>();
    for (const r of rows) if (r.action) actions.set(r.action.linkKey, r.action);
    const acts = [...actions.entries()];
    const flowHash: string[] = [];
    const flowUnit: string[] = [];
    const flowQty: string[] = [];
    for (const r of rows) {
      for (const f of r.flows) {
        if (f.quantity === 0n) continue;
        flowHash.push(r.txHash);
        flowUnit.push(f.unit);
        flowQty.push(f.quantity.toString());
      }
    }
    // Every sub-statement sees the same snapshot; the flow upsert and the stale-flow delete touch
    // disjoint rows, so their order does not matter.
    const result = await this.prisma.$queryRaw<Array<{ written: number; moved: number }>>`
      WITH acts AS (
        INSERT INTO actions (user_id, wallet_address, link_key, action_type, protocol, status, description,
          started_at, completed_at)
        SELECT ${userId}::uuid, ${walletAddress}, a.link_key, a.action_type, a.protocol, a.status, a.description,
          a.started_at, a.completed_at
        FROM unnest(
          ${acts.map(([k]) => k)}::text[], ${acts.map(([, a]) => a.actionType)}::text[],
          ${acts.map(([, a]) => a.protocol)}::text[], ${acts.map(([, a]) => a.status)}::text[],
          ${acts.map(([, a]) => a.description)}::text[], ${acts.map(([, a]) => a.startedAt)}::timestamptz[],
          ${acts.map(([, a]) => a.completedAt)}::timestamptz[]
        ) AS a(link_key, action_type, protocol, status, description, started_at, completed_at)
        ON CONFLICT (user_id, wallet_address, link_key) DO UPDATE SET
          action_type = EXCLUDED.action_type, protocol = EXCLUDED.protocol, status = EXCLUDED.status,
          description = EXCLUDED.description, started_at = EXCLUDED.started_at,
          completed_at = EXCLUDED.completed_at
        RETURNING id, link_key
      ), txs AS (
        INSERT INTO transactions (user_id, wallet_address, tx_hash, block_height, tx_timestamp, tx_action,
          tx_protocol, description, net_ada_change, fees, action_id, sequence_number, metadata)
        SELECT ${userId}::uuid, ${walletAddress}, r.tx_hash, r.block_height, r.tx_timestamp, r.tx_action,
          r.tx_protocol, r.description, r.net, r.fees, acts.id, r.seq, r.metadata
        FROM unnest(
          ${rows.map((r) => r.txHash)}::text[],
          ${rows.map((r) => r.blockHeight)}::int[],
          ${rows.map((r) => r.txTimestamp)}::timestamptz[],
          ${rows.map((r) => r.txAction)}::text[],
          ${rows.map((r) => r.txProtocol)}::text[],
          ${rows.map((r) => r.description)}::text[],
          ${rows.map((r) => r.netAdaChange.toString())}::bigint[],
          ${rows.map((r) => r.fees.toString())}::bigint[],
          ${rows.map((r) => r.action?.linkKey ?? null)}::text[],
          ${rows.map((r) => r.action?.sequenceNumber ?? null)}::int[],
          ${rows.map((r) => (r.metadata ? JSON.stringify(r.metadata) : null))}::jsonb[]
        ) AS r(tx_hash, block_height, tx_timestamp, tx_action, tx_protocol, description, net, fees, link_key,
          seq, metadata)
        LEFT JOIN acts ON acts.link_key = r.link_key
        ON CONFLICT (user_id, wallet_address, tx_hash) DO UPDATE SET
          block_height = EXCLUDED.block_height, tx_timestamp = EXCLUDED.tx_timestamp,
          tx_action = EXCLUDED.tx_action, tx_protocol = EXCLUDED.tx_protocol,
          description = EXCLUDED.description, net_ada_change = EXCLUDED.net_ada_change,
          fees = EXCLUDED.fees, action_id = EXCLUDED.action_id,
          sequence_number = EXCLUDED.sequence_number, metadata = EXCLUDED.metadata
        RETURNING id, tx_hash
      ), f_in AS (
        SELECT txs.id AS tid, f.h, f.u, f.q
        FROM unnest(${flowHash}::text[], ${flowUnit}::text[], ${flowQty}::numeric[]) AS f(h, u, q)
        JOIN txs ON txs.tx_hash = f.h
      ), flows AS (
        INSERT INTO asset_flows (user_id, transaction_id, wallet_address, tx_hash, unit, quantity)
        SELECT ${userId}::uuid, f_in.tid, ${walletAddress}, f_in.h, f_in.u, f_in.q FROM f_in
        ON CONFLICT (transaction_id, unit) DO UPDATE SET quantity = EXCLUDED.quantity
        RETURNING 1
      ), stale AS (
        DELETE FROM asset_flows af USING txs
        WHERE af.transaction_id = txs.id
          AND NOT EXISTS (SELECT 1 FROM f_in WHERE f_in.tid = af.transaction_id AND f_in.u = af.unit)
        RETURNING 1
      ), cur AS (
        UPDATE wallets SET cursor_block_height = ${cursor?.blockHeight ?? null}::int,
          cursor_block_hash = ${cursor?.blockHash ?? null}::text,
          last_synced_at = ${cursor?.syncedAt ?? null}::timestamptz, updated_at = now()
        WHERE id = ${cursor?.walletId ?? null}::uuid AND user_id = ${userId}::uuid
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM txs)::int AS written, (SELECT count(*) FROM cur)::int AS moved,
        (SELECT count(*) FROM flows)::int AS f, (SELECT count(*) FROM stale)::int AS s`;
    return { written: result[0]?.written ?? 0, cursorMoved: (result[0]?.moved ?? 0) > 0 };
  }

  async listByWallet(userId: string, walletAddress: string): Promise<StoredWalletTransaction[]> {
    if (!isUuid(userId)) return [];
    const rows = await this.prisma.transaction.findMany({
      where: { userId, walletAddress },
      orderBy: [{ blockHeight: 'asc' }, { txHash: 'asc' }],
    });
    return rows.map(toStored);
  }

  async get(userId: string, transactionId: string): Promise<StoredWalletTransaction | null> {
    if (!isUuid(userId) || !isUuid(transactionId)) return null;
    const row = await this.prisma.transaction.findFirst({ where: { id: transactionId, userId } });
    return row ? toStored(row) : null;
  }

  async flows(userId: string, transactionId: string): Promise<StoredAssetFlow[]> {
    if (!isUuid(userId) || !isUuid(transactionId)) return [];
    const rows = await this.prisma.assetFlow.findMany({
      where: { transactionId, userId },
      orderBy: { unit: 'asc' },
    });
    return rows.map((f) => ({ unit: f.unit, quantity: BigInt(f.quantity.toFixed(0)) }));
  }

  async deleteAboveHeight(userId: string, walletAddress: string, blockHeight: number): Promise<number> {
    if (!isUuid(userId)) return 0;
    const { count } = await this.prisma.transaction.deleteMany({
      where: { userId, walletAddress, blockHeight: { gt: blockHeight } },
    });
    return count;
  }

  async balances(userId: string, walletAddress: string): Promise<Map<string, bigint>> {
    const out = new Map<string, bigint>();
    if (!isUuid(userId)) return out;
    const rows = await this.prisma.$queryRaw<Array<{ unit: string; total: string }>>`
      SELECT unit, sum(quantity)::text AS total FROM asset_flows
      WHERE user_id = ${userId}::uuid AND wallet_address = ${walletAddress}
      GROUP BY unit`;
    for (const r of rows) out.set(r.unit, BigInt(r.total));
    return out;
  }

  async listRefs(
    userId: string,
    walletAddress: string,
    range: { minHeight?: number; maxHeight?: number; limit?: number },
  ): Promise<Array<{ txHash: string; blockHeight: number }>> {
    if (!isUuid(userId)) return [];
    const rows = await this.prisma.transaction.findMany({
      where: {
        userId,
        walletAddress,
        blockHeight: { gte: range.minHeight ?? undefined, lte: range.maxHeight ?? undefined },
      },
      select: { txHash: true, blockHeight: true },
      orderBy: [{ blockHeight: 'desc' }, { txHash: 'asc' }],
      take: range.limit,
    });
    return rows;
  }

  async openActions(userId: string): Promise<OpenActionRow[]> {
    if (!isUuid(userId)) return [];
    const rows = await this.prisma.action.findMany({
      where: { userId, status: 'open', linkKey: { not: null } },
      select: {
        walletAddress: true,
        linkKey: true,
        actionType: true,
        protocol: true,
        startedAt: true,
        transactions: {
          where: { userId, sequenceNumber: 0 },
          select: { txHash: true, blockHeight: true, assetFlows: { select: { unit: true, quantity: true } } },
          take: 1,
        },
      },
      orderBy: { startedAt: 'asc' },
    });
    return rows.map((r) => {
      const order = r.transactions[0];
      return {
        walletAddress: r.walletAddress,
        linkKey: r.linkKey!,
        actionType: r.actionType,
        protocol: r.protocol,
        startedAt: r.startedAt,
        orderTxHash: order?.txHash ?? null,
        orderBlockHeight: order?.blockHeight ?? null,
        orderFlows: (order?.assetFlows ?? []).map((f) => ({
          unit: f.unit,
          quantity: BigInt(f.quantity.toFixed(0)),
        })),
      };
    });
  }

  async dailyFlows(
    userId: string,
    walletAddress: string,
  ): Promise<Array<{ day: Date; unit: string; quantity: bigint }>> {
    if (!isUuid(userId)) return [];
    const rows = await this.prisma.$queryRaw<Array<{ day: Date; unit: string; total: string }>>`
      SELECT (date_trunc('day', t.tx_timestamp AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') AS day, f.unit,
        sum(f.quantity)::text AS total
      FROM asset_flows f JOIN transactions t ON t.id = f.transaction_id
      WHERE f.user_id = ${userId}::uuid AND f.wallet_address = ${walletAddress}
        AND t.user_id = ${userId}::uuid
      GROUP BY 1, 2 ORDER BY 1, 2`;
    return rows.map((r) => ({ day: r.day, unit: r.unit, quantity: BigInt(r.total) }));
  }
}

function toStored(row: {
  id: string;
  walletAddress: string;
  txHash: string;
  blockHeight: number;
  txTimestamp: Date;
  txAction: string;
  txProtocol: string | null;
  description: string | null;
  netAdaChange: bigint;
  fees: bigint;
  actionId: string | null;
  sequenceNumber: number | null;
  metadata: unknown;
}): StoredWalletTransaction {
  return {
    id: row.id,
    walletAddress: row.walletAddress,
    txHash: row.txHash,
    blockHeight: row.blockHeight,
    txTimestamp: row.txTimestamp,
    txAction: row.txAction,
    txProtocol: row.txProtocol,
    description: row.description,
    netAdaChange: row.netAdaChange,
    fees: row.fees,
    actionId: row.actionId,
    sequenceNumber: row.sequenceNumber,
    metadata: row.metadata,
  };
}
