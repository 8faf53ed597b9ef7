import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RollbackResult } from '../../../sim/index.js';
import { checkAgainstTruth } from '../../../bench/scale/truth-check.js';
import { createFaultEnv, type FaultEnv } from './fault-env.js';
import { simBlockTimes, simTip, stopLiveAndCatchUp, syncRound } from './live-rounds.js';

const DEPTH = 3;

interface RolledBack {
  answer: RollbackResult;
  /** Dropped transactions that were stored for a tracked wallet when the rollback came. */
  affected: string[];
  jobsRunning: boolean;
}

/**
 * A round's tick that rolls back the last DEPTH blocks the first time transactions of the top two
 * blocks are stored (all within a depth-3 rollback, even if a live block lands in between).
 */
function rollbackOnceStored(f: FaultEnv): { tick: () => Promise<void>; done: () => RolledBack | null } {
  let rolled: RolledBack | null = null;
  return {
    done: () => rolled,
    async tick() {
      if (rolled) return;
      const tip = await simTip(f);
      const { rows } = await f.db.sql.query<{ tx_hash: string }>(
        'SELECT DISTINCT tx_hash FROM transactions WHERE block_height > $1',
        [tip.height - 2],
      );
      if (rows.length === 0) return;
      const p = await f.run.progress();
      const answer = await f.sim.control<RollbackResult>('/rollback', { depth: DEPTH });
      const dropped = new Set(answer.dropped.flatMap((b) => b.txs));
      rolled = {
        answer,
        affected: rows.map((x) => x.tx_hash).filter((h) => dropped.has(h)),
        jobsRunning: (p?.processing ?? 0) > 0,
      };
    },
  };
}

// A block every 2 s: new blocks during most rounds of ~40 wallet syncs. Live mode goes on for 3 blocks
// after the rollback, then stops for the final round and the comparison with the truth.
describe('fault run: a rollback of the last 3 blocks while the simulator is in live mode (2 worker processes)', () => {
  let f: FaultEnv;

  beforeAll(async () => {
    f = await createFaultEnv({
      simArgs: ['--seed', '71', '--wallets', '30', '--txs-per-wallet', '6', '--no-limits', '--live', '2'],
    });
    await f.startWorkers(2, 4);
  }, 120_000);
  afterAll(() => f?.close());

  it('ends with every wallet reconciled and equal to the post-rollback truth; rolled-back transactions gone, none duplicated', async () => {
    const t0 = Date.now();
    // Live mode on (again): a retry of this test finds it stopped by the attempt before.
    await f.sim.control('/live', { seconds: 2 });
    const startTip = await simTip(f);
    await syncRound(f);

    // Later rounds follow the live chain; the rollback lands during one, once the workers stored
    // transactions of the blocks it drops (else it would not test anything).
    const rollback = rollbackOnceStored(f);
    let rounds = 1;
    for (; !rollback.done() && rounds < 10; rounds++) await syncRound(f, rollback.tick);
    const r = rollback.done();
    if (!r) throw new Error(`no rollback after ${rounds} rounds: nothing stored near the tip`);
    expect(r.answer.dropped).toHaveLength(DEPTH);
    expect(r.affected.length).toBeGreaterThan(0);

    // Live mode goes on over the replacement blocks.
    const liveUntil = Date.now() + 60_000;
    while ((await simTip(f)).height < r.answer.height + 3) {
      if (Date.now() > liveUntil) throw new Error('live mode added no 3 blocks within 60 s of the rollback');
      await syncRound(f);
      rounds++;
    }
    const truth = await stopLiveAndCatchUp(f);
    rounds++;
    expect(truth.tip.height).toBeGreaterThanOrEqual(r.answer.height + 3);

    const check = await checkAgainstTruth(f.db.sql, truth, f.run.tracked, {
      blockTimes: await simBlockTimes(f, truth),
    });
    expect(check.problems).toEqual([]);
    expect(check.reconciled).toBe(f.run.tracked.length);
    expect(check.records.stored).toBe(check.records.expected);
    expect(check.snapshots.stored).toBe(check.snapshots.expected);

    // Nothing of the dropped blocks is left, in the records nor in the shared chain cache.
    const dropped = r.answer.dropped.flatMap((b) => b.txs);
    const left = await f.db.sql.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM transactions WHERE tx_hash = ANY($1))::int
            + (SELECT count(*) FROM chain_transactions WHERE tx_hash = ANY($1))::int AS n`,
      [dropped],
    );
    expect(left.rows[0]!.n).toBe(0);
    console.log(
      `rollback-live: tip ${startTip.height} → ${truth.tip.height}, ${DEPTH} blocks (${dropped.length} txs) rolled back at ${r.answer.height}, ${r.affected.length} of them stored before (jobs running: ${r.jobsRunning}); ${rounds} rounds in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${check.wallets} wallets, ${check.records.stored} records, ${check.snapshots.stored} snapshots equal to the truth`,
    );
  }, 240_000);
});
