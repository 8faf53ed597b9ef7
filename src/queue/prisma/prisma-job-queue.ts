import pg from 'pg';
import type { Logger } from 'pino';
import { pgConfigFromUrl } from '../../db/pg-config-from-url.js';
import type { QueueOptions } from '../queue-options.js';
import { logPoolErrors } from '../sql/log-pool-errors.js';
import { PgQueueRpc } from '../sql/pg-queue-rpc.js';
import { SqlJobQueue } from '../sql/sql-job-queue.js';
import { PgListenWakeSource } from './pg-listen-wake-source.js';
import { PrismaQueueRpc, type PrismaRawClient } from './prisma-queue-rpc.js';

export interface PrismaJobQueueOptions extends QueueOptions {
  databaseUrl: string;
  /** Connections per pool (one pool for producers, one for consumers). Default 4. */
  poolSize?: number;
  /** Safety-net poll while idle (NOTIFY does the waking). Default 5 000 ms. */
  pollIntervalMs?: number;
}

/**
 * The Prisma-backed queue: jobs are rows of the SyncJob model (sync_jobs), claimed with
 * FOR UPDATE SKIP LOCKED through the queue migration's SQL functions, which run over a `pg` pool for
 * claim throughput (Prisma's client adds a query-compiler hop per call on this hot path). Idle
 * consumers sleep on LISTEN/NOTIFY instead of polling.
 */
export class PrismaJobQueue extends SqlJobQueue {
  /**
   * `deps.prisma`: the application's Prisma client; when given, producer calls (add, get, list, cancel,
   * stats, cleanup, schedules) go through it and its pool instead of a pool of this queue's own.
   */
  constructor(options: PrismaJobQueueOptions, deps: { logger: Logger; prisma?: PrismaRawClient }) {
    const connection = pgConfigFromUrl(options.databaseUrl);
    const max = options.poolSize ?? 4;
    const watch = (pool: pg.Pool) => logPoolErrors(pool, deps.logger);
    // Consumer calls (claim, complete, heartbeat, fail, release) commit without waiting for the WAL
    // flush: after a PostgreSQL crash the last few of them may be lost, which only means a job runs
    // again (the queue is at-least-once anyway). Enqueues keep the default, durable commit.
    const consumerPool = watch(new pg.Pool({ ...connection, max, options: '-c synchronous_commit=off' }));
    super(
      { backend: 'prisma', retryBackoffMs: options.retryBackoffMs, pollIntervalMs: options.pollIntervalMs },
      {
        rpc: deps.prisma
          ? new PrismaQueueRpc(deps.prisma)
          : new PgQueueRpc(watch(new pg.Pool({ ...connection, max }))),
        consumerRpc: new PgQueueRpc(consumerPool),
        logger: deps.logger,
        createWakeSource: () => new PgListenWakeSource(connection, deps.logger),
      },
    );
  }
}
