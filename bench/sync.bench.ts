// Sync pipeline figures against the chain simulator:
//  - with Blockfrost's real limits (10 rps, burst 500): requests per new wallet-transaction on an initial
//    sync of the generator's default mix (excluding the one-time `/assets/{asset}` token metadata
//    requests, reported as a figure of their own), requests per wallet on an idle re-sync, wallets fully synced
//    per hour and the share of the allowed request rate used (measured after the burst is spent, i.e.
//    at the sustained 10 rps);
//  - with limits off: wallet-transactions stored per second by one worker with the chain data in the
//    shared cache (more users tracking the same wallets: listing + parse + write), the target's
//    figure; and cold (every transaction fetched over HTTP), which on this machine measures the HTTP
//    round trips to the co-located simulator more than the worker.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import type { Bench, BenchResult } from './bench.js';
import { startSimulator } from '../sim/index.js';
import { startSimulatorProcess } from './scale/simulator-process.js';
import { loadConfig } from '../src/config/config.js';
import { createAppContext, type AppContext } from '../src/composition/create-app-context.js';
import { freshDatabase } from './fresh-database.js';
import { mapWithConcurrency } from '../src/sync/map-with-concurrency.js';
import { workerPoolSize } from '../src/composition/start-worker.js';
import type { WalletSyncReport } from '../src/sync/wallet-sync.service.js';

const DATABASE_URL =
  process.env.BENCH_SYNC_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/adafolio_bench_sync';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Wallets of the limited run (the generator's default mix of 50 transactions per wallet). */
const LIMITED_WALLETS = Number(process.env.BENCH_SYNC_WALLETS ?? 8);
/** Wallets syncing at once in the one worker (`adafolio worker --jobs`), each fetching SYNC_CONCURRENCY at a time. */
const PARALLEL_WALLETS = 4;
/** The same for the limits-off throughput run, where the database, not the bucket, is the bottleneck. */
const PARALLEL_WALLETS_UNLIMITED = Number(process.env.BENCH_SYNC_JOBS ?? 24);
/** Users added after the cold run, each tracking the same 50 wallets (the cached-chain-data sample). */
const WARM_USERS = Number(process.env.BENCH_SYNC_WARM_USERS ?? 6);
/** `limited`, `unlimited` or both (default). */
const PART = process.env.BENCH_SYNC_PART ?? 'both';

interface TruthWallet {
  owner: string;
  kind: 'stake' | 'payment';
  address: string;
}

