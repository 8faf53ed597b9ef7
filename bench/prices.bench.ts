// Price requests per day, measured: 1,000 wallets of a generated chain holding 300 distinct tokens,
// priced by what the worker's scheduled `refresh_prices` job runs (the composition's
// `prices.refresh.refresh({ latest: true })`; the job's snapshot revalue after it sends no request and
// is left out: with these snapshots it took ~4 s a refresh, the refresh ~1.5 s) against the simulator's CoinGecko, Kraken and DEX pools, with the default settings (hourly refresh,
// a token's pool re-read every 12 h, PRICE_DEX_DAILY_REQUESTS 200). The app's clock is moved on: 24
// hourly refreshes on a first day from an empty price table (every pool found, the history budget
// spent), then 24 on the next day (steady state), then 24 on day 15, when the tokens found without a
// pool are looked for again. Requests are counted at the simulator (`/__sim/stats`, `/__sim/price-stats`).
import { pino } from 'pino';
import type { Bench, BenchResult } from './bench.js';
import { startSimulator, type SimulatorHandle } from '../sim/index.js';
import { loadConfig } from '../src/config/config.js';
import { createAppContext } from '../src/composition/create-app-context.js';
import { freshDatabase } from './fresh-database.js';
import type { SqlPool } from '../src/db/prisma-client.js';
import type { SimAsset } from '../sim/model/types.js';

const DATABASE_URL =
  process.env.BENCH_PRICES_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/adafolio_bench_prices';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// 1,000 wallets with few transactions each: enough for the wallets to hold more than 300 fungible tokens.
const CHAIN = { seed: 5, wallets: 1_000, txsPerWallet: 16 };
const TOKENS = 300;
const DAILY_BUDGET = 50_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** DexPoolPriceSource's default `rediscoverMs`, in days. */
const REDISCOVER_DAYS = 14;

interface Stats {
  total: number;
  byEndpoint: Record<string, number>;
  byStatus: Record<string, number>;
}

/** Decimals as a sync stores them: the Token Registry's, else the on-chain (CIP-68) metadata's. */
function decimalsOf(asset: SimAsset): number | null {
  const onchain = asset.onchainMetadata?.decimals;
  return asset.metadata?.decimals ?? (typeof onchain === 'number' ? onchain : null);
}

/**
 * The wallets' holdings at the chain's tip as snapshot rows (what a sync leaves): lovelace and the
 * first `TOKENS` fungible tokens (by unit) any wallet holds, each from the UTC day the wallet first
 * received it. NFTs are left out: they have no decimals, so no source is asked for them.
 */
