import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerPool } from '../../../bench/scale/worker-processes.js';
import { createFaultEnv, SLOW_SYNC_ENV, type FaultEnv } from './fault-env.js';

// ~100 small wallets; the workers' shared bucket at 250 requests/s stretches the sync over ~10 s, and
// batches of 5 transactions put kills between and inside writes.
describe('fault run: a worker SIGKILLed every 3 s during a sync of 100 wallets (2 worker processes, Prisma queue)', () => {
  let f: FaultEnv;
  let pool: WorkerPool;

  beforeAll(async () => {
    f = await createFaultEnv({
      simArgs: ['--seed', '61', '--wallets', '100', '--txs-per-wallet', '6', '--no-limits'],
      env: SLOW_SYNC_ENV,
    });
    pool = await f.startWorkers(2, 4);
  }, 120_000);
  afterAll(() => f?.close());

  it('ends with every wallet reconciled and every record and snapshot equal to the truth, none lost or duplicated', async () => {
    await f.run.enqueueAll();
    let kills = 0;
    let killsMidSync = 0;
    let done = false;
    const killer = (async () => {
      while (!done && kills < 8) {
        await new Promise((r) => setTimeout(r, 3_000));
        if (done) break;
        const p = await f.run.progress();
        if (p && p.processing > 0) killsMidSync++;
        await pool.killAndRestart(kills % 2);
        kills++;
      }
    })();
    try {
      await f.run.waitUntilDone({ timeoutMs: 90_000 });
    } finally {
      done = true;
      await killer;
    }
    expect(killsMidSync).toBeGreaterThanOrEqual(2);
    const check = await f.run.check();
    expect(check.problems).toEqual([]);
    expect(check.reconciled).toBe(f.run.tracked.length);
    expect(check.records.stored).toBe(check.records.expected);
    expect(check.records.expected).toBe(f.run.walletTransactions);
    expect(check.snapshots.stored).toBe(check.snapshots.expected);
    console.log(
      `sigkill: ${kills} kills (${killsMidSync} mid-sync), ${pool.started} worker processes, ${check.wallets} wallets, ${check.records.stored} records, ${check.snapshots.stored} snapshots, all equal to the truth`,
    );
  }, 150_000);

  it('the check names a lost record, a changed snapshot and a wallet left unreconciled', async () => {
    const t = f.run.tracked.find((x) => x.wallet.expected.transactions.length > 0)!;
    const lost = t.wallet.expected.transactions[0]!.txHash;
    await f.db.sql.query(
      'DELETE FROM transactions WHERE user_id = $1 AND wallet_address = $2 AND tx_hash = $3',
      [t.userId, t.wallet.address, lost],
    );
    await f.db.sql.query(
      `UPDATE portfolio_holdings_snapshots SET quantity = quantity + 1
        WHERE id = (SELECT id FROM portfolio_holdings_snapshots WHERE user_id = $1 AND wallet_address = $2 LIMIT 1)`,
      [t.userId, t.wallet.address],
    );
    await f.db.sql.query(`UPDATE wallets SET reconciliation_status = 'mismatch' WHERE id = $1`, [t.walletId]);
    const check = await f.run.check();
    const k = `${t.userId} ${t.wallet.address}`;
    expect(check.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`missing record ${k} ${lost}`),
        expect.stringContaining(`unequal snapshot ${k}`),
        `wallet ${k} not reconciled: mismatch`,
      ]),
    );
  });
});
