import { randomUUID } from 'node:crypto';
import { Queue, QueueEventsProducer, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  resolveAddOptions,
  resolveRecurringOptions,
  type AddJobOptions,
  type AddJobResult,
  type Job,
  type JobData,
  type JobStats,
  type RecurringJobOptions,
} from '../job.js';
import type { JobConsumer } from '../job-consumer.js';
import type { JobQueue } from '../job-queue.js';
import {
  DEFAULT_MAX_RETRIES,
  DEFAULT_RETRY_BACKOFF_MS,
  type ConsumerOptions,
  type QueueOptions,
} from '../queue-options.js';
import { BullmqJobConsumer } from './bullmq-job-consumer.js';
import {
  jobFromBullmq,
  statusFromState,
  toBullmqPriority,
  type BullmqEnvelope,
} from './bullmq-job-mapper.js';
import { BullmqKeys } from './bullmq-keys.js';
import { assertRedisReachable, createFailFastRedis } from './redis-connection-options.js';

/** Custom QueueEvents event asking consumers to abort a running job. */
export const CANCEL_EVENT = 'adafolio:cancel';

export interface BullmqJobQueueOptions extends QueueOptions {
  redisUrl: string;
  /** BullMQ key prefix. Default `bull` (tests use their own). */
  prefix?: string;
  /** Default `adafolio-jobs`. */
  queueName?: string;
}

/**
 * BullMQ on Redis: Queue to add, Worker to consume (see BullmqJobConsumer), attempts with exponential
 * backoff, stalled-job recovery, progress via updateProgress, upsertJobScheduler for recurring jobs.
 * One live job per (user, wallet, type) uses BullMQ deduplication keyed on that triple. A small set of
 * our own keys indexes jobs by wallet and remembers cancelled jobs (BullMQ has no "cancelled" state).
 */
export class BullmqJobQueue implements JobQueue {
  readonly backend = 'bullmq';
  private readonly queue: Queue;
  private readonly keys: BullmqKeys;
  private readonly redis: Redis;
  private readonly retryBackoffMs: number;
  private readonly consumers = new Set<BullmqJobConsumer>();
  private eventsProducer?: QueueEventsProducer;

  constructor(
    private readonly options: BullmqJobQueueOptions,
    private readonly deps: { logger: Logger },
  ) {
    const prefix = options.prefix ?? 'bull';
    const name = options.queueName ?? 'adafolio-jobs';
    this.retryBackoffMs = options.retryBackoffMs ?? DEFAULT_RETRY_BACKOFF_MS;
    this.queue = new Queue(name, { connection: { url: options.redisUrl }, prefix });
    this.queue.on('error', (error) => deps.logger.warn({ err: error }, 'bullmq queue error'));
    this.keys = new BullmqKeys(prefix, name);
    this.redis = createFailFastRedis(options.redisUrl, {
      lazyConnect: false,
      maxRetriesPerRequest: 20,
      retryStrategy: (t) => Math.min(t * 200, 2_000),
    });
    this.redis.on('error', (error) => deps.logger.warn({ err: error }, 'bullmq helper connection error'));
  }

  private jobOptions(priority: number, maxRetries: number): JobsOptions {
    return {
      priority: toBullmqPriority(priority),
      attempts: maxRetries + 1,
      backoff: { type: 'exponential', delay: this.retryBackoffMs },
    };
  }

  async add<D extends JobData>(type: string, data: D, options: AddJobOptions = {}): Promise<AddJobResult<D>> {
    const { walletAddress, userId, metadata, priority, delayMs, maxRetries } = resolveAddOptions(
      type,
      options,
    );
    const envelope: BullmqEnvelope = {
      d: data,
      w: walletAddress,
      u: userId,
      m: metadata,
      p: priority,
      r: maxRetries,
    };
    const jobId = randomUUID();
    const opts: JobsOptions = { ...this.jobOptions(priority, maxRetries), jobId, delay: delayMs };
    if (walletAddress !== undefined) {
      // No ttl: the key lives until the job completes or fails for good (or is removed).
      opts.deduplication = { id: `live:${userId ?? ''}:${walletAddress}:${type}` };
    }
    const added = await this.queue.add(type, envelope, opts);
    const created = added.id === jobId;
    if (created && walletAddress !== undefined) {
      await this.redis.zadd(this.keys.wallet(walletAddress), Date.now(), jobId);
    }
    const job = created ? null : await this.get(String(added.id));
    return { job: (job ?? jobFromBullmq(added, 'pending')) as Job<D>, created };
  }

