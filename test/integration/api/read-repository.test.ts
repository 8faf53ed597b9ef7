import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PgPortfolioReadRepository,
  readPoolConfig,
} from '../../../src/db/repositories/pg-portfolio-read-repository.js';
import { pgConfigFromUrl } from '../../../src/db/pg-config-from-url.js';
import { PortfolioQueryService } from '../../../src/portfolio/portfolio-query-service.js';
import { startApi, type ApiHarness } from './support/api-harness.js';
import { DAY, seedWallet, TOKEN_UNIT } from './support/seed.js';

describe('PgPortfolioReadRepository', () => {
  let h: ApiHarness;
  let pool: pg.Pool;
  const userId = crypto.randomUUID();
  const bulkUser = crypto.randomUUID();

  beforeAll(async () => {
    h = await startApi();
    pool = new pg.Pool(readPoolConfig(pgConfigFromUrl(h.db.url), 2));
    pool.on('error', () => {});
    await h.db.prisma.user.createMany({ data: [{ id: userId }, { id: bulkUser }] });
    const wallet = await h.repos.wallets.add(userId, { address: 'addr1seeded', kind: 'payment' });
    await seedWallet(h, userId, wallet.id, wallet.address);
    // 4,500 records in bursts of 100 sharing one timestamp: pages must split ties without loss.
    await h.db.prisma.$executeRawUnsafe(`
      INSERT INTO transactions (user_id, wallet_address, tx_hash, block_height, tx_timestamp, tx_action, net_ada_change, fees)
      SELECT '${bulkUser}'::uuid, 'addr1bulk', md5(i::text) || md5('x' || i), i,
             timestamptz '2026-01-01' + ((i / 100) * interval '1 hour'), 'receive', i, 0
      FROM generate_series(1, 4500) i`);
  });
  afterAll(async () => {
    await pool.end();
    await h.close();
  });

  it('answers the same through a pg pool and through a Prisma client', async () => {
    const viaPool = new PgPortfolioReadRepository(pool);
    const viaPrisma = new PgPortfolioReadRepository(h.db.prisma);
    const from = new Date(Date.UTC(2026, 0, 1));
    const to = new Date(from.getTime() + 10 * DAY);
    for (const r of [viaPool, viaPrisma]) {
      expect(await r.currentHoldings(userId)).toHaveLength(2);
    }
    expect(await viaPrisma.currentHoldings(userId)).toEqual(await viaPool.currentHoldings(userId));
    const byUnit = (rows: Awaited<ReturnType<typeof viaPool.holdingSeries>>) =>
      [...rows].sort((a, b) => (a.tokenUnit < b.tokenUnit ? -1 : 1));
    const series = byUnit(await viaPool.holdingSeries(userId, { to }));
    expect(series.map((s) => [s.tokenUnit, s.days.length])).toEqual([
      [TOKEN_UNIT, 2],
      ['lovelace', 4],
    ]);
    expect(byUnit(await viaPrisma.holdingSeries(userId, { to }))).toEqual(series);
    expect(series[1]!.quantities).toEqual([10_000_000, 6_800_000, 4_620_000, 5_620_000]);
    const page = await viaPool.listTransactions(userId, { unit: TOKEN_UNIT }, { limit: 10 });
    expect(page).toHaveLength(2);
    expect(await viaPrisma.listTransactions(userId, { unit: TOKEN_UNIT }, { limit: 10 })).toEqual(page);
    expect(
      await viaPrisma.flowsOf(
        userId,
        page.map((t) => t.id),
      ),
    ).toEqual(
      await viaPool.flowsOf(
        userId,
        page.map((t) => t.id),
      ),
    );
    expect(await viaPrisma.analytics(userId, 'month', {})).toEqual(
      await viaPool.analytics(userId, 'month', {}),
    );
    // Another user's id, or a malformed one, matches nothing.
    expect(await viaPool.currentHoldings(bulkUser)).toEqual([]);
    expect(
      await viaPool.flowsOf(
        bulkUser,
        page.map((t) => t.id),
      ),
    ).toEqual([]);
    expect(await viaPool.listTransactions('not-a-uuid', {}, { limit: 10 })).toEqual([]);
    // Quantities beyond 15 digits come back as exact bigints.
    await h.db.prisma.$executeRawUnsafe(`
      INSERT INTO portfolio_holdings_snapshots (user_id, wallet_address, as_of, token_unit, quantity)
      VALUES ('${bulkUser}'::uuid, 'addr1bulk', '2026-01-02', 'lovelace', 5),
             ('${bulkUser}'::uuid, 'addr1bulk', '2026-01-03', 'lovelace', 123456789012345678901)`);
    expect(await viaPool.holdingSeries(bulkUser, { to })).toMatchObject([
      { days: [20455, 20456], quantities: [5n, 123_456_789_012_345_678_901n] },
    ]);
  });

  it('streams a CSV across pages (ties on time included) with every row exactly once', async () => {
    const service = new PortfolioQueryService({ reader: new PgPortfolioReadRepository(pool) });
    const chunks: string[] = [];
    let maxChunk = 0;
    for await (const chunk of service.csv(bulkUser, {}, 1000)) {
      chunks.push(chunk);
      maxChunk = Math.max(maxChunk, chunk.length);
    }
    const lines = chunks.join('').trim().split('\n').slice(1);
    expect(lines).toHaveLength(4500);
    expect(new Set(lines.map((l) => l.split(',')[1])).size).toBe(4500);
    // Newest first.
    expect(lines[0]!.startsWith('2026-01-02T21:00:00.000Z')).toBe(true);
    // One page per chunk: memory is bounded by the page size, not the export size.
    expect(chunks.length).toBe(1 + 5);
    expect(maxChunk).toBeLessThan(1000 * 400);
  });
});
