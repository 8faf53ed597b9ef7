import { Redis } from 'ioredis';
import { RedisTokenBucket } from '../../../src/chain/limiter/redis-token-bucket.js';
import { testRedisPrefix } from '../../support/test-database.js';
import { TEST_REDIS_URL } from '../../support/test-env.js';
import { tokenBucketConformance } from './token-bucket.conformance.js';

const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true });
const prefix = testRedisPrefix('bucket');

tokenBucketConformance('Redis', {
  setup: async () => redis.connect(),
  teardown: async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  },
  create: (key) => new RedisTokenBucket({ key, prefix }, { redis }),
});