  async get(id: string): Promise<Job | null> {
    // State first, then the hash: a job that moves on in between is read with data at least as new as
    // its state (a finished job's hash is final when its state is).
    const status = statusFromState(await this.queue.getJobState(id));
    const b = status ? await this.queue.getJob(id) : undefined;
    if (!status || !b) return this.cancelledSnapshot(id);
    const job = jobFromBullmq(b, status);
    if (status === 'failed' && (await this.redis.sismember(this.keys.cancelledFailed, id)))
      job.status = 'cancelled';
    return job;
  }

  private async cancelledSnapshot(id: string): Promise<Job | null> {
    const raw = await this.redis.hget(this.keys.cancelled, id);
    if (!raw) return null;
    const j = JSON.parse(raw) as Job & {
      createdAt: string;
      scheduledAt: string;
      startedAt?: string;
      finishedAt?: string;
    };
    return {
      ...j,
      createdAt: new Date(j.createdAt),
      scheduledAt: new Date(j.scheduledAt),
      startedAt: j.startedAt ? new Date(j.startedAt) : undefined,
      finishedAt: j.finishedAt ? new Date(j.finishedAt) : undefined,
    };
  }

  async listByWallet(
    walletAddress: string,
    options: { userId?: string; limit?: number } = {},
  ): Promise<Job[]> {
    const limit = options.limit ?? 50;
    const key = this.keys.wallet(walletAddress);
    const ids = await this.redis.zrevrange(key, 0, -1);
    const jobs: Job[] = [];
    for (const id of ids) {
      const job = await this.get(id);
      if (!job) {
        await this.redis.zrem(key, id); // cleaned up since
        continue;
      }
      if (options.userId !== undefined && job.userId !== options.userId) continue;
      jobs.push(job);
      if (jobs.length >= limit) break;
    }
    return jobs;
  }

  /**
   * Run times (seconds, processing start to finish) of jobs that completed since `since`, newest first,
   * at most `limit` of them: BullMQ keeps completed jobs in Redis (read by the API's sync-duration
   * metric, which the SQL backends serve from their table).
   */
  async completedDurations(
    since: Date,
    options: { types?: readonly string[]; limit?: number } = {},
  ): Promise<number[]> {
    const jobs = await this.queue.getJobs(['completed'], 0, (options.limit ?? 1000) - 1, false);
    const out: number[] = [];
    for (const j of jobs) {
      if (!j?.finishedOn || !j.processedOn || j.finishedOn < since.getTime()) continue;
      if (options.types && !options.types.includes(j.name)) continue;
      out.push((j.finishedOn - j.processedOn) / 1000);
    }
    return out;
  }

  async cancel(id: string): Promise<Job | null> {
    const b = await this.queue.getJob(id);
    if (!b) return this.cancelledSnapshot(id);
    const state = await b.getState();
    const status = statusFromState(state);
    if (status === 'completed' || status === 'failed') return this.get(id);
    const now = Date.now();
    const snapshot: Job = { ...jobFromBullmq(b, 'cancelled'), finishedAt: new Date(now) };
    if (status === 'pending') {
      try {
        await b.remove();
        await this.remember(snapshot, false);
        return snapshot;
      } catch {
        // Became active meanwhile (locked): cancel it as a running job below.
      }
    }
    await this.remember(snapshot, true);
    // Tell every consumer through the queue's event stream (QueueEvents); the one running it aborts it.
    this.eventsProducer ??= new QueueEventsProducer(this.queue.name, {
      connection: { url: this.options.redisUrl },
      prefix: this.options.prefix ?? 'bull',
    });
    await this.eventsProducer.publishEvent({ eventName: CANCEL_EVENT, jobId: id });
    return snapshot;
  }

