import { finishesWithin } from '../finishes-within.js';
import type { Logger } from 'pino';
import { DelayJobError } from '../errors/delay-job.error.js';
import { UnrecoverableJobError } from '../errors/unrecoverable-job.error.js';
import type { Job, JobProgress } from '../job.js';
import type {
  AbortReason,
  ConsumerStartOptions,
  ConsumerStopOptions,
  JobConsumer,
  JobHandler,
} from '../job-consumer.js';
import { DEFAULT_LEASE_MS, type ConsumerOptions } from '../queue-options.js';
import { newWorkerId } from '../worker-id.js';
import { jobFromRow, type SyncJobRow } from './job-row.js';
import type { QueueRpc } from './queue-rpc.js';

/** Tells an idle consumer that a job may be waiting (e.g. LISTEN/NOTIFY). */
export interface WakeSource {
  /** Starts delivering wake-ups; resolves once listening. */
  start(onWake: () => void): Promise<void>;
  stop(): Promise<void>;
}

export interface SqlJobConsumerOptions extends ConsumerOptions {
  retryBackoffMs: number;
}

interface Held {
  job: Job;
  controller: AbortController;
  /** Set when stop() gave the job back: the handler's late result is ignored. */
  released: boolean;
}

const MIN_RECLAIM_DELAY_MS = 25;

/**
 * Runs jobs claimed from the SQL queue: claims up to its free slots at once (FOR UPDATE SKIP LOCKED,
 * priority then scheduled_at), keeps their leases alive with a heartbeat, and settles each job
 * (complete in batches, fail with backoff, delay, release). Sleeps until the next due job, a NOTIFY,
 * or the poll interval, whichever comes first.
 */
export class SqlJobConsumer implements JobConsumer {
  private readonly workerId: string;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly held = new Map<string, Held>();
  private handler?: JobHandler;
  private concurrency = 1;
  private stopping = false;
  private claiming = false;
  /** The claim in flight, so stop() can wait for it and give back what it brought. */
  private claimInFlight?: Promise<void>;
  private readonly lateReleases = new Set<Promise<unknown>>();
  private claimAgain = false;
  private wakeTimer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  private idleWaiters: Array<() => void> = [];
  private readonly completions = new CompletionBatcher((ids) =>
    this.deps.rpc.call<string[]>('queue_complete', { p_worker: this.workerId, p_ids: ids }),
  );

  constructor(
    private readonly options: SqlJobConsumerOptions,
    private readonly deps: { rpc: QueueRpc; logger: Logger; wake?: WakeSource },
  ) {
    this.workerId = options.workerId ?? newWorkerId();
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.pollIntervalMs = options.pollIntervalMs ?? 5_000;
  }

  get running(): number {
    return this.held.size;
  }

  async start(handler: JobHandler, options: ConsumerStartOptions = {}): Promise<void> {
    if (this.handler) throw new Error('consumer already started');
    this.handler = handler;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    await this.deps.wake?.start(() => this.pump());
    this.heartbeatTimer = setInterval(
      () => void this.heartbeat(),
      Math.max(50, Math.floor(this.leaseMs / 3)),
    );
    this.pump();
  }

  async stop(options: ConsumerStopOptions = {}): Promise<void> {
    if (this.stopping) return this.waitIdle();
    this.stopping = true;
    clearTimeout(this.wakeTimer);
    await this.deps.wake?.stop().catch(() => undefined);
    for (const h of this.held.values()) abort(h, 'shutdown');
    const graceful = options.graceful ?? true;
    if (graceful && this.held.size > 0) {
      await finishesWithin(this.waitIdle(), options.timeoutMs ?? 30_000);
    }
    // Whatever is still running is given back now, so another consumer can take it at once.
    await Promise.all(
      [...this.held.values()].map(async (h) => {
        h.released = true;
        this.held.delete(h.job.id);
        await this.deps.rpc
          .call('queue_release', {
            p_worker: this.workerId,
            p_id: h.job.id,
            p_reason: 'released: consumer stopped',
          })
          .catch((error: Error) => this.deps.logger.warn({ jobId: h.job.id, err: error }, 'release failed'));
      }),
    );
    await this.claimInFlight;
    await Promise.all([...this.lateReleases]);
    await this.completions.drain();
    clearInterval(this.heartbeatTimer);
    this.notifyIdle();
  }

  /** Claims as many jobs as there are free slots, unless a claim is already in flight. */
  private pump(): void {
    if (this.stopping || !this.handler) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    const free = this.concurrency - this.held.size;
    if (free <= 0) return;
    clearTimeout(this.wakeTimer);
    this.claiming = true;
    this.claimAgain = false;
    this.claimInFlight = this.deps.rpc
      .call<{ jobs: SyncJobRow[]; next_at: string | null }>('queue_claim', {
        p_worker: this.workerId,
        p_limit: free,
        p_lease_ms: this.leaseMs,
      })
      .then(
        (result) => {
          for (const row of result.jobs) this.run(jobFromRow(row));
          if (result.jobs.length < free) {
            const due = result.next_at
              ? new Date(result.next_at).getTime() - Date.now()
              : this.pollIntervalMs;
            this.sleep(Math.min(this.pollIntervalMs, Math.max(MIN_RECLAIM_DELAY_MS, due)));
          }
        },
        (error: Error) => {
          this.deps.logger.error({ err: error, worker: this.workerId }, 'claiming jobs failed; retrying');
          this.sleep(Math.min(this.pollIntervalMs, 1_000));
        },
      )
      .finally(() => {
        this.claiming = false;
        this.claimInFlight = undefined;
        if (this.claimAgain) this.pump();
      });
  }

