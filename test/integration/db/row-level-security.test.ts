import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgConfigFromUrl } from '../../../src/db/pg-config-from-url.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/** Runs `fn` as Supabase's `authenticated` role with the given user's JWT claims, then rolls back. */
async function asUser<T>(client: pg.Client, userId: string, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL ROLE authenticated');
    await client.query(`SELECT set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: userId, role: 'authenticated' }),
    ]);
    return await fn();
  } finally {
    await client.query('ROLLBACK');
  }
}

describe('row level security (PostgreSQL, Supabase-style policies)', () => {
  let db: TestDatabase;
  let client: pg.Client;
  const A = '11111111-1111-4111-8111-111111111111';
  const B = '22222222-2222-4222-8222-222222222222';
  let walletA: string;
  let txA: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client(pgConfigFromUrl(db.url));
    await client.connect();
    await client.query(`INSERT INTO users (id, primary_address) VALUES ($1, 'addr_a'), ($2, 'addr_b')`, [
      A,
      B,
    ]);
    walletA = (
      await client.query(
        `INSERT INTO wallets (user_id, address, kind) VALUES ($1, 'addr1a', 'payment') RETURNING id`,
        [A],
      )
    ).rows[0].id;
    txA = (
      await client.query(
        `INSERT INTO transactions (user_id, wallet_address, tx_hash, block_height, tx_timestamp, tx_action, net_ada_change, fees)
         VALUES ($1, 'addr1a', 'h1', 1, now(), 'receive', 10, 0) RETURNING id`,
        [A],
      )
    ).rows[0].id;
    await client.query(
      `INSERT INTO asset_flows (user_id, transaction_id, wallet_address, tx_hash, unit, quantity) VALUES ($1, $2, 'addr1a', 'h1', 'lovelace', 10)`,
      [A, txA],
    );
    await client.query(
      `INSERT INTO portfolio_holdings_snapshots (user_id, wallet_address, as_of, token_unit, quantity) VALUES ($1, 'addr1a', now(), 'lovelace', 10)`,
      [A],
    );
    await client.query(
      `INSERT INTO actions (user_id, wallet_address, action_type, status, started_at) VALUES ($1, 'addr1a', 'swap', 'open', now())`,
      [A],
    );
    await client.query(
      `INSERT INTO staking_rewards (user_id, wallet_address, source_key, epoch, spendable_epoch, spendable_at, type, pool_id, amount)
       VALUES ($1, 'stake1a', 'reward:500:member:pool1x', 500, 502, now(), 'member', 'pool1x', 1000)`,
      [A],
    );
    await client.query(
      `INSERT INTO stake_epochs (user_id, wallet_address, epoch, pool_id, active_stake) VALUES ($1, 'stake1a', 500, 'pool1x', 10)`,
      [A],
    );
    await client.query(
      `INSERT INTO sync_jobs (user_id, wallet_address, job_type) VALUES ($1, 'addr1a', 'sync')`,
      [A],
    );
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  const tables = [
    'users',
    'wallets',
    'transactions',
    'asset_flows',
    'portfolio_holdings_snapshots',
    'actions',
    'sync_jobs',
    'staking_rewards',
    'stake_epochs',
  ];

  it('enables RLS on every user-owned table', async () => {
    const { rows } = await client.query(
      `SELECT relname::text AS name, relrowsecurity AS rls FROM pg_class WHERE relname = ANY($1) AND relkind = 'r'`,
      [[...tables, 'auth_challenges']],
    );
    expect(rows).toHaveLength(tables.length + 1);
    expect(rows.every((r) => r.rls === true)).toBe(true);
  });

  it("user A sees exactly A's rows in every table", async () => {
    await asUser(client, A, async () => {
      for (const t of tables) {
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${t}`);
        expect(rows[0].n, t).toBe(1);
      }
    });
  });

  it("user B sees none of A's rows", async () => {
    await asUser(client, B, async () => {
      for (const t of tables) {
        const { rows } = await client.query(
          `SELECT count(*)::int AS n FROM ${t} WHERE ${t === 'users' ? 'id' : 'user_id'} = $1`,
          [A],
        );
        expect(rows[0].n, t).toBe(0);
      }
    });
  });

  it("user B cannot update or delete A's rows (0 rows affected)", async () => {
    await asUser(client, B, async () => {
      expect((await client.query(`UPDATE wallets SET label = 'x' WHERE id = $1`, [walletA])).rowCount).toBe(
        0,
      );
      expect((await client.query(`DELETE FROM transactions WHERE id = $1`, [txA])).rowCount).toBe(0);
      expect((await client.query(`DELETE FROM asset_flows`)).rowCount).toBe(0);
      expect((await client.query(`UPDATE users SET display_name = 'x' WHERE id = $1`, [A])).rowCount).toBe(0);
    });
    const { rows } = await client.query(`SELECT label FROM wallets WHERE id = $1`, [walletA]);
    expect(rows[0].label).toBeNull();
  });

  it('user B cannot insert rows owned by A', async () => {
    await expect(
      asUser(client, B, () =>
        client.query(`INSERT INTO wallets (user_id, address, kind) VALUES ($1, 'addr1evil', 'payment')`, [A]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('user B can write its own rows', async () => {
    await asUser(client, B, async () => {
      const r = await client.query(
        `INSERT INTO wallets (user_id, address, kind) VALUES ($1, 'addr1b', 'payment')`,
        [B],
      );
      expect(r.rowCount).toBe(1);
    });
  });

  it('anonymous requests see no user rows and cannot read sign-in challenges', async () => {
    for (const table of ['wallets', 'auth_challenges']) {
      await client.query('BEGIN');
      try {
        await client.query('SET LOCAL ROLE anon');
        await expect(client.query(`SELECT * FROM ${table}`), table).rejects.toThrow(/permission denied/);
      } finally {
        await client.query('ROLLBACK');
      }
    }
  });
});
