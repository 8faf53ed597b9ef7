import {
  DelayedError,
  QueueEvents,
  UnrecoverableError,
  WaitingError,
  Worker,
  type Job as BullJob,
} from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DelayJobError } from '../errors/delay-job.error.js';
import { UnrecoverableJobError } from '../errors/unrecoverable-job.error.js';
import type { JobProgress } from '../job.js';
import type {
  AbortReason,
  ConsumerStartOptions,
  ConsumerStopOptions,
  JobConsumer,
  JobHandler,
} from '../job-consumer.js';
import { DEFAULT_LEASE_MS, type ConsumerOptions } from '../queue-options.js';
import { finishesWithin } from '../finishes-within.js';
import { newWorkerId } from '../worker-id.js';
import { jobFromBullmq } from './bullmq-job-mapper.js';
import type { BullmqKeys } from './bullmq-keys.js';

export interface BullmqJobConsumerOptions extends ConsumerOptions {
  redisUrl: string;
  prefix: string;
  queueName: string;
  keys: BullmqKeys;
  /** QueueEvents event name that carries cancellations. */
  cancelEvent: string;
  /** Times a job may be recovered from a dead worker before it fails. Default 3. */
  maxStalledCount?: number;
}

interface Held {
  job: BullJob;
  token: string;
  controller: AbortController;
  /** Called by stop() once it moved the job back to wait: the processor returns without the handler. */
  release: () => void;
}

/** What a processor's wait on its handler ended with. */
type Outcome = { kind: 'returned' } | { kind: 'threw'; error: unknown } | { kind: 'released' };

/**
 * A BullMQ Worker running our handler. The lease is BullMQ's job lock (`lockDuration` = leaseMs,
 * renewed by the worker); a dead worker's jobs are moved back by the stalled-job check of the others.
 * Handler outcomes map to BullMQ's: DelayJobError → moveToDelayed + DelayedError (no attempt used),
 * UnrecoverableJobError → UnrecoverableError, shutdown → moveToWait + WaitingError (released).
 */
