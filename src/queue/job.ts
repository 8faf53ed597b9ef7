import { DEFAULT_MAX_RETRIES } from './queue-options.js';

/** Where a job is in its life. `pending` includes jobs delayed until a later time. */
export type JobStatus = 'pending' | 'processing' | 'completed' | 'failed' | 'cancelled';

/** JSON-compatible payload of a job. */
export type JobData = Record<string, unknown>;

/** Progress a handler reports: a percentage or any JSON object (e.g. `{ done: 40, total: 120 }`). */
export type JobProgress = number | Record<string, unknown>;

/** A job as every backend reports it. */
export interface Job<D extends JobData = JobData> {
  id: string;
  type: string;
  walletAddress?: string;
  userId?: string;
  data: D;
  metadata?: Record<string, unknown>;
  /** Higher runs first (−1000 … 1000, default 0). */
  priority: number;
  /** Attempts that ended in failure so far (retries consumed); a crashed worker's attempt counts. */
  attempts: number;
  /** Retries allowed after the first attempt; the job fails for good when `attempts > maxRetries`. */
  maxRetries: number;
  status: JobStatus;
  progress?: JobProgress;
  /** Last error message (kept when the job failed for good). */
  error?: string;
  createdAt: Date;
  /** When the job is (or was) due to run. */
  scheduledAt: Date;
  startedAt?: Date;
  /** When it completed, failed for good or was cancelled. */
  finishedAt?: Date;
}

export interface AddJobOptions {
  walletAddress?: string;
  userId?: string;
  /** Higher runs first (−1000 … 1000). Default 0. */
  priority?: number;
  /** Milliseconds before the job may run. Default 0. */
  delayMs?: number;
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  metadata?: Record<string, unknown>;
}

export interface AddJobResult<D extends JobData = JobData> {
  job: Job<D>;
  /** False when a live job with the same (user, wallet, type) existed and was returned instead. */
  created: boolean;
}

export interface JobStats {
  /** Waiting or delayed (includes `delayed`). */
  pending: number;
  /** Pending jobs not due yet (retry backoff, delay, budget wait). */
  delayed: number;
  processing: number;
  completed: number;
  failed: number;
  cancelled: number;
}

export interface RecurringJobOptions {
  /** Interval between runs, in milliseconds. */
  everyMs: number;
  /** Job type to enqueue on every tick. */
  type: string;
  data?: JobData;
  priority?: number;
  /** Run the first occurrence at once instead of after one interval. Default false. */
  runNow?: boolean;
}

export const MIN_PRIORITY = -1000;
export const MAX_PRIORITY = 1000;

/** Validates producer input the same way for every backend. */
export function checkAddOptions(type: string, options: AddJobOptions): void {
  if (!type) throw new RangeError('job type must not be empty');
  const p = options.priority ?? 0;
  if (!Number.isInteger(p) || p < MIN_PRIORITY || p > MAX_PRIORITY) {
    throw new RangeError(`priority must be an integer from ${MIN_PRIORITY} to ${MAX_PRIORITY}, got ${p}`);
  }
  if (options.delayMs !== undefined && !(options.delayMs >= 0)) throw new RangeError('delayMs must be >= 0');
  if (
    options.maxRetries !== undefined &&
    !(Number.isInteger(options.maxRetries) && options.maxRetries >= 0)
  ) {
    throw new RangeError('maxRetries must be a whole number');
  }
}

/** Producer input after validation, with the defaults every backend applies. */
export interface ResolvedAddOptions extends AddJobOptions {
  priority: number;
  delayMs: number;
  maxRetries: number;
}

/** `checkAddOptions`, then the defaults, so that every backend enqueues with the same ones. */
export function resolveAddOptions(type: string, options: AddJobOptions): ResolvedAddOptions {
  checkAddOptions(type, options);
  return {
    ...options,
    priority: options.priority ?? 0,
    delayMs: options.delayMs ?? 0,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
  };
}

/** A recurring schedule after validation, with its defaults. */
export interface ResolvedRecurringOptions extends RecurringJobOptions {
  data: JobData;
  priority: number;
  runNow: boolean;
}

/** Validates a recurring schedule the same way for every backend and fills in its defaults. */
export function resolveRecurringOptions(options: RecurringJobOptions): ResolvedRecurringOptions {
  checkAddOptions(options.type, { priority: options.priority });
  if (!(options.everyMs > 0)) throw new RangeError('everyMs must be > 0');
  return {
    ...options,
    data: options.data ?? {},
    priority: options.priority ?? 0,
    runNow: options.runNow ?? false,
  };
}
