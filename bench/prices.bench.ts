// Price requests per day: the refresh against the simulator's CoinGecko, Kraken and DEX pools, with
// the default settings (hourly refresh, a token's pool re-read every 12 h, PRICE_DEX_DAILY_REQUESTS
// 200). Price requests depend on the distinct units held, not on how many wallets hold them: the
// figures are measured for every token the generated chain has (those with pools priced), and the
// per-token cost is projected to 300 distinct tokens (1,000 wallets hold no more prices than that).
import pg from 'pg';
import { pino } from 'pino';
import type { Bench, BenchResult } from './bench.js';
import { buildChain, startSimulator } from '../sim/index.js';
import { loadConfig } from '../src/config/config.js';
import { createAppContext } from '../src/composition/create-app-context.js';
import { migrateDatabase } from '../src/db/database-admin.js';
import { pgConfigFromUrl } from '../src/db/pg-config-from-url.js';
import { PriceRefreshService } from '../src/prices/price-refresh-service.js';
import { PgPriceDemand } from '../src/db/repositories/pg-price-demand.js';
import { POOL_ADDRESSES } from '../src/domain/prices/pools/pool-addresses.js';

const DATABASE_URL =
  process.env.BENCH_PRICES_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/adafolio_bench_prices';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CHAIN = { seed: 5, wallets: 200, txsPerWallet: 10 };
const PROJECTED_TOKENS = 300;
const DAILY_BUDGET = 50_000;
const REDISCOVER_DAYS = 14;
const POOL_ADDRESS_COUNT = Object.values(POOL_ADDRESSES).flat().length;