async function control<T>(controlUrl: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(controlUrl + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as T;
}

async function app(
  sim: { url: string; projectId: string },
  env: Record<string, string> = {},
  clock?: () => Date,
): Promise<AppContext> {
  const config = loadConfig({
    DATABASE_URL,
    REDIS_URL,
    BLOCKFROST_URL: sim.url,
    BLOCKFROST_PROJECT_ID: sim.projectId,
    LOG_LEVEL: 'silent',
    ...env,
  });
  return createAppContext(config, {
    logger: pino({ level: 'silent' }),
    // As `adafolio worker --jobs N` sizes its pool.
    poolSize: workerPoolSize(PARALLEL_WALLETS_UNLIMITED),
    events: false,
    // As `adafolio worker` does.
    asyncCommit: true,
    redisPrefix: `adafolio-bench:sync:${randomBytes(4).toString('hex')}:`,
    ...(clock ? { clock } : {}),
  });
}

/** The rewards stage's own endpoints (per stake wallet). */
const REWARDS_STAGE = ['rewards', 'history', 'mirs'].map((s) => `/accounts/{stake_address}/${s}`);
/** Read once for the whole system: the epoch clock and the pool directory. */
const systemWide = (endpoint: string) => endpoint.startsWith('/epochs') || endpoint.startsWith('/pools');
const countOf = (byEndpoint: Record<string, number>, keep: (endpoint: string) => boolean) =>
  Object.entries(byEndpoint).reduce((n, [e, c]) => (keep(e) ? n + c : n), 0);

/** One user per owner tracking all of that owner's wallets; returns the sync targets. */
async function track(ctx: AppContext, wallets: TruthWallet[], label: string) {
  const targets: Array<{ userId: string; walletId: string }> = [];
  const owners = new Map<string, TruthWallet[]>();
  for (const w of wallets) owners.set(w.owner, [...(owners.get(w.owner) ?? []), w]);
  for (const [owner, list] of owners) {
    const { user } = await ctx.repositories.users.findOrCreateByAddress(`${label}-${owner}`);
    for (const w of list) {
      const added = await ctx.repositories.wallets.add(user.id, { address: w.address, kind: w.kind });
      targets.push({ userId: user.id, walletId: added.id });
    }
  }
  return targets;
}

const syncAll = (
  ctx: AppContext,
  targets: Array<{ userId: string; walletId: string }>,
  parallel = PARALLEL_WALLETS,
) => mapWithConcurrency(targets, parallel, (t) => ctx.sync.sync(t));

/** Σ of the per-step timings (ms) over reports. */
function steps(reports: WalletSyncReport[]): string {
  const t: Record<string, number> = {};
  for (const r of reports) for (const [k, v] of Object.entries(r.timingsMs)) t[k] = (t[k] ?? 0) + v;
  return Object.entries(t)
    .map(([k, v]) => `${k} ${Math.round(v)}`)
    .join(', ');
}

const sum = (reports: WalletSyncReport[], f: (r: WalletSyncReport) => number) =>
  reports.reduce((s, r) => s + f(r), 0);

async function limitedRun(): Promise<BenchResult[]> {
  const sim = await startSimulator({ seed: 3, wallets: LIMITED_WALLETS, port: 0 });
  // Runs ahead after an epoch boundary so the system-wide epoch check (EPOCH_CHECK_MINUTES) looks again.
  let offsetMs = 0;
  const ctx = await app(sim, {}, () => new Date(Date.now() + offsetMs));
  try {
    const truth = await control<{ wallets: TruthWallet[] }>(sim.controlUrl, '/truth');
    const targets = await track(ctx, truth.wallets, 'limited');
    const stakeWallets = truth.wallets.filter((w) => w.kind === 'stake').length;
    // Spend the burst first (both buckets start full), so the timed part runs at the sustained rate.
    process.stdout.write(
      `  spending the 500-request burst, then syncing ${targets.length} wallets at 10 rps…\n`,
    );
    await mapWithConcurrency(Array.from({ length: 500 }), 16, () => ctx.blockfrost.client.latestBlock());
    await control(sim.controlUrl, '/stats/reset', {});
    const tokensBefore = await ctx.prisma.token.count();
    const t0 = Date.now();
    const initial = await syncAll(ctx, targets);
    const seconds = (Date.now() - t0) / 1000;
    const stats = await control<{
      total: number;
      byStatus: Record<string, number>;
      byEndpoint: Record<string, number>;
    }>(sim.controlUrl, '/stats');
    const newTxs = sum(initial, (r) => r.newTransactions);
    // Token metadata costs one request per unit new to the whole system, not per transaction.
    const metadataRequests = stats.byEndpoint['/assets/{asset}'] ?? 0;
    const newTokens = (await ctx.prisma.token.count()) - tokensBefore;
    const reconciled = initial.filter((r) => r.reconciliation?.status === 'matched').length;

    await control(sim.controlUrl, '/stats/reset', {});
    const idle = await syncAll(ctx, targets);
    const idleStats = await control<{ total: number; byEndpoint: Record<string, number> }>(
      sim.controlUrl,
      '/stats',
    );
    // The first re-sync after an epoch boundary (the boundary block carries new transactions too).
    await control(sim.controlUrl, '/epoch', { count: 1 });
    offsetMs += 11 * 60_000;
    await control(sim.controlUrl, '/stats/reset', {});
    const boundary = await syncAll(ctx, targets);
    const boundaryStats = await control<{ total: number; byEndpoint: Record<string, number> }>(
      sim.controlUrl,
      '/stats',
    );
    const rewardsInitial = countOf(stats.byEndpoint, (e) => REWARDS_STAGE.includes(e));
    const systemInitial = countOf(stats.byEndpoint, systemWide);
    const byEndpoint: Record<string, number> = {};
    for (const r of initial) {
      for (const [e, n] of Object.entries(r.requests.byEndpoint)) byEndpoint[e] = (byEndpoint[e] ?? 0) + n;
    }
    return [
      {
        name: 'requests per new wallet-transaction, initial sync (real limits, default mix, excluding one-time token metadata)',
        value: (stats.total - metadataRequests - rewardsInitial - systemInitial) / newTxs,
        unit: 'req/tx',
        target: { value: 1.6, better: 'lower' },
        note: `${stats.total - metadataRequests - rewardsInitial - systemInitial} requests (+ ${metadataRequests} /assets/{asset}, + ${rewardsInitial} rewards stage, + ${systemInitial} /epochs and /pools) for ${newTxs} wallet-transactions of ${targets.length} wallets; ${reconciled}/${targets.length} reconciled; ${JSON.stringify(byEndpoint)}; 429s: ${stats.byStatus['429'] ?? 0}`,
      },
      {
        name: 'one-time token metadata requests, initial sync (/assets/{asset}, once per unit system-wide)',
        value: metadataRequests,
        unit: 'req',
        note: `${newTokens} token units stored; ${(stats.total / newTxs).toFixed(2)} req/tx including them; a unit already stored costs nothing`,
      },
      {
        name: 'requests per wallet, idle re-sync',
        value: idleStats.total / targets.length,
        unit: 'req/wallet',
        target: { value: 1.0, better: 'lower' },
        note: `${idle.filter((r) => r.outcome === 'idle').length}/${targets.length} idle; ${countOf(idleStats.byEndpoint, (e) => REWARDS_STAGE.includes(e))} rewards-stage requests`,
      },
      {
        name: 'rewards-stage requests per stake wallet, initial sync (/rewards, /history, /mirs)',
        value: rewardsInitial / stakeWallets,
        unit: 'req/wallet',
        note: `${rewardsInitial} for ${stakeWallets} stake wallets; system-wide once: ${systemInitial} /epochs and /pools requests`,
      },
      {
        name: 'rewards-stage requests per stake wallet, first re-sync after an epoch boundary',
        value: countOf(boundaryStats.byEndpoint, (e) => REWARDS_STAGE.includes(e)) / stakeWallets,
        unit: 'req/wallet',
        target: { value: 2, better: 'lower' },
        note: `${boundary.filter((r) => (r.rewards?.newRewards ?? 0) > 0).length}/${stakeWallets} stake wallets stored new rewards; ${(countOf(boundaryStats.byEndpoint, (e) => !systemWide(e)) / targets.length).toFixed(2)} req/wallet in all (the boundary block's new transactions included), + ${countOf(boundaryStats.byEndpoint, systemWide)} system-wide`,
      },
      {
        name: 'wallets fully synced per hour (sustained 10 rps)',
        value: (targets.length / seconds) * 3600,
        unit: 'wallets/h',
        note: `${targets.length} wallets of ~50 transactions in ${seconds.toFixed(1)} s (token metadata requests included)`,
      },
      {
        name: 'share of the allowed request rate used',
        value: (100 * stats.total) / (10 * seconds),
        unit: '%',
        target: { value: 95, better: 'higher' },
        note: `${stats.total} requests (${metadataRequests} of them /assets/{asset}) in ${seconds.toFixed(1)} s at 10 rps allowed`,
      },
    ];
  } finally {
    await ctx.close();
    await sim.close();
  }
}

async function unlimitedRun(): Promise<BenchResult[]> {
  const sim = await startSimulatorProcess(['--seed', '4', '--wallets', '50', '--no-limits']);
  const ctx = await app(sim, {
    BLOCKFROST_RPS: '1000000',
    BLOCKFROST_BURST: '1000000',
    SYNC_CONCURRENCY: '16',
  });
  try {
    const truth = await control<{ wallets: TruthWallet[] }>(sim.controlUrl, '/truth');
    const cold = await track(ctx, truth.wallets, 'cold');
    let t0 = Date.now();
    const coldReports = await syncAll(ctx, cold, PARALLEL_WALLETS_UNLIMITED);
    const coldSeconds = (Date.now() - t0) / 1000;
    // Baseline for the cold run, in the same run: the same transactions' UTxOs fetched again through
    // the same client and shared bucket, with no parse and no database — the HTTP ceiling here.
    const { rows: cachedTxs } = await ctx.sql.query<{ tx_hash: string }>(
      'SELECT tx_hash FROM chain_transactions',
    );
    const c0 = Date.now();
    await mapWithConcurrency(cachedTxs, 64, (r) => ctx.blockfrost.client.txUtxos({ hash: r.tx_hash }));
    const ceiling = cachedTxs.length / ((Date.now() - c0) / 1000);
    // More users of the same wallets: the chain cache is warm, a longer sample.
    const warm: Array<{ userId: string; walletId: string }> = [];
    for (let i = 1; i <= WARM_USERS; i++) warm.push(...(await track(ctx, truth.wallets, `warm${i}`)));
    t0 = Date.now();
    const warmReports = await syncAll(ctx, warm, PARALLEL_WALLETS_UNLIMITED);
    const warmSeconds = (Date.now() - t0) / 1000;
    const coldStored = sum(coldReports, (r) => r.recordsWritten);
    const coldRequests = sum(coldReports, (r) => r.requests.total);
    const warmStored = sum(warmReports, (r) => r.recordsWritten);
    return [
      {
        name: 'wallet-transactions stored per second, one worker, limits off (chain data cached: listing + parse + write)',
        value: warmStored / warmSeconds,
        unit: 'tx/s',
        target: { value: 3000, better: 'higher' },
        note: `${warmStored} records in ${warmSeconds.toFixed(1)} s; ${WARM_USERS} more users of the same 50 wallets: listing + parse + write (${sum(warmReports, (r) => r.requests.total)} requests); step ms summed over wallets: ${steps(warmReports)}`,
      },
      {
        // No target of its own: here every transaction is one or two HTTP requests to a simulator that
        // shares the two cores with the worker, PostgreSQL and Redis, so this measures the machine's
        // HTTP round trips (client + simulator ≈ 1 ms of CPU each), not the worker's storing.
        name: 'the same, cold (every transaction fetched over HTTP from the simulator on the same machine)',
        value: coldStored / coldSeconds,
        unit: 'tx/s',
        note: `${coldStored} records of 50 wallets in ${coldSeconds.toFixed(1)} s; ${coldRequests} requests = ${Math.round(coldRequests / coldSeconds)} requests/s, ${Math.round((100 * coldRequests) / coldSeconds / ceiling)} % of the ${Math.round(ceiling)} requests/s the client and simulator sustain alone (the same ${cachedTxs.length} /txs/{hash}/utxos, no parse, no database) (${sum(coldReports, (r) => r.requests.byEndpoint['/assets/{asset}'] ?? 0)} of them one-time token metadata); step ms summed over wallets: ${steps(coldReports)}`,
      },
    ];
  } finally {
    await ctx.close();
    await sim.close();
  }
}

const bench: Bench = {
  name: 'sync',
  async run() {
    // Each part syncs its own simulated chain: a fresh database each, so system-wide chain data (the
    // epoch clock, pools, the transaction cache) of one chain never answers for the other.
    let unlimited: BenchResult[] = [];
    if (PART !== 'limited') {
      await freshDatabase(DATABASE_URL);
      unlimited = await unlimitedRun();
    }
    let limited: BenchResult[] = [];
    if (PART !== 'unlimited') {
      await freshDatabase(DATABASE_URL);
      limited = await limitedRun();
    }
    return [...limited, ...unlimited];
  },
};

export default bench;
