import type { Job as BullJob, JobState } from 'bullmq';
import type { Job, JobData, JobProgress, JobStatus } from '../job.js';

/** What our job carries inside a BullMQ job's data (BullMQ's own fields hold the rest). */
export interface BullmqEnvelope {
  d: JobData;
  w?: string;
  u?: string;
  m?: Record<string, unknown>;
  /** Our priority (higher first); BullMQ's is derived from it. */
  p: number;
  r: number;
}

/** BullMQ runs lower numbers first and treats 0 as "no priority" (before all others): map ours onto 1…2001. */
export function toBullmqPriority(priority: number): number {
  return 1001 - priority;
}

export function statusFromState(state: JobState | 'unknown'): JobStatus | undefined {
  switch (state) {
    case 'waiting':
    case 'prioritized':
    case 'delayed':
    case 'waiting-children':
      return 'pending';
    case 'active':
      return 'processing';
    case 'completed':
      return 'completed';
    case 'failed':
      return 'failed';
    default:
      return undefined;
  }
}

export function jobFromBullmq(b: BullJob, status: JobStatus): Job {
  const env = b.data as BullmqEnvelope;
  const job: Job = {
    id: String(b.id),
    type: b.name,
    data: env.d ?? {},
    priority: env.p ?? 0,
    // BullMQ counts the successful run in attemptsMade too; ours counts failed attempts only.
    attempts: status === 'completed' ? Math.max(0, b.attemptsMade - 1) : b.attemptsMade,
    maxRetries: env.r ?? Math.max(0, (b.opts.attempts ?? 1) - 1),
    status,
    createdAt: new Date(b.timestamp),
    scheduledAt: new Date(b.timestamp + (b.delay ?? 0)),
  };
  if (env.w !== undefined) job.walletAddress = env.w;
  if (env.u !== undefined) job.userId = env.u;
  if (env.m !== undefined) job.metadata = env.m;
  const progress = b.progress as JobProgress | undefined;
  // BullMQ starts every job at progress 0: read 0 as "nothing reported".
  if (progress !== undefined && progress !== 0) job.progress = progress;
  if (b.failedReason) job.error = b.failedReason;
  if (b.processedOn) job.startedAt = new Date(b.processedOn);
  if (b.finishedOn) job.finishedAt = new Date(b.finishedOn);
  return job;
}
