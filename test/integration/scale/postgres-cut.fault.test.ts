import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCuttableProxy, viaProxy, type CuttableProxy } from '../../../bench/scale/tcp-proxy.js';
import type { WorkerPool } from '../../../bench/scale/worker-processes.js';
import { createFaultEnv, jobRetries, SLOW_SYNC_ENV, type FaultEnv } from './fault-env.js';
import { expectEqualToTruth } from './expect-truth.js';

/** How long PostgreSQL stays unreachable (the issue's 20 s; `FAULT_PG_CUT_SECONDS` to change). */
const CUT_SECONDS = Number(process.env.FAULT_PG_CUT_SECONDS ?? 20);

/**
 * Under the Prisma queue the queue itself is in the cut database (claims, heartbeats and settling fail
 * with it); under BullMQ the queue stays up and every job that meets the outage fails fast: without the
 * handler's delay on an unreachable database, 3 retries at 1-2-4 s would end them failed within ~7 s.
 */
describe.each(['prisma', 'bullmq'] as const)(
  `fault run: PostgreSQL unreachable for ${CUT_SECONDS} s mid-sync (2 worker processes behind a TCP proxy, %s queue)`,
  (backend) => {
    let f: FaultEnv;
    let proxy: CuttableProxy;
    let pool: WorkerPool;

    beforeAll(async () => {
      f = await createFaultEnv({
        simArgs: ['--seed', '62', '--wallets', '60', '--txs-per-wallet', '6', '--no-limits'],
        env: { ...SLOW_SYNC_ENV, QUEUE_BACKEND: backend },
      });
      proxy = await startCuttableProxy({
        host: new URL(f.db.url).hostname,
        port: Number(new URL(f.db.url).port || 5432),
      });
      // The workers reach PostgreSQL only through the proxy; the producer (the API's role) directly.
      pool = await f.startWorkers(2, 4, { DATABASE_URL: viaProxy(f.db.url, proxy) });
    }, 120_000);
    afterAll(async () => {
      await proxy?.restore();
      await f?.close();
      await proxy?.close();
    });

    it('the workers ride out the outage, no job fails, and every record, snapshot and reward ends equal to the truth', async () => {
      await f.run.enqueueAll();
      const cut = { at: -1, restoredAt: -1, stored: -1, jobsLeft: -1, connections: -1, problems: 0 };
      const problemCount = () => Object.values(pool.problemsLogged()).reduce((n, c) => n + c, 0);
      const seconds = await f.run.waitUntilDone({
        timeoutMs: 240_000 + CUT_SECONDS * 1000,
        onTick: async (elapsed) => {
          if (cut.at < 0 && elapsed > 2_000) {
            cut.stored = Number(
              (await f.db.sql.query<{ n: string }>('SELECT count(*) AS n FROM transactions')).rows[0]!.n,
            );
            const p = await f.run.progress();
            cut.jobsLeft = p ? f.run.jobIds.length - p.completed : -1;
            cut.problems = problemCount();
            await proxy.cut();
            cut.at = elapsed;
          } else if (cut.at >= 0 && cut.restoredAt < 0 && elapsed - cut.at >= CUT_SECONDS * 1000) {
            cut.problems = problemCount() - cut.problems;
            cut.connections = proxy.accepted;
            await proxy.restore();
            cut.restoredAt = elapsed;
          }
        },
      });
      expect(cut.restoredAt).toBeGreaterThan(0);
      expect(cut.restoredAt - cut.at).toBeGreaterThanOrEqual(CUT_SECONDS * 1000);
      // The cut landed mid-sync: some, not all, records were stored and jobs were left when it came.
      expect(cut.stored).toBeGreaterThan(0);
      expect(cut.stored).toBeLessThan(f.run.walletTransactions);
      expect(cut.jobsLeft).toBeGreaterThan(0);
      // The workers felt it (errors and warnings logged during the cut) and reconnected after it.
      expect(cut.problems).toBeGreaterThan(0);
      const reconnects = proxy.accepted - cut.connections;
      expect(reconnects).toBeGreaterThan(0);
      const equal = expectEqualToTruth(await f.run.check(), f.run, backend);
      const retries = backend === 'prisma' ? await jobRetries(f.db.sql) : null;
      const logged = Object.entries(pool.problemsLogged())
        .map(([msg, n]) => `${n} × ${msg}`)
        .join('; ');
      console.log(
        `postgres cut (${backend}): ${CUT_SECONDS} s from ${(cut.at / 1000).toFixed(1)} s (${cut.stored} of ${f.run.walletTransactions} records stored, ${cut.jobsLeft} jobs left), done after ${seconds.toFixed(1)} s; ${cut.problems} warnings/errors during the cut, ${reconnects} connections after it; ${retries ? `${retries.jobs} jobs re-run (${retries.total} retries, at most ${retries.max})` : 'no job failed'}; logged: ${logged}; ${equal}`,
      );
    }, 360_000);
  },
);
