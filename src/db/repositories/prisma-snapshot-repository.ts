import type { PrismaClient, SqlPool } from '../prisma-client.js';
import type { HoldingSnapshotRow, SnapshotRepository } from './snapshot-repository.js';
import { isUuid } from './uuid.js';

export class PrismaSnapshotRepository implements SnapshotRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: SqlPool,
  ) {}

  async replaceFrom(
    userId: string,
    walletAddress: string,
    fromDay: Date,
    rows: HoldingSnapshotRow[],
  ): Promise<void> {
    if (!isUuid(userId)) return;
    // The upsert and the delete touch disjoint rows, so one statement (one snapshot) is safe.
    await this.sql.query({
      name: 'snapshots_replace_from',
      text: `WITH new_rows AS (
          SELECT * FROM unnest($3::timestamptz[], $4::text[], $5::numeric[]) AS r(as_of, unit, qty)
        ), ins AS (
          INSERT INTO portfolio_holdings_snapshots (user_id, wallet_address, as_of, token_unit, quantity)
          SELECT $1::uuid, $2, n.as_of, n.unit, n.qty FROM new_rows n
          ON CONFLICT (user_id, wallet_address, token_unit, as_of) DO UPDATE SET quantity = EXCLUDED.quantity
          RETURNING 1
        ), del AS (
          DELETE FROM portfolio_holdings_snapshots s
          WHERE s.user_id = $1::uuid AND s.wallet_address = $2 AND s.as_of >= $6
            AND NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.as_of = s.as_of AND n.unit = s.token_unit)
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM ins)::int AS inserted, (SELECT count(*) FROM del)::int AS deleted`,
      values: [
        userId,
        walletAddress,
        rows.map((r) => r.asOf),
        rows.map((r) => r.tokenUnit),
        rows.map((r) => r.quantity.toString()),
        fromDay,
      ],
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
    const { rows } = await this.sql.query<{ as_of: Date; token_unit: string; quantity: string }>({
      name: 'snapshots_history',
      text: `SELECT as_of, token_unit, quantity::text AS quantity FROM portfolio_holdings_snapshots
        WHERE user_id = $1::uuid AND wallet_address = $2 ORDER BY as_of ASC, token_unit ASC`,
      values: [userId, walletAddress],
    });
    return rows.map((r) => ({ asOf: r.as_of, tokenUnit: r.token_unit, quantity: BigInt(r.quantity) }));
  }
}
