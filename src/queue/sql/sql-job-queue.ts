import type { Logger } from 'pino';
import { QueueUnavailableError } from '../errors/queue-unavailable.error.js';
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
import { DEFAULT_RETRY_BACKOFF_MS, type ConsumerOptions, type QueueOptions } from '../queue-options.js';
import { jobFromRow, type SyncJobRow } from './job-row.js';
import type { QueueRpc } from './queue-rpc.js';
import { SqlJobConsumer, type WakeSource } from './sql-job-consumer.js';

export interface SqlJobQueueOptions extends QueueOptions {
  /** Backend name reported by `backend` and in logs. */
  backend: string;
  /** Default idle poll interval of this queue's consumers (see ConsumerOptions.pollIntervalMs). */
  pollIntervalMs?: number;
}

export interface SqlJobQueueDeps {
  rpc: QueueRpc;
  /** Transport for consumers' claim/complete/heartbeat calls, when it differs (default `rpc`). */
  consumerRpc?: QueueRpc;
  logger: Logger;
  /** Wakes idle consumers when a job becomes pending (LISTEN/NOTIFY); without it they poll. */
  createWakeSource?: () => WakeSource;
  /** Extra teardown (e.g. a Prisma client owned by the backend). */
  onClose?: () => Promise<void>;
}

/**
 * The queue on the sync_jobs table, driven through the SQL functions of the queue migration. The same
 * state machine serves the Prisma backend (functions called over pg) and the Supabase backend (called
 * through supabase-js RPC); only the transport and the wake-up differ.
 */
export class SqlJobQueue implements JobQueue {
  readonly backend: string;
  private readonly retryBackoffMs: number;
  private readonly pollIntervalMs: number | undefined;
  private readonly consumers = new Set<SqlJobConsumer>();

  constructor(
    options: SqlJobQueueOptions,
    private readonly deps: SqlJobQueueDeps,
  ) {
    this.backend = options.backend;
    this.retryBackoffMs = options.retryBackoffMs ?? DEFAULT_RETRY_BACKOFF_MS;
    this.pollIntervalMs = options.pollIntervalMs;
  }

  async add<D extends JobData>(type: string, data: D, options: AddJobOptions = {}): Promise<AddJobResult<D>> {
    const o = resolveAddOptions(type, options);
    const result = await this.deps.rpc.call<{ job: SyncJobRow; created: boolean }>('queue_enqueue', {
      p_job_type: type,
      p_data: data,
      p_wallet_address: o.walletAddress ?? null,
      p_user_id: o.userId ?? null,
      p_priority: o.priority,
      p_delay_ms: Math.round(o.delayMs),
      p_max_retries: o.maxRetries,
      p_metadata: o.metadata ?? null,
    });
    return { job: jobFromRow<D>(result.job), created: result.created };
  }

  async get(id: string): Promise<Job | null> {
    if (!isUuid(id)) return null;
    const row = await this.deps.rpc.call<SyncJobRow | null>('queue_get', { p_id: id });
    return row ? jobFromRow(row) : null;
  }

  async listByWallet(
    walletAddress: string,
    options: { userId?: string; limit?: number } = {},
  ): Promise<Job[]> {
    const rows = await this.deps.rpc.call<SyncJobRow[]>('queue_list_by_wallet', {
      p_wallet_address: walletAddress,
      p_user_id: options.userId ?? null,
      p_limit: options.limit ?? 50,
    });
    return rows.map((r) => jobFromRow(r));
  }

  async cancel(id: string): Promise<Job | null> {
    if (!isUuid(id)) return null;
    const row = await this.deps.rpc.call<SyncJobRow | null>('queue_cancel', { p_id: id });
    return row ? jobFromRow(row) : null;
  }

  async stats(): Promise<JobStats> {
    return this.deps.rpc.call<JobStats>('queue_stats', {});
  }

  async cleanup(olderThanMs: number): Promise<number> {
    return this.deps.rpc.call<number>('queue_cleanup', {
      p_older_than_ms: Math.max(0, Math.round(olderThanMs)),
    });
  }

  async scheduleRecurring(scheduleId: string, options: RecurringJobOptions): Promise<void> {
    const o = resolveRecurringOptions(options);
    await this.deps.rpc.call('queue_schedule_recurring', {
      p_schedule_id: scheduleId,
      p_job_type: o.type,
      p_every_ms: Math.round(o.everyMs),
      p_data: o.data,
      p_priority: o.priority,
      p_run_now: o.runNow,
    });
  }

  async removeRecurring(scheduleId: string): Promise<boolean> {
    return this.deps.rpc.call<boolean>('queue_remove_recurring', { p_schedule_id: scheduleId });
  }

  createConsumer(options: ConsumerOptions = {}): JobConsumer {
    const consumer = new SqlJobConsumer(
      { pollIntervalMs: this.pollIntervalMs, ...options, retryBackoffMs: this.retryBackoffMs },
      {
        rpc: this.deps.consumerRpc ?? this.deps.rpc,
        logger: this.deps.logger,
        wake: this.deps.createWakeSource?.(),
      },
    );
    this.consumers.add(consumer);
    return consumer;
  }

  async verify(): Promise<void> {
    try {
      await this.deps.rpc.call('queue_stats', {});
    } catch (error) {
      const message = (error as Error).message || String(error);
      const hint = /queue_stats.*(does not exist|could not find)|could not find the function/i.test(message)
        ? ' (the queue SQL functions are missing: run `adafolio migrate`)'
        : '';
      throw new QueueUnavailableError(`${this.backend} queue unavailable: ${oneLine(message)}${hint}`, {
        cause: error,
      });
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.stop({ graceful: false })));
    await this.deps.rpc.close();
    if (this.deps.consumerRpc && this.deps.consumerRpc !== this.deps.rpc) await this.deps.consumerRpc.close();
    await this.deps.onClose?.();
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function isUuid(id: string): boolean {
  return UUID.test(id);
}
