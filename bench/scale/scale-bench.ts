// `npm run bench:scale`: the whole pipeline at deployment scale on the simulator. Generated wallets are
// synced from empty by 1, 2 and 4 `adafolio worker` processes with the simulator's limits off (wallet-
// transactions per second, CPU seconds and peak RSS per process, database time and size per 1,000
// records, each part ending with the row-for-row truth check); then one idle re-sync of every wallet of
// the last of those databases (requests per idle wallet, per day for hourly re-syncs); the API bench's
// route mix against an `adafolio api` process while 2 workers sync, with an idle baseline; then a
// window with the free plan's real limits on (share of the allowed rate used, 429s, requests per new
// transaction, the daily budget of an initial sync). Figures go to stdout (a table at the end) and
// .bench/scale.json (or stdout with --json).
//
//   npm run bench:scale -- [--wallets 1000] [--txs 100] [--workers 1,2,4] [--jobs 12] [--db-connections 60]
//                          [--api-seconds 30] [--api-jobs 4] [--limited-seconds 120] [--quick] [--json]
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { freshDatabase } from '../fresh-database.js';
import { apiUnderLoad } from './api-under-load.js';
import { dbFigures } from './db-figures.js';
import type { FaultRun } from './fault-run.js';
import { idleResync } from './idle-resync.js';
import { startRedisServer } from './redis-server-process.js';
import { openPartRun, sideCpu, type ScaleContext } from './scale-context.js';
import { fmt, ScaleReport } from './scale-report.js';
import { startSimulatorProcess } from './simulator-process.js';
import { startWorkerPool } from './worker-processes.js';
import { workerPoolSize } from '../../src/composition/start-worker.js';

