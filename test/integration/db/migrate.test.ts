import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { pgConfigFromUrl } from '../../../src/db/pg-config-from-url.js';
import { ADMIN_DATABASE_URL, databaseUrlFor } from '../../support/test-env.js';

const run = promisify(execFile);
const name = `adafolio_mig_${process.pid}_${Date.now()}`;
const url = databaseUrlFor(name);

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client(pgConfigFromUrl(url));
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

describe('npx adafolio migrate (PostgreSQL)', () => {
  afterAll(async () => {
    const c = new pg.Client(pgConfigFromUrl(ADMIN_DATABASE_URL));
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });

  it('creates the database, every table, unique key and index, and is idempotent', async () => {
    const env = { ...process.env, DATABASE_URL: url };
    const first = await run('node', ['bin/adafolio.js', 'migrate'], { env });
    expect(first.stdout).toMatch(/applied/i);
    const tables = (
      await query<{ t: string }>(`SELECT tablename::text AS t FROM pg_tables WHERE schemaname = 'public'`)
    ).map((r) => r.t);
    for (const t of [
      'users',
      'wallets',
      'transactions',
      'actions',
      'asset_flows',
      'tokens',
      'auth_challenges',
      'sync_jobs',
      'portfolio_holdings_snapshots',
      'chain_transactions',
    ]) {
      expect(tables).toContain(t);
    }
    const indexes = (
      await query<{ d: string }>(`SELECT indexdef AS d FROM pg_indexes WHERE schemaname = 'public'`)
    ).map((r) => r.d.replace(/"/g, ''));
    const expectIndex = (pattern: RegExp) =>
      expect(
        indexes.some((d) => pattern.test(d)),
        String(pattern),
      ).toBe(true);
    expectIndex(/UNIQUE INDEX .* ON public\.transactions .*\(user_id, wallet_address, tx_hash\)/);
    expectIndex(/ON public\.transactions .*\(wallet_address, block_height\)/);
    expectIndex(/ON public\.transactions .*\(user_id, tx_timestamp\)/);
    expectIndex(/ON public\.transactions .*\(tx_hash\)/);
    expectIndex(/ON public\.transactions .*\(action_id, sequence_number\)/);
    expectIndex(/ON public\.transactions .*\(user_id, tx_action\)/);
    expectIndex(/ON public\.transactions .*\(user_id, tx_protocol\)/);
    expectIndex(/UNIQUE INDEX .* ON public\.wallets .*\(user_id, address\)/);
    expectIndex(/ON public\.sync_jobs .*\(status, scheduled_at\)/);
    expectIndex(/ON public\.sync_jobs .*\(status, priority, scheduled_at\)/);
    expectIndex(/ON public\.portfolio_holdings_snapshots .*\(user_id, wallet_address, as_of\)/);
    expectIndex(/ON public\.portfolio_holdings_snapshots .*\(user_id, token_unit, as_of\)/);

    const before = await query<{ n: number }>(`SELECT count(*)::int AS n FROM _prisma_migrations`);
    const second = await run('node', ['bin/adafolio.js', 'migrate'], { env });
    expect(second.stdout).toMatch(/No pending migrations/);
    const after = await query<{ n: number }>(`SELECT count(*)::int AS n FROM _prisma_migrations`);
    expect(after).toEqual(before);
  });

  it('reports an unreachable database in one line, without a stack trace', async () => {
    const env = { ...process.env, DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere' };
    const err = await run('node', ['bin/adafolio.js', 'migrate'], { env }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(err).toMatchObject({ code: 1 });
    const stderr = (err as { stderr: string }).stderr.trim();
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^adafolio: cannot connect to PostgreSQL at 127\.0\.0\.1:1/);
  });
});
