import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DelayJobError } from '../../../src/queue/errors/delay-job.error.js';
import { UnrecoverableJobError } from '../../../src/queue/errors/unrecoverable-job.error.js';
import type { Job } from '../../../src/queue/job.js';
import type { AbortReason, JobConsumer, JobContext } from '../../../src/queue/job-consumer.js';
import type { JobQueue } from '../../../src/queue/job-queue.js';
import {
  createResyncAllHandler,
  JOB_TYPES,
  scheduleWalletResync,
} from '../../../src/queue/periodic-resync.js';
import type { ConsumerOptions, QueueOptions } from '../../../src/queue/queue-options.js';
import { spawnConsumer, type ConsumerProcess } from './support/consumer-processes.js';
import type { QueueLocation } from './support/make-queue.js';

/** One backend under test. `fresh` gives an empty queue namespace (the previous test's is gone). */
export interface QueueHarness {
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
  fresh(): Promise<QueueLocation>;
  open(where: QueueLocation, options?: QueueOptions & { poolSize?: number }): JobQueue;
  /** Whether a crashed worker's attempt is counted in `attempts` (SQL: yes; BullMQ counts stalls apart). */
  crashCountsAsAttempt: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * The job-queue contract: every backend (Prisma, BullMQ, and the Supabase SQL functions) must pass it.
 */
export function jobQueueContract(name: string, harness: QueueHarness): void {
  describe(`${name} job queue (contract)`, () => {
    let where: QueueLocation;
    let queue: JobQueue;
    const consumers: JobConsumer[] = [];
    const extraQueues: JobQueue[] = [];
    const children: ConsumerProcess[] = [];

    beforeAll(async () => harness.setup?.());
    afterAll(async () => harness.teardown?.());
    afterEach(async () => {
      await Promise.all(children.splice(0).map((c) => c.kill()));
      await Promise.all(consumers.splice(0).map((c) => c.stop({ graceful: false })));
      await Promise.all(extraQueues.splice(0).map((q) => q.close()));
      await queue?.close();
    });

    async function open(options: QueueOptions & { poolSize?: number } = {}): Promise<JobQueue> {
      where = await harness.fresh();
      queue = harness.open(where, options);
      return queue;
    }

    async function consume(
      q: JobQueue,
      handler: (ctx: JobContext) => Promise<void>,
      concurrency = 1,
      options: ConsumerOptions = {},
    ): Promise<JobConsumer> {
      const c = q.createConsumer(options);
      consumers.push(c);
      await c.start(handler, { concurrency });
      return c;
    }

    const waitStatus = (id: string, status: Job['status'], timeoutMs = 10_000) =>
      waitFor(
        `job ${id} ${status}`,
        async () => {
          const j = await queue.get(id);
          return j?.status === status ? j : undefined;
        },
        timeoutMs,
      );

    it('adds a job and reads it back with every field', async () => {
      await open();
      const { job, created } = await queue.add(
        'sync_wallet',
        { full: true },
        {
          walletAddress: 'addr_test1',
          userId: '00000000-0000-4000-8000-000000000001',
          priority: 7,
          maxRetries: 2,
          metadata: { by: 'test' },
        },
      );
      expect(created).toBe(true);
      const got = await queue.get(job.id);
      expect(got).toMatchObject({
        id: job.id,
        type: 'sync_wallet',
        data: { full: true },
        walletAddress: 'addr_test1',
        userId: '00000000-0000-4000-8000-000000000001',
        priority: 7,
        attempts: 0,
        maxRetries: 2,
        status: 'pending',
        metadata: { by: 'test' },
      });
      expect(got!.error).toBeUndefined();
      expect(await queue.get('00000000-0000-4000-8000-00000000dead')).toBeNull();
      await expect(queue.add('x', {}, { priority: 5000 })).rejects.toThrow(/priority/);
    });

    it('runs higher priority first, then in the order jobs were due', async () => {
      await open();
      const ids: Record<string, string> = {};
      for (const [label, priority] of [
        ['low', -5],
        ['mid-a', 0],
        ['high-a', 10],
        ['mid-b', 0],
        ['high-b', 10],
        ['top', 50],
      ] as const) {
        ids[label] = (await queue.add('order', { label }, { priority })).job.id;
        await sleep(3);
      }
      const seen: string[] = [];
      await consume(queue, async ({ job }) => {
        seen.push(job.data.label as string);
      });
      await waitFor('all run', async () => seen.length === 6);
      expect(seen).toEqual(['top', 'high-a', 'high-b', 'mid-a', 'mid-b', 'low']);
    });

    it('holds a delayed job until its time', async () => {
      await open();
      const ran = new Map<string, number>();
      const t0 = Date.now();
      const late = (await queue.add('d', { n: 1 }, { delayMs: 700 })).job;
      const now = (await queue.add('d', { n: 2 })).job;
      expect((await queue.stats()).delayed).toBe(1);
      await consume(queue, async ({ job }) => {
        ran.set(job.id, Date.now());
      });
      await waitFor('both ran', async () => ran.size === 2);
      expect(ran.get(now.id)! - t0).toBeLessThan(600);
      expect(ran.get(late.id)! - t0).toBeGreaterThanOrEqual(690);
    });

    it('retries with exponential backoff, then fails keeping the last error', async () => {
      await open({ retryBackoffMs: 150 });
      const times: number[] = [];
      const { job } = await queue.add('flaky', {}, { maxRetries: 2 });
      await consume(queue, async () => {
        times.push(Date.now());
        throw new Error(`boom ${times.length}`);
      });
      const failed = await waitStatus(job.id, 'failed');
      expect(times).toHaveLength(3);
      expect(failed.attempts).toBe(3);
      expect(failed.error).toMatch(/boom 3/);
      expect(failed.finishedAt).toBeInstanceOf(Date);
      // 150 ms then 300 ms (exponential), with some scheduling slack.
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(140);
      expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(290);
      expect(times[2]! - times[1]!).toBeGreaterThan(times[1]! - times[0]! + 80);
    });

    it('completes on a retry; an unrecoverable error fails at once', async () => {
      await open({ retryBackoffMs: 50 });
      let calls = 0;
      const flaky = (await queue.add('flaky', {})).job;
      const fatal = (await queue.add('fatal', {}, { maxRetries: 5 })).job;
      let fatalCalls = 0;
      await consume(queue, async ({ job }) => {
        if (job.type === 'fatal') {
          fatalCalls++;
          throw new UnrecoverableJobError('address is not a Cardano address');
        }
        if (++calls === 1) throw new Error('transient');
      });
      const done = await waitStatus(flaky.id, 'completed');
      expect(done.attempts).toBe(1);
      const failed = await waitStatus(fatal.id, 'failed');
      expect(fatalCalls).toBe(1);
      expect(failed.error).toMatch(/not a Cardano address/);
    });

    it('DelayJobError puts the job back until then without using a retry', async () => {
      await open({ retryBackoffMs: 10_000 });
      const { job } = await queue.add('budget', {}, { maxRetries: 0 });
      let calls = 0;
      const resumeAt = new Date(Date.now() + 600);
      await consume(queue, async () => {
        if (++calls === 1) throw new DelayJobError(resumeAt);
      });
      await waitFor('first call', async () => calls >= 1);
      const waiting = await waitStatus(job.id, 'pending');
      expect(waiting.attempts).toBe(0);
      const done = await waitStatus(job.id, 'completed');
      expect(calls).toBe(2);
      expect(done.attempts).toBe(0);
      expect(done.startedAt!.getTime()).toBeGreaterThanOrEqual(resumeAt.getTime() - 5);
    });

    it('cancels pending and running jobs; the running handler sees its signal', async () => {
      await open();
      const pending = (await queue.add('later', {}, { delayMs: 60_000 })).job;
      const cancelled = await queue.cancel(pending.id);
      expect(cancelled?.status).toBe('cancelled');
      expect((await queue.get(pending.id))?.status).toBe('cancelled');

      let reason: AbortReason | undefined;
      const running = (await queue.add('long', {})).job;
      let started = false;
      await consume(
        queue,
        async ({ job, signal }) => {
          if (job.type !== 'long') return;
          started = true;
          await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
          reason = signal.reason as AbortReason;
          throw new Error('stopped');
        },
        1,
        { leaseMs: 600 },
      );
      await waitFor('started', async () => started);
      expect((await queue.cancel(running.id))?.status).toBe('cancelled');
      await waitFor('handler aborted', async () => reason !== undefined, 5_000);
      expect(reason).toBe('cancelled');
      await sleep(100);
      expect((await queue.get(running.id))?.status).toBe('cancelled');
      expect(await queue.cancel('00000000-0000-4000-8000-00000000dead')).toBeNull();

      const finished = (await queue.add('quick', {})).job;
      await waitStatus(finished.id, 'completed');
      expect((await queue.cancel(finished.id))?.status).toBe('completed');
      const stats = await queue.stats();
      expect(stats).toMatchObject({ cancelled: 2, completed: 1, failed: 0, pending: 0, processing: 0 });
    });

    it('counts jobs by status and cleans up old finished ones', async () => {
      await open({ retryBackoffMs: 10 });
      for (let i = 0; i < 3; i++) await queue.add('ok', { i });
      await queue.add('bad', {}, { maxRetries: 0 });
      const gone = (await queue.add('gone', {}, { delayMs: 60_000 })).job;
      await queue.cancel(gone.id);
      await queue.add('later', {}, { delayMs: 60_000 });
      await consume(
        queue,
        async ({ job }) => {
          if (job.type === 'bad') throw new Error('bad');
        },
        2,
      );
      await waitFor('finished', async () => {
        const s = await queue.stats();
        return s.completed === 3 && s.failed === 1;
      });
      expect(await queue.stats()).toEqual({
        pending: 1,
        delayed: 1,
        processing: 0,
        completed: 3,
        failed: 1,
        cancelled: 1,
      });
      expect(await queue.cleanup(60 * 60_000)).toBe(0);
      await sleep(50);
      expect(await queue.cleanup(10)).toBe(5);
      expect(await queue.stats()).toEqual({
        pending: 1,
        delayed: 1,
        processing: 0,
        completed: 0,
        failed: 0,
        cancelled: 0,
      });
    });

    it('keeps one live job per (user, wallet, type) and lists a wallet’s jobs', async () => {
      await open();
      const user = '00000000-0000-4000-8000-0000000000aa';
      const other = '00000000-0000-4000-8000-0000000000bb';
      const first = await queue.add('sync_wallet', { n: 1 }, { walletAddress: 'addr_w', userId: user });
      const again = await queue.add('sync_wallet', { n: 2 }, { walletAddress: 'addr_w', userId: user });
      expect(again.created).toBe(false);
      expect(again.job.id).toBe(first.job.id);
      expect(again.job.data).toEqual({ n: 1 });
      expect((await queue.add('sync_wallet', {}, { walletAddress: 'addr_w', userId: other })).created).toBe(
        true,
      );
      expect((await queue.add('sync_wallet', {}, { walletAddress: 'addr_x', userId: user })).created).toBe(
        true,
      );
      expect((await queue.add('other_type', {}, { walletAddress: 'addr_w', userId: user })).created).toBe(
        true,
      );

      // While it runs, a new request joins the running job; once it is done, a new one is created.
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let runningId: string | undefined;
      await consume(
        queue,
        async ({ job }) => {
          if (job.id === first.job.id) {
            runningId = job.id;
            await gate;
          }
        },
        4,
      );
      await waitFor('running', async () => runningId !== undefined);
      const joined = await queue.add('sync_wallet', {}, { walletAddress: 'addr_w', userId: user });
      expect(joined).toMatchObject({ created: false, job: { id: first.job.id, status: 'processing' } });
      release();
      await waitStatus(first.job.id, 'completed');
      const next = await queue.add('sync_wallet', { n: 3 }, { walletAddress: 'addr_w', userId: user });
      expect(next.created).toBe(true);
      expect(next.job.id).not.toBe(first.job.id);

      const listed = await queue.listByWallet('addr_w', { userId: user });
      expect(listed.map((j) => j.id).sort()).toEqual(
        [
          first.job.id,
          next.job.id,
          (await queue.listByWallet('addr_w', { userId: user })).find((j) => j.type === 'other_type')!.id,
        ].sort(),
      );
      expect(listed.every((j) => j.walletAddress === 'addr_w' && j.userId === user)).toBe(true);
      expect(await queue.listByWallet('addr_w')).toHaveLength(4);
      expect(await queue.listByWallet('addr_none')).toEqual([]);
    });

    it('stores reported progress', async () => {
      await open();
      const { job } = await queue.add('p', {});
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      await consume(queue, async ({ reportProgress }) => {
        await reportProgress({ done: 40, total: 120 });
        await gate;
        await reportProgress(100);
      });
      const mid = await waitFor('progress', async () => {
        const j = await queue.get(job.id);
        return j?.progress !== undefined ? j : undefined;
      });
      expect(mid.progress).toEqual({ done: 40, total: 120 });
      expect(mid.status).toBe('processing');
      release();
      const done = await waitStatus(job.id, 'completed');
      expect(done.progress).toBe(100);
    });

    it('stops gracefully: lets a running job finish, or releases it without using a retry', async () => {
      await open();
      const a = (await queue.add('finish', {})).job;
      let startedA = false;
      const c1 = await consume(queue, async ({ signal }) => {
        startedA = true;
        await sleep(300); // ignores the signal: finishes its work
        expect(signal.aborted).toBe(true);
      });
      await waitFor('a started', async () => startedA);
      await c1.stop({ graceful: true, timeoutMs: 5_000 });
      expect((await queue.get(a.id))?.status).toBe('completed');

      const b = (await queue.add('honour', {}, { maxRetries: 0 })).job;
      let startedB = false;
      const c2 = await consume(queue, async ({ signal }) => {
        startedB = true;
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        throw new Error('interrupted by shutdown');
      });
      await waitFor('b started', async () => startedB);
      await c2.stop({ graceful: true, timeoutMs: 5_000 });
      const released = await queue.get(b.id);
      expect(released).toMatchObject({ status: 'pending', attempts: 0 });

      // A handler that ignores the signal past the timeout is released too.
      const c3 = await consume(queue, async () => {
        await sleep(5_000);
      });
      await waitStatus(b.id, 'processing');
      const t = Date.now();
      await c3.stop({ graceful: true, timeoutMs: 200 });
      expect(Date.now() - t).toBeLessThan(2_000);
      expect(await queue.get(b.id)).toMatchObject({ status: 'pending', attempts: 0 });
      // …and another consumer takes it straight away.
      const doneBy: string[] = [];
      await consume(queue, async ({ job }) => {
        doneBy.push(job.id);
      });
      await waitStatus(b.id, 'completed');
      expect(doneBy).toEqual([b.id]);
    });

    it('runs a recurring job on its interval, one live occurrence per schedule', async () => {
      await open();
      const runs: number[] = [];
      await queue.scheduleRecurring('tick', { everyMs: 400, type: 'resync_all', runNow: true });
      await queue.scheduleRecurring('tick', { everyMs: 400, type: 'resync_all', runNow: true });
      await consume(
        queue,
        async ({ job }) => {
          expect(job.type).toBe('resync_all');
          runs.push(Date.now());
        },
        2,
      );
      await waitFor('three runs', async () => runs.length >= 3, 5_000);
      expect(runs[1]! - runs[0]!).toBeGreaterThanOrEqual(300);
      expect(await queue.removeRecurring('tick')).toBe(true);
      const count = runs.length;
      await sleep(900);
      expect(runs.length).toBeLessThanOrEqual(count + 1);
      const s = await queue.stats();
      expect(s.pending + s.processing).toBe(0);
    });

    it('a recurring job without runNow first runs after one interval; re-scheduling does not push it back', async () => {
      await open();
      const runs: number[] = [];
      await consume(queue, async () => {
        runs.push(Date.now());
      });
      const t0 = Date.now();
      await queue.scheduleRecurring('later', { everyMs: 800, type: 'tick' });
      await sleep(400);
      await queue.scheduleRecurring('later', { everyMs: 800, type: 'tick' }); // e.g. a worker restart
      await waitFor('first run', async () => runs.length >= 1, 5_000);
      expect(runs[0]! - t0).toBeGreaterThanOrEqual(700);
      expect(runs[0]! - t0).toBeLessThan(1_500);
      await queue.removeRecurring('later');
    });

    it('re-syncs every wallet on the interval, joining a sync that is already live', async () => {
      await open();
      const user = '00000000-0000-4000-8000-0000000000cc';
      const wallets = ['addr_a', 'addr_b', 'stake_c'].map((address) => ({ userId: user, address }));
      const live = await queue.add(
        JOB_TYPES.syncWallet,
        { reason: 'user' },
        { walletAddress: 'addr_b', userId: user, delayMs: 60_000 },
      );
      const resyncAll = createResyncAllHandler({ queue, listWallets: async () => wallets });
      const synced: string[] = [];
      const ticks: Array<{ enqueued: number; joined: number }> = [];
      await consume(
        queue,
        async ({ job }) => {
          if (job.type === JOB_TYPES.resyncAll) ticks.push(await resyncAll(job));
          else synced.push(job.walletAddress!);
        },
        2,
      );
      // 0.006 minutes = 360 ms, so the test sees two ticks.
      await scheduleWalletResync(queue, { intervalMinutes: 0.006, runNow: true });
      await waitFor('two ticks', async () => ticks.length >= 2, 5_000);
      expect(ticks[0]).toEqual({ enqueued: 2, joined: 1 });
      await waitFor(
        'a and c synced twice',
        async () => synced.filter((a) => a !== 'addr_b').length >= 4,
        5_000,
      );
      expect(synced.filter((a) => a === 'addr_a').length).toBeGreaterThanOrEqual(2);
      // addr_b's delayed sync was joined (raised to run no later than the tick on the SQL backends).
      const b = await queue.listByWallet('addr_b');
      expect(b.some((j) => j.id === live.job.id)).toBe(true);
      await queue.removeRecurring('resync-all-wallets');
    });

    it('4 consumer processes handle 2,000 jobs exactly once', async () => {
      await open({ poolSize: 16 });
      const seen = new Map<string, number>();
      let total = 0;
      for (let i = 0; i < 4; i++) {
        children.push(
          spawnConsumer(where, { concurrency: 8 }, (id) => {
            seen.set(id, (seen.get(id) ?? 0) + 1);
            total++;
          }),
        );
      }
      // Jobs are added while the consumers start up (both take seconds on a busy 2-core machine).
      const ids: string[] = [];
      for (let i = 0; i < 2_000; i += 100) {
        const batch = await Promise.all(
          Array.from({ length: 100 }, (_, k) => queue.add('noop', { n: i + k })),
        );
        ids.push(...batch.map((b) => b.job.id));
      }
      await Promise.all(children.map((c) => c.ready));
      await waitFor('2,000 handled', async () => total >= 2_000, 60_000);
      await waitFor('2,000 completed', async () => (await queue.stats()).completed === 2_000, 10_000);
      await sleep(300);
      await Promise.all(children.splice(0).map((c) => c.stop()));
      expect(total).toBe(2_000);
      expect(seen.size).toBe(2_000);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
      expect(new Set(ids)).toEqual(new Set(seen.keys()));
      expect(await queue.stats()).toMatchObject({ pending: 0, processing: 0, completed: 2_000, failed: 0 });
    });

    it('on SIGTERM a consumer process releases the job it holds and exits', async () => {
      await open();
      const proc = spawnConsumer(where, { concurrency: 2, hang: true });
      children.push(proc);
      await proc.ready;
      const hang = (await queue.add('hang', {}, { maxRetries: 0 })).job;
      expect(await proc.started).toBe(hang.id);
      const t = Date.now();
      expect(await proc.terminate()).toBe(0);
      expect(Date.now() - t).toBeLessThan(5_000);
      // Back to pending at once, no retry used (maxRetries 0 would otherwise have failed it).
      expect(await queue.get(hang.id)).toMatchObject({ status: 'pending', attempts: 0 });
    });

    it('a consumer killed with SIGKILL mid-job loses nothing: the job completes once on another', async () => {
      await open();
      const victim = spawnConsumer(where, { concurrency: 4, leaseMs: 1_500, hang: true });
      children.push(victim);
      await victim.ready;
      const hang = (await queue.add('hang', {}, { maxRetries: 3 })).job;
      const others = await Promise.all(Array.from({ length: 20 }, (_, n) => queue.add('noop', { n })));
      expect(await victim.started).toBe(hang.id);
      // The rescuer is up before the kill, so the time below is the lease running out, not a start-up.
      const rescuer = spawnConsumer(where, { concurrency: 4, leaseMs: 1_500 });
      children.push(rescuer);
      await rescuer.ready;
      await victim.kill();
      const killedAt = Date.now();
      const done = await waitStatus(hang.id, 'completed', 15_000);
      // The lease (1.5 s) ran out and the job came back, not hours later.
      expect(Date.now() - killedAt).toBeLessThan(6_000);
      for (const o of others) await waitStatus(o.job.id, 'completed');
      await rescuer.stop();
      expect(rescuer.handled.filter((id) => id === hang.id)).toHaveLength(1);
      expect(done.attempts).toBe(harness.crashCountsAsAttempt ? 1 : 0);
      expect(await queue.stats()).toMatchObject({ pending: 0, processing: 0, completed: 21, failed: 0 });
    });
  });
}