const { values: args } = parseArgs({
  options: {
    wallets: { type: 'string' },
    txs: { type: 'string' },
    workers: { type: 'string', default: '1,2,4' },
    jobs: { type: 'string', default: '12' },
    'db-connections': { type: 'string', default: '60' },
    'api-seconds': { type: 'string' },
    'api-jobs': { type: 'string', default: '4' },
    'limited-seconds': { type: 'string' },
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const WALLETS = Number(args.wallets ?? (args.quick ? 100 : 1000));
const TXS = Number(args.txs ?? (args.quick ? 30 : 100));
const WORKER_COUNTS = args.workers.split(',').map(Number);
const JOBS = Number(args.jobs);
// PostgreSQL's max_connections (100) is shared with other users of the server: the workers of a part
// get at most this many pool connections together, so 4 workers run fewer jobs each than 1 or 2.
const DB_CONNECTIONS = Number(args['db-connections']);
const API_SECONDS = Number(args['api-seconds'] ?? (args.quick ? 10 : 30));
const API_JOBS = Number(args['api-jobs']);
const LIMITED_SECONDS = Number(args['limited-seconds'] ?? (args.quick ? 30 : 120));
const DAILY_REQUESTS = 50_000;
const BASE_URL =
  process.env.BENCH_SCALE_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/adafolio_bench_scale';
// Limits off includes the workers' own daily budget: a full-size sync needs ~2 × 100,000 requests, and
// at the default 50,000 the jobs would wait for the next UTC midnight.
const UNLIMITED = {
  BLOCKFROST_RPS: '1000000',
  BLOCKFROST_BURST: '1000000',
  BLOCKFROST_DAILY_LIMIT: '1000000000',
};
/** A sync whose stored transactions stop growing this long is reported, not waited on for hours. */
const STALL_MS = 120_000;

/** A waitUntilDone tick that throws once `transactions` has not grown for STALL_MS. */
function stallGuard(run: FaultRun): (elapsedMs: number) => Promise<void> {
  let lastCount = -1;
  let lastChange = 0;
  let lastLook = -Infinity;
  return async (elapsed) => {
    if (elapsed - lastLook < 10_000) return;
    lastLook = elapsed;
    const r = await run.app.sql.query<{ n: string }>('SELECT count(*)::text AS n FROM transactions');
    const count = Number(r.rows[0]?.n ?? 0);
    if (count !== lastCount) {
      lastCount = count;
      lastChange = elapsed;
    } else if (elapsed - lastChange > STALL_MS) {
      throw new Error(
        `no new transaction stored for ${STALL_MS / 1000} s (${count} stored): the workers are stalled or delayed`,
      );
    }
  };
}

interface SimStats {
  total: number;
  byStatus: Record<string, number>;
}

/** `--jobs`, or fewer when `count` workers' pools at that many jobs would exceed `--db-connections`. */
function jobsFor(count: number): number {
  let jobs = JOBS;
  while (jobs > 1 && count * workerPoolSize(jobs) > DB_CONNECTIONS) jobs--;
  return jobs;
}

/** Fresh database, producer, `count` workers: syncs every tracked wallet, then the truth check. */
async function syncFromEmpty(
  ctx: ScaleContext,
  count: number,
  extra: Record<string, string>,
  during?: (run: FaultRun) => Promise<void>,
) {
  const url = `${ctx.baseUrl}_${count}`;
  await freshDatabase(url);
  const { run, env } = await openPartRun(ctx, url, extra);
  const jobs = jobsFor(count);
  const pool = await startWorkerPool({ count, jobs, env, startTimeoutMs: 120_000 });
  try {
    const before = await dbFigures(url);
    const side = await sideCpu(ctx, url);
    const w0 = pool.usage();
    await ctx.sim.control('/stats/reset', {});
    await run.enqueueAll();
    const during$ = during?.(run);
    const seconds = await run.waitUntilDone({
      timeoutMs: 3 * 3600_000,
      pollMs: 500,
      onTick: stallGuard(run),
    });
    const usage = pool.usage();
    const requests = (await ctx.sim.control<SimStats>('/stats')).total;
    const cpu = {
      workers: usage.map((u, i) => u.cpuSeconds - (w0[i]?.cpuSeconds ?? 0)),
      ...(await side()),
    };
    await during$;
    const after = await dbFigures(url);
    const check = await run.check({ snapshots: true });
    if (check.problems.length > 0) {
      throw new Error(
        `${count} worker(s): ${check.problems.length} differences from the truth: ${check.problems.slice(0, 5).join('; ')}`,
      );
    }
    return {
      url,
      jobs,
      seconds,
      records: run.walletTransactions,
      wallets: run.tracked.length,
      distinctWallets: new Set(run.tracked.map((t) => t.wallet.address)).size,
      requests,
      cpu,
      peakRssMb: usage.map((u) => u.peakRssMb),
      dbActiveMs: after.activeMs - before.activeMs,
      dbBytes: after.bytes,
      reconciled: check.reconciled,
    };
  } finally {
    await pool.stop(10_000).catch(() => undefined);
    await run.close().catch(() => undefined);
  }
}

async function workerCounts(ctx: ScaleContext): Promise<string | undefined> {
  const { report } = ctx;
  const perCount: Record<number, number> = {};
  let lastUrl: string | undefined;
  for (const count of WORKER_COUNTS) {
    const r = await syncFromEmpty(ctx, count, UNLIMITED);
    lastUrl = r.url;
    const txs = r.records / r.seconds;
    perCount[count] = txs;
    report.keep(`workers${count}`, r);
    report.line(
      `${count} worker(s) × --jobs ${r.jobs}, limits off: wallet-transactions/s`,
      `${fmt(txs)} (${fmt(r.records)} records of ${fmt(r.wallets)} wallets in ${fmt(r.seconds, 1)} s, all equal to the truth, ${r.reconciled} reconciled)`,
    );
    report.line(
      `${count} worker(s): CPU seconds`,
      `workers ${r.cpu.workers.map((c) => fmt(c, 1)).join(' + ')}, PostgreSQL backends ${fmt(r.cpu.pg, 1)}, Redis ${fmt(r.cpu.redis, 1)}, simulator ${fmt(r.cpu.sim, 1)} (of ${fmt(r.seconds * 2, 0)} core-seconds on 2 cores)`,
    );
    if (count === WORKER_COUNTS[0]) {
      // The whole initial sync's requests (the real-limit window below sees only its first minutes,
      // where token metadata and the system-wide reads weigh more).
      const perThousand = (r.requests * 1000) / r.distinctWallets;
      report.line(
        'whole initial sync, limits off: requests per wallet-transaction; for 1,000 wallets / days at 50,000 a day',
        `${fmt(r.requests / r.records, 2)} (${fmt(r.requests)} for ${fmt(r.records)} records of ${fmt(r.distinctWallets)} distinct wallets); ${fmt(perThousand)} / ${fmt(perThousand / DAILY_REQUESTS, 1)} days`,
      );
    }
    report.line(
      `${count} worker(s): peak RSS per worker, database time and size per 1,000 records`,
      `${r.peakRssMb.map((m) => fmt(m)).join(' / ')} MB; ${fmt((r.dbActiveMs / r.records) * 1000)} ms active; ${fmt(r.dbBytes / 1024 / 1024 / (r.records / 1000), 2)} MB`,
    );
  }
  const one = perCount[1];
  if (one && perCount[2])
    report.line('2 workers ÷ 1 worker', `${fmt(perCount[2] / one, 2)}× (target ≥ 1.6×)`);
  if (perCount[2] && perCount[4])
    report.line('4 workers ÷ 2 workers', `${fmt(perCount[4] / perCount[2], 2)}× (target ≥ 1.0×)`);
  return lastUrl;
}

/** Real free-plan limits: a bounded window of a fresh initial sync by 2 workers. */
async function limitedWindow(ctx: ScaleContext): Promise<void> {
  const { sim, report } = ctx;
  await sim.control('/limits', { enabled: true, rps: 10, burst: 500, daily: 1_000_000 });
  await sim.control('/limits/reset', {});
  await sim.control('/stats/reset', {});
  const url = `${ctx.baseUrl}_limited`;
  await freshDatabase(url);
  const { run, env } = await openPartRun(ctx, url, { BLOCKFROST_RPS: '10', BLOCKFROST_BURST: '500' });
  const pool = await startWorkerPool({ count: 2, jobs: 4, env, startTimeoutMs: 120_000 });
  try {
    await run.enqueueAll();
    const t0 = Date.now();
    await new Promise((r) => setTimeout(r, LIMITED_SECONDS * 1000));
    const stats = await sim.control<SimStats>('/stats');
    const elapsed = (Date.now() - t0) / 1000;
    const stored = await run.app.sql.query<{ n: string }>('SELECT count(*)::text AS n FROM transactions');
    const newTx = Number(stored.rows[0]?.n ?? 0);
    const allowed = 500 + 10 * elapsed;
    const served = stats.byStatus['200'] ?? 0;
    const reqPerTx = newTx > 0 ? stats.total / newTx : NaN;
    const budget = reqPerTx * run.walletTransactions * (1000 / run.tracked.length);
    report.line(
      `real limits (500 burst, 10/s), 2 workers, ${fmt(elapsed)} s window: share of the allowed rate used`,
      `${fmt((served / allowed) * 100, 1)} % (${fmt(served)} of ${fmt(allowed)}), ${stats.byStatus['429'] ?? 0} × 429 (target ≥ 95 %, 0 × 429)`,
    );
    report.line(
      'requests per new wallet-transaction (initial sync, token metadata included)',
      `${fmt(reqPerTx, 2)} (${fmt(stats.total)} for ${fmt(newTx)})`,
    );
    report.line(
      'initial sync of 1,000 such wallets: requests / days at 50,000 a day',
      `${fmt(budget)} / ${fmt(budget / DAILY_REQUESTS, 1)} days`,
    );
    report.keep('limited', { elapsed, served, allowed, stats, newTx, reqPerTx, budget });
  } finally {
    await pool.stop(10_000).catch(() => undefined);
    await run.close().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  // With --json stdout carries the JSON alone; progress lines go to stderr.
  const say = (s: string) => (args.json ? process.stderr : process.stdout).write(s + '\n');
  const report = new ScaleReport(say);
  say(
    `## scale: ${WALLETS} wallets × ~${TXS} transactions, workers ${WORKER_COUNTS.join('/')} × --jobs ${JOBS}`,
  );
  const started = Date.now();
  const sim = await startSimulatorProcess([
    '--seed',
    '15',
    '--wallets',
    String(WALLETS),
    '--txs-per-wallet',
    String(TXS),
    '--no-limits',
  ]);
  // The bench's own Redis: its CPU is this run's alone, and no other user's keys share it.
  const redis = await startRedisServer();
  const ctx: ScaleContext = { sim, redis, baseUrl: BASE_URL, report };
  try {
    const lastUrl = await workerCounts(ctx);
    if (lastUrl) await idleResync(ctx, lastUrl, UNLIMITED);
    await apiUnderLoad(ctx, UNLIMITED, { seconds: API_SECONDS, jobs: API_JOBS });
    await limitedWindow(ctx);
  } finally {
    await sim.close();
    await redis.close();
  }
  say(`  (${fmt((Date.now() - started) / 1000, 1)} s)\n`);
  say(report.table());
  const out = JSON.stringify(
    {
      at: new Date().toISOString(),
      wallets: WALLETS,
      txs: TXS,
      jobs: JOBS,
      rows: report.rows,
      figures: report.figures,
    },
    null,
    2,
  );
  if (args.json) process.stdout.write(out + '\n');
  mkdirSync('.bench', { recursive: true });
  writeFileSync('.bench/scale.json', out);
}

await main();
process.exit(0);
