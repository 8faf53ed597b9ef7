import { Redis } from 'ioredis';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../composition/create-app-context.js';
import { pgConfigFromUrl } from '../db/pg-config-from-url.js';
import {
  PgPortfolioReadRepository,
  readPoolConfig,
} from '../db/repositories/pg-portfolio-read-repository.js';
import type { BullmqJobQueue } from '../queue/bullmq/bullmq-job-queue.js';
import type { JobQueue } from '../queue/job-queue.js';
import { SYNC_WALLET_JOB_TYPES } from '../sync/sync-wallet-job.js';
import { jobQueueForApi } from './adapters/job-queue-adapter.js';
import { durationsFromQueue } from './sync-durations.js';
import { buildApp, type ApiOptions } from './app.js';

export interface StartApiOptions extends Partial<ApiOptions> {
  port: number;
  host: string;
}

/**
 * Builds the API from the shared composition root (repositories, queue, event bus, limiter usage)
 * plus the read pool, and starts listening. Closing the returned app closes the read pool too.
 */
export async function startApi(ctx: AppContext, options: StartApiOptions): Promise<FastifyInstance> {
  if (!ctx.queue) throw new Error('the API needs the job queue: createAppContext(config, { queue: true })');
  if (!ctx.events) throw new Error('the API needs the event bus');
  const readPool = new pg.Pool(
    readPoolConfig(pgConfigFromUrl(ctx.config.databaseUrl), ctx.config.pools.apiRead),
  );
  readPool.on('error', (e) => ctx.logger.warn({ err: e }, 'read pool error'));
  const { port, host, ...apiOptions } = options;
  let rateLimitRedis: Redis | undefined;
  if (ctx.config.redisUrl) {
    rateLimitRedis = new Redis(ctx.config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    rateLimitRedis.on('error', (e) => ctx.logger.warn({ err: e }, 'rate-limit redis error'));
  }
  const app = await buildApp(
    {
      jwtSecret: ctx.config.jwtSecret,
      supabaseJwtSecret: ctx.config.supabase.jwtSecret,
      logLevel: ctx.config.logLevel,
      trustProxy: ctx.config.trustProxy,
      currencies: ctx.config.prices.currencies,
      baseCurrency: ctx.config.prices.baseCurrency,
      ...apiOptions,
    },
    {
      prisma: ctx.prisma,
      repositories: ctx.repositories,
      reader: new PgPortfolioReadRepository(readPool),
      jobQueue: jobQueueForApi(ctx.queue),
      eventBus: ctx.events,
      usage: ctx.blockfrost.limiter,
      onWalletRemoved: (userId) => ctx.sync.afterWalletRemoved(userId),
      // BullMQ keeps its jobs in Redis, not in `sync_jobs`: the metric reads its completed jobs.
      ...(isBullmq(ctx.queue) ? { syncDurations: durationsFromQueue(ctx.queue, SYNC_WALLET_JOB_TYPES) } : {}),
      // Under the context's key prefix, like the bucket, the bus and the queue (tests use their own).
      ...(rateLimitRedis ? { rateLimitStore: { redis: rateLimitRedis, prefix: ctx.redisPrefix } } : {}),
    },
  );
  app.addHook('onClose', async () => {
    await readPool.end();
    await rateLimitRedis?.quit().catch(() => rateLimitRedis?.disconnect());
  });
  await app.listen({ port, host });
  return app;
}

/** By its backend name: a type-only import keeps BullMQ out of an API whose queue is SQL-backed. */
function isBullmq(queue: JobQueue): queue is BullmqJobQueue {
  return queue.backend === 'bullmq';
}
