import { PostgresEventBus } from './postgres-event-bus.js';
import { RedisEventBus } from './redis-event-bus.js';
import type { EventBus } from './event-subscriber.js';

export interface EventBusSettings {
  databaseUrl: string;
  redisUrl?: string | undefined;
  /** Redis key prefix / distinguishes test runs. */
  redisPrefix?: string;
  /** NOTIFY channel when PostgreSQL is used. */
  pgChannel?: string;
}

/** Redis pub/sub when REDIS_URL is set, PostgreSQL NOTIFY otherwise. */
export function createEventBus(
  settings: EventBusSettings,
  deps: { onError?: (e: unknown) => void } = {},
): EventBus {
  if (settings.redisUrl)
    return new RedisEventBus({ url: settings.redisUrl, prefix: settings.redisPrefix }, deps);
  return new PostgresEventBus({ databaseUrl: settings.databaseUrl, channel: settings.pgChannel }, deps);
}
