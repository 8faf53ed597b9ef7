import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../../../src/api/app.js';
import { jobQueueForApi } from '../../../src/api/adapters/job-queue-adapter.js';
import { createRepositories, type Repositories } from '../../../src/db/repositories/index.js';
import { pgConfigFromUrl } from '../../../src/db/pg-config-from-url.js';
import {
  PgPortfolioReadRepository,
  readPoolConfig,
} from '../../../src/db/repositories/pg-portfolio-read-repository.js';
import { PrismaJobQueue } from '../../../src/queue/prisma/prisma-job-queue.js';
import { RedisEventBus } from '../../../src/realtime/redis-event-bus.js';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '../../support/test-database.js';
import { TEST_REDIS_URL } from '../../support/test-env.js';
import { WEB_DIST } from './web-build.js';

export interface RunningApi {
  url: string;
  app: FastifyInstance;
  db: TestDatabase;
  repositories: Repositories;
  queue: PrismaJobQueue;
  /** The same Redis bus (same prefix) the API's WebSocket relay listens on. */
  bus: RedisEventBus;
  close(): Promise<void>;
}

/**
 * The real API on a random port: its own migrated database, the Prisma job queue on it, the Redis
 * event bus under a prefix of its own, and the built dashboard served at `/`.
 */
export async function startApi(): Promise<RunningApi> {
  const db = await createTestDatabase();
  const repositories = createRepositories(db);
  const logger = pino({ level: 'warn' });
  const queue = new PrismaJobQueue({ databaseUrl: db.url, poolSize: 2 }, { logger });
  const prefix = testRedisPrefix('e2e');
  const apiBus = new RedisEventBus({ url: TEST_REDIS_URL, prefix });
  const bus = new RedisEventBus({ url: TEST_REDIS_URL, prefix });
  const readPool = new pg.Pool(readPoolConfig(pgConfigFromUrl(db.url), 4));
  // Dropping the test database terminates idle pooled connections; that is expected here.
  readPool.on('error', () => {});
  const app = await buildApp(
    { jwtSecret: 'e2e-secret-0123456789-0123456789-abcdef', logLevel: 'warn', webDistDir: WEB_DIST },
    {
      prisma: db.prisma,
      repositories,
      // A pg pool, as in production: the price table and user settings read on the same pool.
      reader: new PgPortfolioReadRepository(readPool),
      jobQueue: jobQueueForApi(queue),
      eventBus: apiBus,
    },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    db,
    repositories,
    queue,
    bus,
    async close() {
      await app.close().catch(() => undefined);
      await Promise.all(
        [apiBus.close(), bus.close(), queue.close(), readPool.end()].map((p) => p.catch(() => undefined)),
      );
      await db.drop();
    },
  };
}
