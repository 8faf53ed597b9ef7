import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaultEnv, type FaultEnv } from './fault-env.js';
import { expectEqualToTruth } from './expect-truth.js';

describe('fault run: the simulator answers 5 % of requests with 5xx and resets 2 % of connections (2 worker processes)', () => {
  let f: FaultEnv;

  beforeAll(async () => {
    f = await createFaultEnv({
      simArgs: ['--seed', '63', '--wallets', '60', '--txs-per-wallet', '6', '--no-limits'],
      env: { SYNC_BATCH_SIZE: '5', SYNC_CONCURRENCY: '4' },
    });
    for (const status of [500, 502, 503]) {
      await f.sim.control('/faults', { kind: 'status', status, rate: 0.05 / 3 });
    }
    await f.sim.control('/faults', { kind: 'reset', rate: 0.02 });
    await f.startWorkers(2, 4);
  }, 120_000);
  afterAll(() => f?.close());

  it('every wallet still ends equal to the truth, and the faults were really served', async () => {
    await f.sim.control('/stats/reset', {});
    await f.run.enqueueAll();
    const seconds = await f.run.waitUntilDone({ timeoutMs: 90_000 });
    const stats = await f.sim.control<{ total: number; byStatus: Record<string, number> }>('/stats');
    const failed = (stats.byStatus['500'] ?? 0) + (stats.byStatus['502'] ?? 0) + (stats.byStatus['503'] ?? 0);
    const resets = stats.byStatus['reset'] ?? 0;
    expect(failed).toBeGreaterThan(0.02 * stats.total);
    expect(resets).toBeGreaterThan(0);
    const check = await f.run.check();
    const equal = expectEqualToTruth(check, f.run);
    console.log(
      `simulator faults: ${stats.total} requests, ${failed} × 5xx, ${resets} resets; done after ${seconds.toFixed(1)} s; ${equal}`,
    );
  }, 150_000);
});