async function storeHoldings(sim: SimulatorHandle, sql: SqlPool): Promise<{ tokens: string[] }> {
  const model = sim.model;
  const walletOf = new Map<string, number>();
  sim.wallets.forEach((w, i) => w.addresses.forEach((a) => walletOf.set(a, i)));
  const firstSeen = new Map<string, number>(); // `${wallet}|${unit}` → block time
  for (const tx of model.txs) {
    for (const o of tx.outputs) {
      const w = walletOf.get(o.address);
      if (w === undefined || !o.created) continue;
      for (const unit of ['lovelace', ...(o.assets ?? []).map((a) => a.unit)]) {
        const key = `${w}|${unit}`;
        if (!firstSeen.has(key)) firstSeen.set(key, tx.block.time);
      }
    }
  }
  const held = new Map<string, bigint>(); // `${wallet}|${unit}` → quantity at the tip
  for (const [address, w] of walletOf) {
    for (const o of model.utxosOf(address)) {
      const add = (unit: string, q: bigint) => held.set(`${w}|${unit}`, (held.get(`${w}|${unit}`) ?? 0n) + q);
      add('lovelace', o.lovelace);
      for (const a of o.assets ?? []) add(a.unit, a.quantity);
    }
  }
  const fungible = new Set<string>();
  for (const key of held.keys()) {
    const unit = key.slice(key.indexOf('|') + 1);
    const asset = model.assets.get(unit);
    if (asset && decimalsOf(asset) !== null) fungible.add(unit);
  }
  const tokens = [...fungible].sort().slice(0, TOKENS);
  if (tokens.length < TOKENS)
    throw new Error(`the chain's wallets hold only ${tokens.length} fungible tokens`);
  const wanted = new Set(['lovelace', ...tokens]);

  const owners = [...new Set(sim.wallets.map((w) => w.owner))];
  const users = await sql.query<{ id: string; display_name: string }>(
    `INSERT INTO users (display_name) SELECT unnest($1::text[]) RETURNING id, display_name`,
    [owners],
  );
  const userOf = new Map(users.rows.map((r) => [r.display_name, r.id]));
  await sql.query(
    `INSERT INTO wallets (user_id, address, kind)
     SELECT u, a, k::wallet_kind FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(u, a, k)`,
    [
      sim.wallets.map((w) => userOf.get(w.owner)),
      sim.wallets.map((w) => w.address),
      sim.wallets.map((w) => w.kind),
    ],
  );
  const rows = {
    user: [] as string[],
    wallet: [] as string[],
    unit: [] as string[],
    day: [] as string[],
    q: [] as string[],
  };
  for (const [key, q] of held) {
    const [w, unit] = [Number(key.slice(0, key.indexOf('|'))), key.slice(key.indexOf('|') + 1)];
    if (!wanted.has(unit) || q <= 0n) continue;
    const wallet = sim.wallets[w]!;
    rows.user.push(userOf.get(wallet.owner)!);
    rows.wallet.push(wallet.address);
    rows.unit.push(unit);
    rows.day.push(new Date(Math.floor((firstSeen.get(key)! * 1000) / DAY) * DAY).toISOString());
    rows.q.push(q.toString());
  }
  await sql.query(
    `INSERT INTO portfolio_holdings_snapshots (user_id, wallet_address, token_unit, as_of, quantity)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::numeric[])`,
    [rows.user, rows.wallet, rows.unit, rows.day, rows.q],
  );
  const assets = tokens.map((u) => model.assets.get(u)!);
  await sql.query(
    `INSERT INTO tokens (unit, policy_id, asset_name, decimals)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])`,
    [tokens, assets.map((a) => a.policyId), assets.map((a) => a.assetName || null), assets.map(decimalsOf)],
  );
  return { tokens };
}

