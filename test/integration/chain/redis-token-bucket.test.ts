import { afterAll, beforeAll } from 'vitest';
import { Redis } from 'ioredis';
import { RedisTokenBucket } from '../../../src/chain/limiter/redis-token-bucket.js';
import { testRedisPrefix } from '../../support/test-database.js';
import { TEST_REDIS_URL } from '../../support/test-env.js';
import { killedProcessConformance } from './killed-process.conformance.js';
import { tokenBucketConformance, type StoreFactory } from './token-bucket.conformance.js';

const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
const prefix = testRedisPrefix('bucket');

const resources = {
  setup: async () => redis.connect(),
  teardown: async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  },
};
const factory: StoreFactory = {
  create: (key) => new RedisTokenBucket({ key, prefix }, { redis }),
};

beforeAll(resources.setup);
afterAll(resources.teardown);

tokenBucketConformance('Redis', factory);
killedProcessConformance('Redis', factory, () => ({
  STORE: 'redis',
  REDIS_URL: TEST_REDIS_URL,
  PREFIX: prefix,
}));
