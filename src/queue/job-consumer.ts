import type { Job, JobProgress } from './job.js';

export interface JobContext {
  job: Job;
  /** Stores progress on the job (visible through `JobQueue.get`). */
  reportProgress(progress: JobProgress): Promise<void>;
  /**
   * Fires when the consumer shuts down, when the job is cancelled, or when this consumer lost the job
   * (its lease ran out). A handler should stop soon after; when it throws after a shutdown abort, the
   * job goes back to pending without consuming a retry.
   */
  signal: AbortSignal;
}

/** Handles one job. Throw DelayJobError to postpone without consuming a retry, UnrecoverableJobError to fail at once. */
export type JobHandler = (ctx: JobContext) => Promise<void>;

export interface ConsumerStartOptions {
  /** Jobs run at once by this consumer. Default 1. */
  concurrency?: number;
}

export interface ConsumerStopOptions {
  /**
   * true (default): stop taking jobs, fire the handlers' AbortSignal and wait up to `timeoutMs` for them
   * to finish; jobs still held after that are released back to pending. false: release at once.
   */
  graceful?: boolean;
  /** Default 30 000 ms. */
  timeoutMs?: number;
}

/** Consumer side of the job queue (port). */
export interface JobConsumer {
  start(handler: JobHandler, options?: ConsumerStartOptions): Promise<void>;
  stop(options?: ConsumerStopOptions): Promise<void>;
  /** Jobs this consumer is running right now. */
  readonly running: number;
}

/** The AbortSignal reason a consumer uses, so handlers and logs can tell why they were stopped. */
export type AbortReason = 'shutdown' | 'cancelled' | 'lost';
