import { Redis, type RedisOptions } from 'ioredis';
import { QueueUnavailableError } from '../errors/queue-unavailable.error.js';

/** A client that fails fast (no endless reconnect) for start-up checks and our own small keys. */
export function createFailFastRedis(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    connectTimeout: 3_000,
    retryStrategy: (times) => (times > 5 ? null : Math.min(times * 200, 1_000)),
    ...extra,
  });
}

/** Throws QueueUnavailableError (one line) when Redis does not answer PING. */
export async function assertRedisReachable(url: string): Promise<void> {
  const redis = createFailFastRedis(url, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    const where = new URL(url);
    throw new QueueUnavailableError(
      `bullmq queue unavailable: cannot reach Redis at ${where.hostname}:${where.port || 6379} (${(error as Error).message})`,
      { cause: error },
    );
  } finally {
    redis.disconnect();
  }
}
