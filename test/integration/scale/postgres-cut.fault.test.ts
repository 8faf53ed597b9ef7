import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCuttableProxy, viaProxy, type CuttableProxy } from '../../../bench/scale/tcp-proxy.js';
import { createFaultEnv, SLOW_SYNC_ENV, type FaultEnv } from './fault-env.js';

/** How long PostgreSQL stays unreachable (the bench: 20 s; CI: 6 s, `FAULT_PG_CUT_SECONDS` to change). */
const CUT_SECONDS = Number(process.env.FAULT_PG_CUT_SECONDS ?? 6);

describe(`fault run: PostgreSQL unreachable for ${CUT_SECONDS} s mid-sync (2 worker processes behind a TCP proxy, Prisma queue)`, () => {
  let f: FaultEnv;
  let proxy: CuttableProxy;

  beforeAll(async () => {
    f = await createFaultEnv({
      simArgs: ['--seed', '62', '--wallets', '60', '--txs-per-wallet', '6', '--no-limits'],
      env: SLOW_SYNC_ENV,
    });
    proxy = await startCuttableProxy({
      host: new URL(f.db.url).hostname,
      port: Number(new URL(f.db.url).port || 5432),
    });
    // The workers reach PostgreSQL only through the proxy; the producer (the API's role) directly.
    await f.startWorkers(2, 4, { DATABASE_URL: viaProxy(f.db.url, proxy) });
  }, 120_000);
  afterAll(async () => {
    await proxy?.restore();
    await f?.close();
    await proxy?.close();
  });

  it('the workers ride out the outage and end with every record and snapshot equal to the truth', async () => {
    await f.run.enqueueAll();
    let cutAt: number | null = null;
    let restoredAt: number | null = null;
    let storedAtCut = -1;
    const seconds = await f.run.waitUntilDone({
      timeoutMs: 90_000 + CUT_SECONDS * 1000,
      onTick: async (elapsed) => {
        if (cutAt === null && elapsed > 2_000) {
          storedAtCut = Number(
            (await f.db.sql.query<{ n: string }>('SELECT count(*) AS n FROM transactions')).rows[0]!.n,
          );
          await proxy.cut();
          cutAt = elapsed;
        } else if (cutAt !== null && restoredAt === null && elapsed - cutAt >= CUT_SECONDS * 1000) {
          await proxy.restore();
          restoredAt = elapsed;
        }
      },
    });
    expect(restoredAt).not.toBeNull();
    // The cut landed mid-sync: some, not all, records were stored when it came.
    expect(storedAtCut).toBeGreaterThan(0);
    expect(storedAtCut).toBeLessThan(f.run.walletTransactions);
    const check = await f.run.check();
    expect(check.problems).toEqual([]);
    expect(check.reconciled).toBe(f.run.tracked.length);
    expect(check.records.stored).toBe(f.run.walletTransactions);
    console.log(
      `postgres cut: ${CUT_SECONDS} s at ${cutAt} ms (${storedAtCut} of ${f.run.walletTransactions} records stored), done after ${seconds.toFixed(1)} s; ${check.wallets} wallets, ${check.records.stored} records, ${check.snapshots.stored} snapshots equal to the truth`,
    );
  }, 180_000);
});
