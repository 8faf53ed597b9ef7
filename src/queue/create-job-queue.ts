import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.js';
import { BullmqJobQueue } from './bullmq/bullmq-job-queue.js';
import { assertRedisReachable } from './bullmq/redis-connection-options.js';
import { QueueUnavailableError } from './errors/queue-unavailable.error.js';
import type { JobQueue } from './job-queue.js';
import { PrismaJobQueue } from './prisma/prisma-job-queue.js';
import type { PrismaRawClient } from './prisma/prisma-queue-rpc.js';
import type { QueueOptions } from './queue-options.js';
import { SupabaseJobQueue } from './supabase/supabase-job-queue.js';

export type QueueConfig = Pick<AppConfig, 'queueBackend' | 'databaseUrl' | 'redisUrl' | 'supabase'>;

export interface CreateJobQueueDeps {
  logger: Logger;
  /** The application's Prisma client: the Prisma backend's producer calls then share its pool. */
  prisma?: PrismaRawClient;
  /** BullMQ key prefix (tests); default `bull`. */
  bullmqPrefix?: string;
}

/**
 * Builds the queue backend chosen by `config.queueBackend` (QUEUE_BACKEND, else USE_BULLMQ → bullmq,
 * else USE_PRISMA_QUEUE → prisma, else supabase), logs the choice, and checks the backing service
 * answers. Throws QueueUnavailableError with a one-line message when it does not.
 */
export async function createJobQueue(
  config: QueueConfig,
  deps: CreateJobQueueDeps,
  options: QueueOptions = {},
): Promise<JobQueue> {
  const logger = deps.logger.child({ component: 'queue' });
  let queue: JobQueue;
  switch (config.queueBackend) {
    case 'bullmq': {
      if (!config.redisUrl) throw new QueueUnavailableError('bullmq queue selected but REDIS_URL is not set');
      // Check first: BullMQ itself would retry a dead Redis forever instead of failing start-up.
      await assertRedisReachable(config.redisUrl);
      queue = new BullmqJobQueue(
        { ...options, redisUrl: config.redisUrl, prefix: deps.bullmqPrefix },
        { logger },
      );
      break;
    }
    case 'prisma':
      queue = new PrismaJobQueue(
        { ...options, databaseUrl: config.databaseUrl },
        { logger, prisma: deps.prisma },
      );
      break;
    case 'supabase': {
      const { url, serviceRoleKey } = config.supabase;
      if (!url || !serviceRoleKey) {
        throw new QueueUnavailableError(
          'supabase queue selected (neither USE_BULLMQ nor USE_PRISMA_QUEUE is true) but SUPABASE_URL and ' +
            'SUPABASE_SERVICE_ROLE_KEY are not both set; set them, or choose QUEUE_BACKEND=prisma|bullmq',
        );
      }
      queue = SupabaseJobQueue.overSupabase({ ...options, url, serviceRoleKey }, { logger });
      break;
    }
  }
  try {
    await queue.verify();
  } catch (error) {
    await queue.close().catch(() => undefined);
    throw error instanceof QueueUnavailableError
      ? error
      : new QueueUnavailableError(`${config.queueBackend} queue unavailable: ${(error as Error).message}`);
  }
  logger.info({ backend: queue.backend }, `job queue backend: ${queue.backend}`);
  return queue;
}
