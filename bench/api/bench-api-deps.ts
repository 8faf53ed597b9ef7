// What the API bench and the CPU-per-request measurement share: the bench database, Redis and JWT
// secret, and the API's dependencies wired on that database (read side on a plain pg pool, no job
// queue), so both measure the same application.
import pg from 'pg';
import type { ApiDeps } from '../../src/api/api-context.js';
import { createRepositories } from '../../src/db/repositories/index.js';
import {
  PgPortfolioReadRepository,
  readPoolConfig,
} from '../../src/db/repositories/pg-portfolio-read-repository.js';
import { createDatabase } from '../../src/db/prisma-client.js';
import { pgConfigFromUrl } from '../../src/db/pg-config-from-url.js';
import { RedisEventBus } from '../../src/realtime/index.js';

export const DATABASE_URL =
  process.env.BENCH_API_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/adafolio_bench_api';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const SECRET = 'bench-secret-0123456789-0123456789-0123456789';

/** The API's dependencies on the bench database; `close()` ends every connection they opened. */
export function benchApiDeps(options: {
  poolSize: number;
  readPoolSize: number;
  eventBus: RedisEventBus;
  now?: () => Date;
}): { deps: ApiDeps; close: () => Promise<void> } {
  const db = createDatabase(DATABASE_URL, { poolSize: options.poolSize });
  const readPool = new pg.Pool(readPoolConfig(pgConfigFromUrl(DATABASE_URL), options.readPoolSize));
  const deps: ApiDeps = {
    prisma: db.prisma,
    repositories: createRepositories(db),
    reader: new PgPortfolioReadRepository(readPool),
    jobQueue: {
      requestSync: async () => Promise.reject(new Error('not used by the bench')),
      recentJobs: async () => [],
      depth: async () => ({}),
    },
    eventBus: options.eventBus,
    ...(options.now ? { now: options.now } : {}),
  };
  return {
    deps,
    close: async () => {
      await db.close();
      await readPool.end();
    },
  };
}
