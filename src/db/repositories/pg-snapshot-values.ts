import type { SqlPool } from '../prisma-client.js';

export interface SnapshotToValue {
  id: string;
  unit: string;
  quantity: bigint;
  /** `YYYY-MM-DD` (snapshots sit at the start of their UTC day). */
  day: string;
  decimals: number;
}

/**
 * The stored value of snapshots (`portfolio_holdings_snapshots.value`, in the base currency), per user
 * like every user table: a system job walks the users and writes each one's rows in one statement.
 */
export class PgSnapshotValues {
  constructor(private readonly sql: SqlPool) {}

  /** Users with a snapshot on or after `fromDay`, or with one not valued yet. */
  async usersToValue(fromDay: string | null): Promise<string[]> {
    const { rows } = await this.sql.query<{ user_id: string }>({
      name: 'snapshot_values_users',
      text: `SELECT DISTINCT user_id FROM portfolio_holdings_snapshots
        WHERE value IS NULL OR ($1::date IS NOT NULL AND as_of >= $1::date)`,
      values: [fromDay],
    });
    return rows.map((r) => r.user_id);
  }

  /** Every user holding anything: whose values a new price changes. */
  async usersWithHoldings(): Promise<string[]> {
    const { rows } = await this.sql.query<{ user_id: string }>({
      name: 'snapshot_values_holders',
      text: 'SELECT DISTINCT user_id FROM portfolio_holdings_snapshots',
    });
    return rows.map((r) => r.user_id);
  }

  async rowsToValue(userId: string, fromDay: string | null): Promise<SnapshotToValue[]> {
    const { rows } = await this.sql.query<{
      id: string;
      unit: string;
      quantity: string;
      day: string;
      decimals: number | null;
    }>({
      name: 'snapshot_values_rows',
      text: `SELECT s.id, s.token_unit AS unit, s.quantity::text AS quantity,
          to_char(s.as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
          CASE WHEN s.token_unit = 'lovelace' THEN 6 ELSE t.decimals END AS decimals
        FROM portfolio_holdings_snapshots s LEFT JOIN tokens t ON t.unit = s.token_unit
        WHERE s.user_id = $1::uuid AND (s.value IS NULL OR ($2::date IS NOT NULL AND s.as_of >= $2::date))`,
      values: [userId, fromDay],
    });
    return rows.map((r) => ({ ...r, quantity: BigInt(r.quantity), decimals: r.decimals ?? 0 }));
  }

  /** Writes values (decimal text, or null for unpriced) of the user's rows. Returns rows changed. */
  async setValues(
    userId: string,
    ids: readonly string[],
    values: ReadonlyArray<string | null>,
  ): Promise<number> {
    if (!ids.length) return 0;
    const { rowCount } = await this.sql.query({
      name: 'snapshot_values_set',
      text: `UPDATE portfolio_holdings_snapshots s SET value = v.value
        FROM unnest($2::uuid[], $3::numeric[]) AS v(id, value)
        WHERE s.user_id = $1::uuid AND s.id = v.id AND s.value IS DISTINCT FROM v.value`,
      values: [userId, ids, values],
    });
    return rowCount ?? 0;
  }
}
