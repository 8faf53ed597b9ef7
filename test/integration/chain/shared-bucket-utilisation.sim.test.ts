import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { TEST_REDIS_URL } from '../../support/test-env.js';
import { runLimiterLoad } from './fixtures/limiter-load.js';

/**
 * The long one (about 2 min 40 s): three separate OS processes share one token bucket against the
 * simulator with Blockfrost's real limits: in Redis for two minutes, then in PostgreSQL for 20 s.
 */
let sim: Awaited<ReturnType<typeof startSimulator>>;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  sim = await startSimulator({
    port: 0,
    seed: 9,
    wallets: 2,
    txsPerWallet: 5,
    limits: { rps: 10, burst: 500 },
  });
});
afterAll(async () => {
  await sim.close();
  await db.drop();
});

describe('shared token bucket across three processes (Redis, simulator with real limits)', () => {
  it('gets zero 429s and uses at least 95% of burst + 10/s over two minutes', async () => {
    const r = await runLimiterLoad({
      url: sim.url,
      controlUrl: sim.controlUrl,
      redisUrl: TEST_REDIS_URL,
      processes: 3,
      durationMs: 120_000,
      concurrency: 8,
      rps: 10,
      burst: 500,
    });
    console.log(
      `utilisation ${(r.utilisation * 100).toFixed(1)}% (${r.served}/${r.allowed}); statuses ${JSON.stringify(r.byStatus)}; ` +
        `per process ${r.workers.map((w) => w.ok).join('/')}; 429s at ${JSON.stringify(r.workers.map((w) => w.rateLimitedAt))}; ` +
        `first answers after ${r.workers.map((w) => w.firstResponseMs).join('/')} ms`,
    );
    expect(r.byStatus['429'] ?? 0).toBe(0);
    expect(r.workers.every((w) => w.rateLimited === 0 && Object.keys(w.errors).length === 0)).toBe(true);
    expect(r.utilisation).toBeGreaterThanOrEqual(0.95);
    // Every process got a real share (the bucket is shared, not won by one).
    for (const w of r.workers) expect(w.ok).toBeGreaterThan(r.served / 6);
    // What the processes counted is what the server saw.
    expect(r.workers.reduce((a, w) => a + w.sent, 0)).toBe(r.served);
  }, 200_000);
});

describe('shared token bucket across three processes (PostgreSQL, simulator with real limits)', () => {
  it('gets zero 429s and uses at least 95% of burst + 10/s over 20 seconds', async () => {
    const r = await runLimiterLoad({
      url: sim.url,
      controlUrl: sim.controlUrl,
      redisUrl: TEST_REDIS_URL,
      store: 'postgres',
      databaseUrl: db.url,
      processes: 3,
      durationMs: 20_000,
      concurrency: 8,
      rps: 10,
      burst: 500,
    });
    console.log(
      `PostgreSQL bucket: utilisation ${(r.utilisation * 100).toFixed(1)}% (${r.served}/${r.allowed}); ` +
        `statuses ${JSON.stringify(r.byStatus)}; 429s at ${JSON.stringify(r.workers.map((w) => w.rateLimitedAt))}`,
    );
    expect(r.byStatus['429'] ?? 0).toBe(0);
    expect(r.utilisation).toBeGreaterThanOrEqual(0.95);
    expect(r.workers.reduce((a, w) => a + w.sent, 0)).toBe(r.served);
  }, 90_000);
});
