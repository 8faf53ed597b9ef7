import type { JobConsumer } from './job-consumer.js';
import type { ConsumerOptions } from './queue-options.js';
import type { AddJobOptions, AddJobResult, Job, JobData, JobStats, RecurringJobOptions } from './job.js';

/**
 * Producer side of the job queue (port). Every backend (Prisma, BullMQ, Supabase) implements it with
 * the same meaning, checked by one contract test suite.
 */
export interface JobQueue {
  /** Which backend this is (`prisma`, `bullmq`, `supabase`, or a test variant). */
  readonly backend: string;

  /**
   * Adds a job. When `walletAddress` is set and a pending or processing job with the same
   * (userId, walletAddress, type) exists, that job is returned instead (`created: false`).
   */
  add<D extends JobData>(type: string, data: D, options?: AddJobOptions): Promise<AddJobResult<D>>;

  get(id: string): Promise<Job | null>;

  /** Jobs of one wallet, newest first (only one user's when `userId` is given). */
  listByWallet(walletAddress: string, options?: { userId?: string; limit?: number }): Promise<Job[]>;

  /**
   * Cancels a pending or processing job (a running handler sees its AbortSignal fire). Returns the job
   * as it is afterwards (unchanged when it had already finished), or null when unknown.
   */
  cancel(id: string): Promise<Job | null>;

  stats(): Promise<JobStats>;

  /** Deletes completed, failed and cancelled jobs that finished more than `olderThanMs` ago. */
  cleanup(olderThanMs: number): Promise<number>;

  /** Creates or updates a recurring job under `scheduleId` (one live occurrence per schedule). */
  scheduleRecurring(scheduleId: string, options: RecurringJobOptions): Promise<void>;

  /** Stops a recurring schedule. True when it existed. */
  removeRecurring(scheduleId: string): Promise<boolean>;

  /** A consumer of this queue (start it with a handler). */
  createConsumer(options?: ConsumerOptions): JobConsumer;

  /** Throws QueueUnavailableError with a one-line reason when the backing service cannot be used. */
  verify(): Promise<void>;

  close(): Promise<void>;
}

export type { AddJobOptions, AddJobResult, Job, JobData, JobStats, RecurringJobOptions } from './job.js';
