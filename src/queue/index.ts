export type {
  Job,
  JobStatus,
  JobData,
  JobProgress,
  AddJobOptions,
  AddJobResult,
  JobStats,
  RecurringJobOptions,
} from './job.js';
export type { JobQueue } from './job-queue.js';
export type {
  JobConsumer,
  JobContext,
  JobHandler,
  ConsumerStartOptions,
  ConsumerStopOptions,
  AbortReason,
} from './job-consumer.js';
export type { QueueOptions, ConsumerOptions } from './queue-options.js';
export { DelayJobError } from './errors/delay-job.error.js';
export { UnrecoverableJobError } from './errors/unrecoverable-job.error.js';
export { QueueUnavailableError } from './errors/queue-unavailable.error.js';
export { createJobQueue, type QueueConfig, type CreateJobQueueDeps } from './create-job-queue.js';
export {
  JOB_TYPES,
  RESYNC_SCHEDULE_ID,
  scheduleWalletResync,
  createResyncAllHandler,
  type TrackedWallet,
} from './periodic-resync.js';
export { stopOnSignals } from './stop-on-signals.js';