const bench: Bench = {
  name: 'prices',
  async run(): Promise<BenchResult[]> {
    await freshDatabase(DATABASE_URL);
    const sim = await startSimulator({ ...CHAIN, port: 0, limits: { enabled: false } });
    // The app's present time: day 1 starts 16 days before today, so every measured day is a past day
    // to the simulator's price services (which serve up to their real today).
    const day1 = Math.floor(Date.now() / DAY) * DAY - (REDISCOVER_DAYS + 2) * DAY;
    let offset = 0;
    const clock = () => new Date(Date.now() + offset);
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
      clock,
    });
    const stats = async (path: string) => (await (await fetch(`${sim.controlUrl}${path}`)).json()) as Stats;
    const reset = () =>
      Promise.all([
        fetch(`${sim.controlUrl}/stats/reset`, { method: 'POST', body: '{}' }),
        fetch(`${sim.controlUrl}/price-stats/reset`, { method: 'POST', body: '{}' }),
      ]);
    const sum = (s: Stats, prefix: string) =>
      Object.entries(s.byEndpoint).reduce((n, [k, v]) => (k.startsWith(prefix) ? n + v : n), 0);
    /** The day's scheduled refreshes, at :30 past each hour of the app's clock. */
    const runDay = async (start: number) => {
      await reset();
      const t0 = performance.now();
      for (let h = 0; h < 24 * 60; h += config.prices.refreshIntervalMinutes) {
        offset = start + h * 60_000 + 30 * 60_000 - Date.now();
        await app.prices.refresh.refresh({ latest: true });
      }
      const seconds = (performance.now() - t0) / 1000;
      const [bf, price] = await Promise.all([stats('/stats'), stats('/price-stats')]);
      return { bf, price, seconds };
    };
    try {
      const { tokens } = await storeHoldings(sim, app.sql);
      const holders = Number(
        (
          await app.sql.query<{ n: string }>(
            `SELECT count(DISTINCT wallet_address)::text n FROM portfolio_holdings_snapshots`,
          )
        ).rows[0]!.n,
      );
      const first = await runDay(day1);
      const pooled = Number(
        (
          await app.sql.query<{ n: string }>(
            `SELECT count(*)::text n FROM dex_pools WHERE nft_unit IS NOT NULL`,
          )
        ).rows[0]!.n,
      );
      const steady = await runDay(day1 + DAY);
      // The tokens found without a pool on the first day are looked for again after REDISCOVER_DAYS.
      const later = await runDay(day1 + REDISCOVER_DAYS * DAY);
      const pct = (n: number) => `${((n / DAILY_BUDGET) * 100).toFixed(2)} %`;
      const breakdown = (s: Stats) => {
        const e = s.byEndpoint;
        const utxos = e['/addresses/{address}/utxos/{asset}'] ?? 0;
        const history = (e['/assets/{asset}/transactions'] ?? 0) + (e['/txs/{hash}/utxos'] ?? 0);
        const other = s.total - utxos - history;
        return `pool UTxO reads ${utxos} (discovery and current prices), pool history ${history}${other ? `, other ${other}` : ''}`;
      };
      return [
        {
          name: 'wallets / distinct tokens held / tokens with a DEX pool',
          value: holders,
          unit: 'wallets',
          note: `${tokens.length} tokens (fungible, with decimals), ${pooled} with a pool found; chain seed ${CHAIN.seed}, ${sim.model.txs.length} transactions`,
        },
        {
          name: 'first day (24 hourly refreshes from an empty price table, pool discovery included): Blockfrost requests',
          value: first.bf.total,
          unit: 'requests',
          note: `${pct(first.bf.total)} of 50,000: ${breakdown(first.bf)}; ${first.seconds.toFixed(1)} s`,
        },
        {
          name: 'first day: CoinGecko calls',
          value: sum(first.price, 'coingecko'),
          unit: 'calls',
          note: `Kraken ${sum(first.price, 'kraken')}; statuses ${JSON.stringify(first.price.byStatus)}`,
        },
        {
          name: 'steady-state day (next 24 hourly refreshes): Blockfrost price requests',
          value: steady.bf.total,
          unit: 'requests',
          target: { value: DAILY_BUDGET * 0.02, better: 'lower' },
          note: `${pct(steady.bf.total)} of 50,000 (first day ${pct(first.bf.total)}): ${breakdown(steady.bf)}; ${steady.seconds.toFixed(1)} s`,
        },
        {
          name: 'steady-state day: CoinGecko calls',
          value: sum(steady.price, 'coingecko'),
          unit: 'calls',
          note: `Kraken ${sum(steady.price, 'kraken')}; statuses ${JSON.stringify(steady.price.byStatus)}`,
        },
        {
          name: `day ${REDISCOVER_DAYS + 1} (days 3–${REDISCOVER_DAYS} not run; tokens without a pool looked for again): Blockfrost price requests`,
          value: later.bf.total,
          unit: 'requests',
          target: { value: DAILY_BUDGET * 0.02, better: 'lower' },
          note: `${pct(later.bf.total)} of 50,000: ${breakdown(later.bf)}; CoinGecko ${sum(later.price, 'coingecko')}, Kraken ${sum(later.price, 'kraken')}; ${later.seconds.toFixed(1)} s`,
        },
      ];
    } finally {
      await app.close();
      await sim.close();
    }
  },
};
export default bench;