export class BullmqJobConsumer implements JobConsumer {
  private worker?: Worker;
  private events?: QueueEvents;
  private readonly held = new Map<string, Held>();
  private stopping = false;
  private stopped?: Promise<void>;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly options: BullmqJobConsumerOptions,
    private readonly deps: { logger: Logger; redis: Redis },
  ) {}

  get running(): number {
    return this.held.size;
  }

  async start(handler: JobHandler, options: ConsumerStartOptions = {}): Promise<void> {
    if (this.worker) throw new Error('consumer already started');
    const leaseMs = this.options.leaseMs ?? DEFAULT_LEASE_MS;
    const keys = this.options.keys;
    // Cancellation of running jobs arrives as a custom event on the queue's event stream.
    this.events = new QueueEvents(this.options.queueName, {
      connection: { url: this.options.redisUrl },
      prefix: this.options.prefix,
    });
    const onCancel = ({ jobId }: { jobId: string }) => abort(this.held.get(jobId), 'cancelled');
    (this.events as unknown as NodeJS.EventEmitter).on(this.options.cancelEvent, onCancel);
    this.events.on('error', (error) => this.deps.logger.warn({ err: error }, 'bullmq queue events error'));
    await this.events.waitUntilReady();

    const worker = new Worker(
      this.options.queueName,
      async (job: BullJob, token?: string, signal?: AbortSignal) => {
        const id = String(job.id);
        const controller = new AbortController();
        // BullMQ aborts its own signal when this worker can no longer own the job (e.g. lock lost).
        signal?.addEventListener('abort', () => controller.abort('lost'), { once: true });
        let release!: () => void;
        const released = new Promise<Outcome>((r) => (release = () => r({ kind: 'released' })));
        const held: Held = { job, token: token ?? '', controller, release };
        this.held.set(id, held);
        try {
          // A job recovered from a dead worker may have been cancelled while it ran there.
          if (job.attemptsStarted > 1 && (await this.deps.redis.sismember(keys.cancelledFailed, id))) {
            throw new UnrecoverableError('job cancelled');
          }
          // Taken while stopping (a fetch that was in flight when stop() paused the worker): give it
          // straight back. Checked after the await above, so a stop() that came meanwhile counts too.
          if (this.stopping) {
            await job.moveToWait(token);
            throw new WaitingError();
          }
          const reportProgress = async (progress: JobProgress) => {
            await job.updateProgress(progress);
          };
          const run = handler({
            job: jobFromBullmq(job, 'processing'),
            reportProgress,
            signal: controller.signal,
          }).then(
            (): Outcome => ({ kind: 'returned' }),
            (error: unknown): Outcome => ({ kind: 'threw', error }),
          );
          // stop() gave the job back after its grace period: end this processor now so the worker can
          // close; the handler, which ignored its signal, runs on but its result no longer counts.
          const outcome = await Promise.race([run, released]);
          if (outcome.kind === 'released') throw new WaitingError();
          const reason = controller.signal.aborted ? (controller.signal.reason as AbortReason) : undefined;
          if (reason === 'cancelled') throw new UnrecoverableError('job cancelled');
          if (outcome.kind === 'returned') return;
          const failure = outcome.error;
          if (failure instanceof DelayJobError) {
            await job.moveToDelayed(failure.resumeAt.getTime(), token);
            throw new DelayedError(failure.message);
          }
          if (reason === 'shutdown') {
            await job.moveToWait(token);
            throw new WaitingError();
          }
          if (failure instanceof UnrecoverableJobError) throw new UnrecoverableError(failure.message);
          throw failure instanceof Error ? failure : new Error(String(failure));
        } finally {
          if (this.held.get(id) === held) this.held.delete(id);
          if (this.held.size === 0) this.notifyIdle();
        }
      },
      {
        connection: { url: this.options.redisUrl, maxRetriesPerRequest: null },
        prefix: this.options.prefix,
        concurrency: Math.max(1, options.concurrency ?? 1),
        name: this.options.workerId ?? newWorkerId(),
        lockDuration: leaseMs,
        stalledInterval: Math.max(500, Math.floor(leaseMs / 2)),
        maxStalledCount: this.options.maxStalledCount ?? 3,
        drainDelay: 1,
      },
    );
    worker.on('error', (error) => this.deps.logger.warn({ err: error }, 'bullmq worker error'));
    worker.on('failed', (job, error) =>
      this.deps.logger.warn({ jobId: job?.id, type: job?.name, err: error }, 'job attempt failed'),
    );
    this.worker = worker;
    await worker.waitUntilReady();
  }

  stop(options: ConsumerStopOptions = {}): Promise<void> {
    this.stopped ??= this.stopWithinBound(options);
    return this.stopped;
  }

  /** `doStop`, but never longer than the grace period plus `stopBoundMs` (Redis may be gone). */
  private async stopWithinBound(options: ConsumerStopOptions): Promise<void> {
    const grace = options.graceful === false ? 0 : (options.timeoutMs ?? 30_000);
    const bound = grace + (this.options.stopBoundMs ?? 10_000);
    if (await finishesWithin(this.doStop(options), bound)) return;
    this.deps.logger.warn(
      { boundMs: bound, held: this.held.size },
      'bullmq consumer did not stop in time (Redis unreachable?): disconnecting; held jobs return when their locks expire',
    );
    for (const h of this.held.values()) h.release();
    this.held.clear();
    this.notifyIdle();
    // BullMQ's disconnect waits for a connection still being set up, which never completes without
    // Redis: ask, but do not wait more than a second for it.
    await finishesWithin(
      Promise.all([
        this.worker?.disconnect().catch(() => undefined),
        this.events?.disconnect().catch(() => undefined),
      ]),
      1_000,
    );
  }

  private async doStop(options: ConsumerStopOptions): Promise<void> {
    this.stopping = true;
    const worker = this.worker;
    for (const h of this.held.values()) abort(h, 'shutdown');
    if (worker) {
      // Stop fetching without waiting for active jobs; we wait for them ourselves, up to the timeout.
      // pause() does not cancel a blocking fetch already in flight: it may still bring a job (even
      // the one a handler just gave back), which the processor then releases since `stopping` is set.
      await worker.pause(true).catch(() => undefined);
      if ((options.graceful ?? true) && this.held.size > 0) {
        await finishesWithin(this.waitIdle(), options.timeoutMs ?? 30_000);
      }
      // Still running after the grace period: give the jobs back so another consumer takes them now,
      // and end their processors so that BullMQ's main loop can finish.
      await Promise.all(
        [...this.held.values()].map((h) =>
          h.job
            .moveToWait(h.token)
            .catch((error: Error) => this.deps.logger.warn({ jobId: h.job.id, err: error }, 'release failed'))
            .finally(() => h.release()),
        ),
      );
      // Not close(true): a forced close drops the connections while the fetch that was in flight at
      // pause() may just have moved a job to active, and that job would stay active, with no one
      // running it, until its lock ran out. close() cuts the blocking fetch and waits for BullMQ's main
      // loop, i.e. for every job it took — each one released by the processor (see `stopping`).
      await worker.close();
      this.held.clear();
      this.notifyIdle();
    }
    await this.events?.close().catch(() => undefined);
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

function abort(held: Held | undefined, reason: AbortReason): void {
  if (held && !held.controller.signal.aborted) held.controller.abort(reason);
}
