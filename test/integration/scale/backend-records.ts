// The per-user records a sync writes, keyed by what is the same in every database (the user's
// primary address, wallet address, tx hash, unit, epoch, day) and without ids or timestamps that
// legitimately differ between runs, sorted, so two databases can be compared row for row.
import type { SqlPool } from '../../../src/db/prisma-client.js';

const QUERIES = {
  transactions: `SELECT u.primary_address AS "user", t.wallet_address, t.tx_hash, t.block_height,
      t.tx_timestamp, t.tx_action, t.tx_protocol, t.description, t.net_ada_change::text, t.fees::text,
      t.sequence_number
    FROM transactions t JOIN users u ON u.id = t.user_id
    ORDER BY 1, 2, 3`,
  assetFlows: `SELECT u.primary_address AS "user", f.wallet_address, f.tx_hash, f.unit, f.quantity::text
    FROM asset_flows f JOIN users u ON u.id = f.user_id
    ORDER BY 1, 2, 3, 4`,
  rewards: `SELECT u.primary_address AS "user", to_jsonb(r) - 'id' - 'user_id' - 'created_at' - 'updated_at' AS reward
    FROM staking_rewards r JOIN users u ON u.id = r.user_id
    ORDER BY 1, 2`,
  snapshots: `SELECT u.primary_address AS "user", s.wallet_address, s.as_of, s.token_unit, s.quantity::text
    FROM portfolio_holdings_snapshots s JOIN users u ON u.id = s.user_id
    ORDER BY 1, 2, 3, 4`,
} as const;

export type RecordKind = keyof typeof QUERIES;
export type BackendRecords = Record<RecordKind, unknown[]>;

export async function readBackendRecords(sql: SqlPool): Promise<BackendRecords> {
  const out = {} as BackendRecords;
  for (const [kind, query] of Object.entries(QUERIES) as [RecordKind, string][]) {
    out[kind] = (await sql.query(query)).rows;
  }
  return out;
}
