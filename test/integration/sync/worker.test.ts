import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.js';
import { startWorker } from '../../../src/composition/start-worker.js';
import type { JobConsumer } from '../../../src/queue/job-consumer.js';
import type { RealtimeEvent } from '../../../src/realtime/event-map.js';
import { enqueueWalletSync } from '../../../src/sync/sync-wallet-job.js';
import {
  addUserWithWallets,
  control,
  createSyncEnv,
  normaliseTruth,
  storedAsTruth,
  truthOf,
  type RunningSim,
  type SyncEnv,
  type TruthWallet,
} from './sync-test-env.js';

const CLI = fileURLToPath(new URL('../../../bin/adafolio.js', import.meta.url));

async function waitFor<T>(fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('worker: queue jobs, live events, daily-cap delay (simulator, Prisma queue, PostgreSQL, Redis)', () => {
  let sim: RunningSim;
  let env: SyncEnv;
  let consumer: JobConsumer;
  const events: RealtimeEvent[] = [];
  let unsubscribe: () => void;

  beforeAll(async () => {
    sim = await startSimulator({
      seed: 5,
      wallets: 6,
      txsPerWallet: 15,
      limits: { enabled: false },
      port: 0,
    });
    env = await createSyncEnv(sim, { queue: { retryBackoffMs: 200 } });
    unsubscribe = await env.app.events!.subscribe((e) => events.push(e));
    consumer = await startWorker(env.app, { jobs: 2, resync: false });
  }, 60_000);
  afterAll(async () => {
    await consumer?.stop({ graceful: false });
    unsubscribe?.();
    await env?.close();
    await sim?.close();
  });

  it('syncs enqueued wallets and publishes progress (at least once a second) and wallet_updated', async () => {
    const truth = await truthOf(sim);
    const owner = truth.wallets[0]!.owner;
    const wallets = truth.wallets.filter((w) => w.owner === owner);
    const { userId, walletIds } = await addUserWithWallets(env.app, 'worker-user', wallets);
    // Slow answers stretch one sync over a few seconds, to see the once-a-second heartbeat.
    await control(sim, '/faults', { kind: 'slow', delayMs: 2500, count: 2, path: '/utxos' });
    const jobs = [];
    for (const w of wallets) {
      const added = await enqueueWalletSync(env.app.queue!, {
        id: walletIds.get(w.address)!,
        userId,
        address: w.address,
      });
      expect(added.created).toBe(true);
      jobs.push(added.job.id);
      // A second request for the same wallet joins the live job.
      const again = await enqueueWalletSync(env.app.queue!, {
        id: walletIds.get(w.address)!,
        userId,
        address: w.address,
      });
      expect(again.job.id).toBe(added.job.id);
    }
    for (const id of jobs) {
      await waitFor(async () => {
        const job = await env.app.queue!.get(id);
        if (job?.status === 'failed') throw new Error(`job failed: ${job.error}`);
        return job?.status === 'completed' ? job : undefined;
      });
    }
    for (const w of wallets) {
      expect(await storedAsTruth(env.app, userId, w.address)).toEqual(
        normaliseTruth(w.expected.transactions),
      );
    }
    const mine = events.filter((e) => e.userId === userId);
    for (const w of wallets) {
      expect(mine.some((e) => e.type === 'wallet_updated' && e.payload.walletAddress === w.address)).toBe(
        true,
      );
      const progress = mine.filter(
        (e) => e.type === 'sync_progress' && e.payload.walletAddress === w.address,
      );
      expect(progress.at(-1)!.payload).toMatchObject({ phase: 'done' });
      for (let i = 1; i < progress.length; i++) {
        expect(progress[i]!.publishedAt - progress[i - 1]!.publishedAt).toBeLessThan(1_500);
      }
    }
    const longest = Math.max(
      ...wallets.map((w) => {
        const p = mine.filter((e) => e.type === 'sync_progress' && e.payload.walletAddress === w.address);
        return p.at(-1)!.publishedAt - p[0]!.publishedAt;
      }),
    );
    expect(longest).toBeGreaterThan(1_000); // the heartbeat check above covered a multi-second sync
    expect(events.some((e) => e.userId !== userId)).toBe(false);
  }, 120_000);

  it('a job for a wallet that is not linked fails at once with sync_failed', async () => {
    const { userId } = await addUserWithWallets(env.app, 'ghost-user', []);
    const { job } = await env.app.queue!.add(
      'sync_wallet',
      { walletId: '00000000-0000-4000-8000-000000000001', userId, walletAddress: 'addr1ghost' },
      { userId, walletAddress: 'addr1ghost' },
    );
    const done = await waitFor(async () => {
      const j = await env.app.queue!.get(job.id);
      return j?.status === 'failed' ? j : undefined;
    });
    expect(done.attempts).toBeLessThanOrEqual(1);
    const failed = events.find((e) => e.type === 'sync_failed' && e.userId === userId);
    expect(failed?.payload).toMatchObject({ reason: expect.stringContaining('not found') });
  }, 60_000);

  it('the periodic re-sync job enqueues a sync of every tracked wallet (jobs that name only the address)', async () => {
    const truth = await truthOf(sim);
    const w = truth.wallets[1]!;
    const { userId, walletIds } = await addUserWithWallets(env.app, 'periodic-user', [w]);
    await env.app.queue!.add('resync_all', {});
    await waitFor(async () => {
      const jobs = await env.app.queue!.listByWallet(w.address, { userId });
      return jobs.some((j) => j.type === 'sync_wallet' && j.status === 'completed') ? true : undefined;
    });
    const wallet = await env.app.repositories.wallets.get(userId, walletIds.get(w.address)!);
    expect(wallet!.lastSyncedAt).not.toBeNull();
    expect(wallet!.reconciliation?.status).toBe('matched');
    expect((await env.app.repositories.transactions.listByWallet(userId, w.address)).length).toBe(
      w.expected.transactions.length,
    );
  }, 60_000);

  it("Blockfrost's daily cap delays the job to the next UTC midnight without consuming a retry", async () => {
    const truth = await truthOf(sim);
    const w: TruthWallet = truth.wallets.at(-1)!;
    const { userId, walletIds } = await addUserWithWallets(env.app, 'cap-user', [w]);
    await control(sim, '/limits/reset', {});
    await control(sim, '/limits', { enabled: true, rps: 10_000, burst: 10_000, daily: 3 });
    try {
      const { job } = await enqueueWalletSync(env.app.queue!, {
        id: walletIds.get(w.address)!,
        userId,
        address: w.address,
      });
      const delayed = await waitFor(async () => {
        const j = await env.app.queue!.get(job.id);
        return j && j.status === 'pending' && j.scheduledAt.getTime() > Date.now() + 1_000 ? j : undefined;
      });
      const midnight = new Date();
      midnight.setUTCHours(24, 0, 0, 0);
      expect(delayed.scheduledAt.getTime()).toBe(midnight.getTime());
      expect(delayed.attempts).toBe(0);
      const usage = await env.app.blockfrost.limiter.getUsage();
      expect(usage.pauseReason).toBe('daily_cap');
    } finally {
      await control(sim, '/limits', { enabled: false });
    }
  }, 60_000);

  it('`adafolio worker` stops on SIGTERM with exit code 0', async () => {
    const child = spawn(CLI, ['worker', '--no-resync'], {
      env: { ...process.env, ...env.env, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    // SIGTERM the moment the readiness line arrives (not at the next poll): a worker that logs it before
    // its signal handlers exist dies of the signal instead of stopping (exit code null).
    const started = new Promise<void>((resolve) => {
      const onData = (d: Buffer) => {
        out += d.toString();
        if (out.includes('worker started')) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const startTimeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 45_000).unref());
    expect(await Promise.race([started, exited, startTimeout]), out).toBeUndefined();
    child.kill('SIGTERM');
    const code = await Promise.race([
      exited,
      new Promise<string>((r) => setTimeout(() => r('timeout'), 20_000)),
    ]);
    if (code === 'timeout') child.kill('SIGKILL');
    expect(code).toBe(0);
  }, 90_000);
});
