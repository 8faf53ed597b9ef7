import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { startApi } from '../../../../src/api/start-api.js';
import { createAppContext, type AppContext } from '../../../../src/composition/create-app-context.js';
import { loadConfig } from '../../../../src/config/config.js';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '../../../support/test-database.js';
import { TEST_REDIS_URL } from '../../../support/test-env.js';

export interface StartedApi {
  db: TestDatabase;
  ctx: AppContext;
  app: FastifyInstance;
  url: string;
  /** The Redis key prefix of this API's context (bucket, bus, queue, rate limit). */
  prefix: string;
  close(): Promise<void>;
}

/**
 * The API as `adafolio api` starts it (composition root + startApi) on a database of its own, with
 * Redis under a prefix of its own; `env` adds to / overrides the environment it is configured from.
 */
export async function startApiFromEnv(label: string, env: Record<string, string>): Promise<StartedApi> {
  const db = await createTestDatabase();
  const prefix = testRedisPrefix(label);
  const config = loadConfig({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, LOG_LEVEL: 'silent', ...env });
  const ctx = await createAppContext(config, { queue: true, redisPrefix: prefix, poolSize: 2 });
  const app = await startApi(ctx, { port: 0, host: '127.0.0.1' });
  return {
    db,
    ctx,
    app,
    prefix,
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    async close() {
      await app.close();
      await ctx.close();
      await db.drop();
    },
  };
}
