import type { Job, JobData, JobProgress, JobStatus } from '../job.js';

/** A sync_jobs row as the SQL functions return it (`to_jsonb(row)`: snake_case, ISO timestamps). */
export interface SyncJobRow {
  id: string;
  job_type: string;
  wallet_address: string | null;
  user_id: string | null;
  status: string;
  priority: number;
  scheduled_at: string;
  started_at: string | null;
  completed_at: string | null;
  error_message: string | null;
  retry_count: number;
  max_retries: number;
  data: JobData | null;
  metadata: Record<string, unknown> | null;
  progress: JobProgress | null;
  locked_by: string | null;
  locked_until: string | null;
  created_at: string;
}

export function jobFromRow<D extends JobData = JobData>(row: SyncJobRow): Job<D> {
  const job: Job<D> = {
    id: row.id,
    type: row.job_type,
    data: (row.data ?? {}) as D,
    priority: row.priority,
    attempts: row.retry_count,
    maxRetries: row.max_retries,
    status: row.status as JobStatus,
    createdAt: new Date(row.created_at),
    scheduledAt: new Date(row.scheduled_at),
  };
  if (row.wallet_address !== null) job.walletAddress = row.wallet_address;
  if (row.user_id !== null) job.userId = row.user_id;
  if (row.metadata !== null) job.metadata = row.metadata;
  if (row.progress !== null) job.progress = row.progress;
  if (row.error_message !== null) job.error = row.error_message;
  if (row.started_at !== null) job.startedAt = new Date(row.started_at);
  if (row.completed_at !== null) job.finishedAt = new Date(row.completed_at);
  return job;
}
