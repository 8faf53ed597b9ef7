import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenBucketRateLimiter } from '../../../src/chain/limiter/token-bucket-rate-limiter.js';
import { utcDay } from '../../../src/chain/utc-day.js';
import type { StoreFactory } from './token-bucket.conformance.js';

/**
 * A process killed while its callers wait in line must not stall the others: its tickets expire with
 * their lease and no token was reserved for them.
 */
export function killedProcessConformance(
  name: string,
  factory: StoreFactory,
  childEnv: () => Record<string, string>,
) {
  describe(`${name} token bucket with a killed process`, () => {
    beforeAll(async () => factory.setup?.());
    afterAll(async () => factory.teardown?.());

    it('drops the dead process’s place in line within its lease and loses no token', async () => {
      const key = `killed-${process.pid}-${Date.now()}`;
      const store = factory.create(key);
      const rate = 4;
      const limiter = new TokenBucketRateLimiter(
        { ratePerSecond: rate, burst: 1, dailyLimit: 1_000_000, leaseMs: 1_000 },
        { store },
      );
      await limiter.take(); // empty the bucket: everyone now waits
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'test/integration/chain/fixtures/bucket-taker.ts'],
        {
          env: {
            ...process.env,
            ...childEnv(),
            KEY: key,
            RATE: String(rate),
            BURST: '1',
            LEASE_MS: '1000',
            TAKES: '40',
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      // Wait until the child's callers stand in line (its first may get the one token that accrued).
      const deadline = Date.now() + 30_000;
      while ((await store.read({ now: Date.now(), day: utcDay(Date.now()) })).waiting < 35) {
        if (Date.now() > deadline) throw new Error(`child never queued: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      child.kill('SIGKILL');
      await once(child, 'exit');
      const grantedToChild = (out.match(/granted/g) ?? []).length;

      // Behind 40 live callers this would take 10 s; behind 40 dead ones, about the lease (1 s).
      const t = Date.now();
      await limiter.take();
      const waited = Date.now() - t;
      expect(waited).toBeLessThan(2_000);

      // Tokens accrued while the dead tickets expired were not lost: ~4/s since our first take.
      const snap = await store.read({ now: Date.now(), day: utcDay(Date.now()) });
      expect(snap.waiting).toBe(0);
      // A grant the child received in the instant before SIGKILL is counted by the store but may never
      // have reached its stdout, so the child's report can be one short; never more than that.
      expect(snap.requestsToday).toBeGreaterThanOrEqual(2 + grantedToChild);
      expect(snap.requestsToday).toBeLessThanOrEqual(3 + grantedToChild);
      const burst: Promise<void>[] = [];
      const t2 = Date.now();
      for (let i = 0; i < 4; i++) burst.push(limiter.take());
      await Promise.all(burst);
      // Four more at 4/s take about a second, not longer: the bucket runs at its full rate again.
      expect(Date.now() - t2).toBeLessThan(1_600);
    });
  });
}