  private async remember(snapshot: Job, running: boolean): Promise<void> {
    const tx = this.redis
      .multi()
      .hset(this.keys.cancelled, snapshot.id, JSON.stringify(snapshot))
      .zadd(this.keys.cancelledAt, Date.now(), snapshot.id);
    if (running) tx.sadd(this.keys.cancelledFailed, snapshot.id);
    await tx.exec();
  }

  async stats(): Promise<JobStats> {
    const c = await this.queue.getJobCounts(
      'waiting',
      'prioritized',
      'delayed',
      'waiting-children',
      'active',
      'completed',
      'failed',
    );
    const [cancelled, cancelledFailed] = await Promise.all([
      this.redis.zcard(this.keys.cancelledAt),
      this.redis.scard(this.keys.cancelledFailed),
    ]);
    const n = (k: string) => c[k] ?? 0;
    return {
      pending: n('waiting') + n('prioritized') + n('delayed') + n('waiting-children'),
      delayed: n('delayed'),
      processing: n('active'),
      completed: n('completed'),
      failed: Math.max(0, n('failed') - cancelledFailed),
      cancelled,
    };
  }

  async cleanup(olderThanMs: number): Promise<number> {
    const grace = Math.max(0, Math.round(olderThanMs));
    const removed = new Set<string>();
    for (const type of ['completed', 'failed'] as const) {
      for (;;) {
        const ids = await this.queue.clean(grace, 1_000, type);
        ids.forEach((id) => removed.add(id));
        if (ids.length < 1_000) break;
      }
    }
    const old = await this.redis.zrangebyscore(this.keys.cancelledAt, '-inf', Date.now() - grace);
    if (old.length > 0) {
      await this.redis
        .multi()
        .hdel(this.keys.cancelled, ...old)
        .zrem(this.keys.cancelledAt, ...old)
        .srem(this.keys.cancelledFailed, ...old)
        .exec();
      old.forEach((id) => removed.add(id));
    }
    return removed.size;
  }

  async scheduleRecurring(scheduleId: string, recurring: RecurringJobOptions): Promise<void> {
    const options = resolveRecurringOptions(recurring);
    const priority = options.priority;
    const envelope: BullmqEnvelope = {
      d: options.data,
      m: { recurring: { id: scheduleId, everyMs: options.everyMs } },
      p: priority,
      r: DEFAULT_MAX_RETRIES,
    };
    const every = Math.round(options.everyMs);
    const existing = await this.queue.getJobScheduler(scheduleId);
    // Re-running this at every worker start must not push the next run back: leave an unchanged
    // schedule alone. (An `every` schedule's first run is immediate in BullMQ; `startDate` delays it.)
    if (existing && existing.every === every && existing.name === options.type && !options.runNow) {
      const template = existing.template?.data as BullmqEnvelope | undefined;
      if (JSON.stringify(template?.d ?? {}) === JSON.stringify(options.data) && template?.p === priority)
        return;
    }
    await this.queue.upsertJobScheduler(
      scheduleId,
      options.runNow || existing ? { every } : { every, startDate: Date.now() + every },
      { name: options.type, data: envelope, opts: this.jobOptions(priority, DEFAULT_MAX_RETRIES) },
    );
  }

  async removeRecurring(scheduleId: string): Promise<boolean> {
    return this.queue.removeJobScheduler(scheduleId);
  }

  createConsumer(options: ConsumerOptions = {}): JobConsumer {
    const consumer = new BullmqJobConsumer(
      {
        ...options,
        redisUrl: this.options.redisUrl,
        prefix: this.options.prefix ?? 'bull',
        queueName: this.queue.name,
        keys: this.keys,
        cancelEvent: CANCEL_EVENT,
      },
      { logger: this.deps.logger, redis: this.redis },
    );
    this.consumers.add(consumer);
    return consumer;
  }

  async verify(): Promise<void> {
    await assertRedisReachable(this.options.redisUrl);
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.stop({ graceful: false })));
    await this.queue.close();
    await this.eventsProducer?.close();
    this.redis.disconnect();
  }
}
