import { Redis } from 'ioredis';
import { testRedisPrefix } from '../../support/test-database.js';
import { TEST_REDIS_URL } from '../../support/test-env.js';
import { jobQueueContract } from './job-queue.contract.js';
import { makeQueue } from './support/make-queue.js';

const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
const prefixes: string[] = [];

jobQueueContract('BullMQ (Redis)', {
  setup: async () => redis.connect(),
  teardown: async () => {
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    await redis.quit();
  },
  fresh: async () => {
    const prefix = testRedisPrefix('queue');
    prefixes.push(prefix);
    return { backend: 'bullmq', redisUrl: TEST_REDIS_URL, prefix };
  },
  open: (where, options) => makeQueue(where, options),
  crashCountsAsAttempt: false,
});