async function freshDatabase(): Promise<void> {
  const cfg = pgConfigFromUrl(DATABASE_URL);
  const admin = new pg.Client({ ...cfg, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${cfg.database}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
  await migrateDatabase(DATABASE_URL, { quiet: true });
}

const bench: Bench = {
  name: 'prices',
  async run(): Promise<BenchResult[]> {
    await freshDatabase();
    const sim = await startSimulator({ ...CHAIN, port: 0, limits: { enabled: false } });
    const model = buildChain(CHAIN).model();
    const firstDay = new Date(model.blocks[0]!.time * 1000).toISOString().slice(0, 10);
    const config = loadConfig({
      DATABASE_URL,
      REDIS_URL,
      BLOCKFROST_URL: sim.url,
      BLOCKFROST_PROJECT_ID: sim.projectId,
      LOG_LEVEL: 'silent',
      BLOCKFROST_RPS: '1000',
      BLOCKFROST_BURST: '1000',
    });
    const app = await createAppContext(config, {
      logger: pino({ level: 'silent' }),
      redisPrefix: `adafolio-bench-prices:${process.pid}:`,
      events: false,
    });
    const stats = async (path: string) =>
      ((await (await fetch(`${sim.controlUrl}${path}`)).json()) as { total: number }).total;
    const reset = () =>
      Promise.all([
        fetch(`${sim.controlUrl}/stats/reset`, { method: 'POST', body: '{}' }),
        fetch(`${sim.controlUrl}/price-stats/reset`, { method: 'POST', body: '{}' }),
      ]);
    try {
      // Token metadata as a sync stores it (decimals), and every token held since the chain's first day.
      const assets = [...model.assets.values()];
      await app.prisma.token.createMany({
        data: assets.map((a) => ({
          unit: a.unit,
          policyId: a.unit.slice(0, 56),
          assetName: a.unit.slice(56) || null,
          decimals: a.metadata?.decimals ?? null,
        })),
      });
      const units = ['lovelace', ...assets.map((a) => a.unit)];
      const demand = new PgPriceDemand(app.sql);
      const refresh = new PriceRefreshService({
        prices: app.repositories.prices,
        demand: {
          heldUnits: async () => units.map((unit) => ({ unit, firstDay })),
          unitsWithoutLatest: (u, c, since) => demand.unitsWithoutLatest(u, c, since),
        },
        sources: app.prices.sources,
        currencies: config.prices.currencies,
        tokenLatestEveryMs: config.prices.dexLatestHours * 3_600_000,
      });

      await reset();
      const t0 = performance.now();
      const cold = await refresh.refresh({ latest: true });
      const coldMs = performance.now() - t0;
      const coldBf = await stats('/stats');
      const coldPrice = await stats('/price-stats');
      const pooled = Number(
        (
          await app.sql.query<{ n: string }>(
            `SELECT count(*)::text n FROM dex_pools WHERE nft_unit IS NOT NULL`,
          )
        ).rows[0]!.n,
      );

      await reset();
      await refresh.refresh({ latest: true });
      const hourlyBf = await stats('/stats');
      const hourlyPrice = await stats('/price-stats');

      await app.sql.query(
        `UPDATE latest_prices SET observed_at = observed_at - interval '13 hours' WHERE currency = 'ADA'`,
      );
      await reset();
      await refresh.refresh({ latest: true });
      const dueBf = await stats('/stats');
      const duePrice = await stats('/price-stats');

      const perTokenLatest = pooled ? dueBf / pooled : 0;
      const refreshesPerDay = (24 * 60) / config.prices.refreshIntervalMinutes;
      const latestReadsPerDay = 24 / config.prices.dexLatestHours;
      // A day: every refresh's ADA latest; each token's pool twice; one new day of daily prices per
      // currency (CoinGecko); the day's DEX history capped by PRICE_DEX_DAILY_REQUESTS.
      const coingeckoPerDay = refreshesPerDay * hourlyPrice + config.prices.currencies.length;
      // Tokens without a pool are looked for again every REDISCOVER_DAYS, one request per pool address.
      const unpooledShare = (units.length - 1 - pooled) / (units.length - 1);
      const rediscoverPerDay = (PROJECTED_TOKENS * unpooledShare * POOL_ADDRESS_COUNT) / REDISCOVER_DAYS;
      const projectedBf =
        PROJECTED_TOKENS * perTokenLatest * latestReadsPerDay +
        config.prices.dexDailyRequests +
        rediscoverPerDay;
      return [
        {
          name: 'tokens held / with a DEX pool',
          value: units.length - 1,
          unit: 'tokens',
          note: `${pooled} pooled`,
        },
        {
          name: 'first refresh (cold): Blockfrost requests',
          value: coldBf,
          unit: 'requests',
          note: `pool discovery (${Math.round(coldBf - config.prices.dexDailyRequests)} beyond the history budget) for ${units.length - 1} tokens, once; ${cold.dailyStored} daily rows; ${(coldMs / 1000).toFixed(1)} s`,
        },
        { name: 'first refresh (cold): CoinGecko/Kraken calls', value: coldPrice, unit: 'calls' },
        { name: 'hourly refresh, nothing due: Blockfrost requests', value: hourlyBf, unit: 'requests' },
        {
          name: 'hourly refresh: CoinGecko calls',
          value: hourlyPrice,
          unit: 'calls',
          note: 'ADA latest per currency',
        },
        {
          name: 'refresh with pool prices due: Blockfrost requests per pooled token',
          value: perTokenLatest,
          unit: 'requests',
          target: { value: 1, better: 'lower' },
          note: `${dueBf} for ${pooled} tokens; ${duePrice} CoinGecko calls`,
        },
        {
          name: 'CoinGecko calls per day (projected from the measured refreshes)',
          value: coingeckoPerDay,
          unit: 'calls',
        },
        {
          name: `Blockfrost price requests per day, ${PROJECTED_TOKENS} tokens (projected)`,
          value: projectedBf,
          unit: 'requests',
          note: `${((projectedBf / DAILY_BUDGET) * 100).toFixed(2)} % of the free plan's 50,000/day: pool reads ${Math.round(PROJECTED_TOKENS * perTokenLatest * latestReadsPerDay)}, history ≤ ${config.prices.dexDailyRequests}, re-looking for pools ${Math.round(rediscoverPerDay)}; the first day also finds every token's pools once (${POOL_ADDRESS_COUNT} per token)`,
          target: { value: DAILY_BUDGET * 0.02, better: 'lower' },
        },
      ];
    } finally {
      await app.close();
      await sim.close();
    }
  },
};
export default bench;
