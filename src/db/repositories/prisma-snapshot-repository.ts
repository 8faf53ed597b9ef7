import type { PrismaClient } from '../prisma-client.js';
import type { HoldingSnapshotRow, SnapshotRepository } from './snapshot-repository.js';
import { isUuid } from './uuid.js';

export class PrismaSnapshotRepository implements SnapshotRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async replaceFrom(
    userId: string,
    walletAddress: string,
    fromDay: Date,
    rows: HoldingSnapshotRow[],
  ): Promise<void> {
    if (!isUuid(userId)) return;
    await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`
        DELETE FROM portfolio_holdings_snapshots
        WHERE user_id = ${userId}::uuid AND wallet_address = ${walletAddress} AND as_of >= ${fromDay}`;
      if (!rows.length) return;
      await tx.$executeRaw`
        INSERT INTO portfolio_holdings_snapshots (user_id, wallet_address, as_of, token_unit, quantity)
        SELECT ${userId}::uuid, ${walletAddress}, r.as_of, r.unit, r.qty
        FROM unnest(${rows.map((r) => r.asOf)}::timestamptz[], ${rows.map((r) => r.tokenUnit)}::text[],
          ${rows.map((r) => r.quantity.toString())}::numeric[]) AS r(as_of, unit, qty)`;
    });
  }

  async latest(userId: string, walletAddress: string): Promise<HoldingSnapshotRow[]> {
    if (!isUuid(userId)) return [];
    const rows = await this.prisma.$queryRaw<Array<{ as_of: Date; token_unit: string; quantity: string }>>`
      SELECT DISTINCT ON (token_unit) as_of, token_unit, quantity::text AS quantity
      FROM portfolio_holdings_snapshots
      WHERE user_id = ${userId}::uuid AND wallet_address = ${walletAddress}
      ORDER BY token_unit, as_of DESC`;
    return rows.map((r) => ({ asOf: r.as_of, tokenUnit: r.token_unit, quantity: BigInt(r.quantity) }));
  }

  async history(userId: string, walletAddress: string): Promise<HoldingSnapshotRow[]> {
    if (!isUuid(userId)) return [];
    const rows = await this.prisma.portfolioHoldingsSnapshot.findMany({
      where: { userId, walletAddress },
      orderBy: [{ asOf: 'asc' }, { tokenUnit: 'asc' }],
    });
    return rows.map((r) => ({
      asOf: r.asOf,
      tokenUnit: r.tokenUnit,
      quantity: BigInt(r.quantity.toFixed(0)),
    }));
  }
}
