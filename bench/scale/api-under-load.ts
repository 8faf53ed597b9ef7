// The API under load while workers write: an `adafolio api` process on the part's database, the API
// bench's route mix at 10 connections while 2 workers sync from empty (the window ends when the sync
// does, or after `seconds`), then the same mix for as long again with the workers idle: the baseline,
// on the same (by then larger) data in the same run, so the difference is the workers' share.
import { JwtService } from '../../src/api/auth/jwt-service.js';
import { load, type LoadResult } from '../api/load.js';
import { mixOf, routeClasses, type BenchUser } from '../api/route-mix.js';
import { freshDatabase } from '../fresh-database.js';
import { startApiProcess } from './api-process.js';
import { procUsage } from './proc-usage.js';
import { fmt } from './scale-report.js';
import { openPartRun, type ScaleContext } from './scale-context.js';
import { startWorkerPool } from './worker-processes.js';

const CONNECTIONS = 10;
const SECRET = 'bench-scale-secret-0123456789-0123456789';

export async function apiUnderLoad(
  ctx: ScaleContext,
  extra: Record<string, string>,
  options: { seconds: number; jobs: number },
): Promise<void> {
  const url = `${ctx.baseUrl}_api`;
  await freshDatabase(url);
  const { run, env } = await openPartRun(ctx, url, { ...extra, JWT_SECRET: SECRET });
  const api = await startApiProcess(env);
  const pool = await startWorkerPool({ count: 2, jobs: options.jobs, env, startTimeoutMs: 120_000 });
  try {
    const jwt = new JwtService({ secret: SECRET }, { now: () => new Date() });
    const byUser = new Map<string, string[]>();
    for (const t of run.tracked) byUser.set(t.userId, [...(byUser.get(t.userId) ?? []), t.walletId]);
    const users: BenchUser[] = await Promise.all(
      [...byUser].map(async ([id, wallets]) => ({ token: (await jwt.issue(id)).accessToken, wallets })),
    );
    const pick = () => users[Math.floor(Math.random() * users.length)]!;
    const now = Date.now();
    const year = { from: new Date(now - 365 * 86_400_000).toISOString(), to: new Date(now).toISOString() };
    const classes = routeClasses(pick, year);
    const measure = (seconds: number, signal?: AbortSignal) => {
      const cpu0 = procUsage(api.child.pid!, 'api').cpuSeconds;
      return load({ port: api.port, next: mixOf(classes), seconds, concurrency: CONNECTIONS, signal }).then(
        (r) => ({ ...r, apiCpuSeconds: procUsage(api.child.pid!, 'api').cpuSeconds - cpu0 }),
      );
    };

    await run.enqueueAll();
    const syncDone = new AbortController();
    const synced = run
      .waitUntilDone({ timeoutMs: 3 * 3600_000, pollMs: 500 })
      .finally(() => syncDone.abort());
    const busy = await measure(options.seconds, syncDone.signal);
    const syncSeconds = await synced;
    const idle = await measure(busy.seconds);
    const check = await run.check({ snapshots: true });
    if (check.problems.length > 0)
      throw new Error(
        `API under load: ${check.problems.length} differences from the truth: ${check.problems[0]}`,
      );

    const line = (r: LoadResult & { apiCpuSeconds: number }) =>
      `${fmt(r.rps)} req/s, ${r.errors} errors, API CPU ${fmt((r.apiCpuSeconds / Math.max(1, r.n)) * 1000, 2)} ms/request`;
    ctx.report.line(
      `API mix at ${CONNECTIONS} connections, ${fmt(busy.seconds, 1)} s while 2 workers (--jobs ${options.jobs}) sync (${fmt(syncSeconds, 1)} s), then as long idle`,
      `busy: ${line(busy)}; idle: ${line(idle)}`,
    );
    for (const c of classes) {
      const b = busy.byLabel[c.label];
      const i = idle.byLabel[c.label];
      ctx.report.line(
        `API ${c.label}: p95 / p99 while workers write (idle baseline)`,
        `${fmt(b?.p95 ?? NaN, 1)} / ${fmt(b?.p99 ?? NaN, 1)} ms (${fmt(i?.p95 ?? NaN, 1)} / ${fmt(i?.p99 ?? NaN, 1)} ms), ${b?.n ?? 0} (${i?.n ?? 0}) requests; target p95 ${c.target} ms`,
      );
    }
    ctx.report.keep('api', { connections: CONNECTIONS, syncSeconds, busy, idle });
  } finally {
    await pool.stop(10_000).catch(() => undefined);
    await api.close().catch(() => undefined);
    await run.close().catch(() => undefined);
  }
}