  private sleep(ms: number): void {
    clearTimeout(this.wakeTimer);
    if (!this.stopping) this.wakeTimer = setTimeout(() => this.pump(), ms);
  }

  private run(job: Job): void {
    const held: Held = { job, controller: new AbortController(), released: false };
    if (this.stopping) {
      held.released = true;
      // Claimed while stopping: give it straight back (stop() waits for this).
      const release = this.deps.rpc
        .call('queue_release', {
          p_worker: this.workerId,
          p_id: job.id,
          p_reason: 'released: consumer stopped',
        })
        .catch(() => undefined);
      this.lateReleases.add(release);
      void release.finally(() => this.lateReleases.delete(release));
      return;
    }
    this.held.set(job.id, held);
    const reportProgress = async (progress: JobProgress): Promise<void> => {
      job.progress = progress;
      const ok = await this.deps.rpc.call<boolean>('queue_progress', {
        p_worker: this.workerId,
        p_id: job.id,
        p_progress: progress,
      });
      if (!ok && !held.released) {
        const current = await this.deps.rpc.call<SyncJobRow | null>('queue_get', { p_id: job.id });
        abort(held, current?.status === 'cancelled' ? 'cancelled' : 'lost');
      }
    };
    void Promise.resolve()
      .then(() => this.handler!({ job, reportProgress, signal: held.controller.signal }))
      .then(
        () => this.settle(held, undefined),
        (error: unknown) => this.settle(held, error instanceof Error ? error : new Error(String(error))),
      )
      .catch((error: Error) => this.deps.logger.error({ err: error, jobId: job.id }, 'settling job failed'))
      .finally(() => {
        if (this.held.get(job.id) === held) this.held.delete(job.id);
        if (this.held.size === 0) this.notifyIdle();
        this.pump();
      });
  }

  private async settle(held: Held, error: Error | undefined): Promise<void> {
    if (held.released) return;
    const { job } = held;
    const reason = held.controller.signal.aborted
      ? (held.controller.signal.reason as AbortReason)
      : undefined;
    if (!error) {
      const done = await this.completions.add(job.id);
      if (!done) this.deps.logger.warn({ jobId: job.id, reason }, 'job finished but was no longer held');
      return;
    }
    if (reason === 'cancelled' || reason === 'lost') return; // no longer ours to settle
    if (error instanceof DelayJobError) {
      await this.deps.rpc.call('queue_release', {
        p_worker: this.workerId,
        p_id: job.id,
        p_until: error.resumeAt.toISOString(),
        p_reason: error.message,
      });
    } else if (reason === 'shutdown') {
      await this.deps.rpc.call('queue_release', {
        p_worker: this.workerId,
        p_id: job.id,
        p_reason: 'released: consumer stopped',
      });
    } else {
      const unrecoverable = error instanceof UnrecoverableJobError;
      await this.deps.rpc.call('queue_fail', {
        p_worker: this.workerId,
        p_id: job.id,
        p_error: error.message || error.name,
        p_backoff_ms: this.options.retryBackoffMs,
        p_unrecoverable: unrecoverable,
      });
      this.deps.logger.warn(
        { jobId: job.id, type: job.type, err: error, unrecoverable },
        'job attempt failed',
      );
    }
  }

  private async heartbeat(): Promise<void> {
    const ids = [...this.held.keys()];
    if (ids.length === 0) return;
    try {
      const result = await this.deps.rpc.call<{ renewed: string[]; cancelled: string[] }>('queue_heartbeat', {
        p_worker: this.workerId,
        p_ids: ids,
        p_lease_ms: this.leaseMs,
      });
      const renewed = new Set(result.renewed);
      const cancelled = new Set(result.cancelled);
      for (const id of ids) {
        const h = this.held.get(id);
        if (h && !renewed.has(id)) abort(h, cancelled.has(id) ? 'cancelled' : 'lost');
      }
    } catch (error) {
      this.deps.logger.error({ err: error, worker: this.workerId }, 'lease heartbeat failed');
    }
  }

  private waitIdle(): Promise<void> {
    if (this.held.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

function abort(held: Held, reason: AbortReason): void {
  if (!held.controller.signal.aborted) held.controller.abort(reason);
}

/**
 * Groups completions: while one `queue_complete` call is in flight, the next ones queue up and go in
 * the following call, so a busy consumer completes many jobs per round trip.
 */
class CompletionBatcher {
  private waiting = new Map<string, Array<(done: boolean) => void>>();
  private inFlight?: Promise<void>;

  constructor(private readonly send: (ids: string[]) => Promise<string[]>) {}

  add(id: string): Promise<boolean> {
    const promise = new Promise<boolean>((resolve) => {
      const list = this.waiting.get(id) ?? [];
      list.push(resolve);
      this.waiting.set(id, list);
    });
    if (!this.inFlight) this.inFlight = this.flush();
    return promise;
  }

  async drain(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private async flush(): Promise<void> {
    while (this.waiting.size > 0) {
      const batch = this.waiting;
      this.waiting = new Map();
      let done: Set<string>;
      try {
        done = new Set(await this.send([...batch.keys()]));
      } catch {
        // Not completed: the lease will run out and the job runs again (at-least-once).
        done = new Set();
      }
      for (const [id, resolvers] of batch) for (const r of resolvers) r(done.has(id));
    }
    this.inFlight = undefined;
  }
}
