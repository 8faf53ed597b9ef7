import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type {
  StorePauseArgs,
  StoreSnapshot,
  StoreTakeArgs,
  StoreTakeResult,
  TokenBucketStore,
} from './token-bucket-store.js';

// Loaded once per process; registered on each Redis connection under a versioned name, so a changed
// script never collides with an older one cached by Redis.
const TAKE_LUA = readFileSync(new URL('./redis-token-bucket.take.lua', import.meta.url), 'utf8');
const PAUSE_LUA = readFileSync(new URL('./redis-token-bucket.pause.lua', import.meta.url), 'utf8');
const TAKE_COMMAND = 'adafolioBucketTakeV2';
const PAUSE_COMMAND = 'adafolioBucketPauseV1';

type ScriptReply = Array<number | string>;
interface BucketCommands {
  [TAKE_COMMAND](...args: Array<string | number>): Promise<ScriptReply>;
  [PAUSE_COMMAND](...args: Array<string | number>): Promise<ScriptReply>;
}

export interface RedisTokenBucketOptions {
  /** Bucket identity: the Blockfrost project id. Every process using the same id shares the bucket. */
  key: string;
  /** Prefix of every key. Default `adafolio:`. */
  prefix?: string;
}

/** Daily counters are kept a few days so a late reader (metrics) still finds yesterday's. */
const COUNTER_TTL_SECONDS = 3 * 86_400;

/**
 * The shared token bucket in Redis. Every step is one Lua script (atomic), so any number of worker
 * processes share it safely. Keys share one hash tag, so the bucket also works on Redis Cluster.
 */
export class RedisTokenBucket implements TokenBucketStore {
  private readonly base: string;
  private readonly redis: Redis & BucketCommands;

  constructor(options: RedisTokenBucketOptions, deps: { redis: Redis }) {
    this.base = `${options.prefix ?? 'adafolio:'}bf-bucket:{${options.key}}:`;
    const redis = deps.redis as Redis & Partial<BucketCommands>;
    if (typeof redis[TAKE_COMMAND] !== 'function') {
      redis.defineCommand(TAKE_COMMAND, { numberOfKeys: 4, lua: TAKE_LUA });
      redis.defineCommand(PAUSE_COMMAND, { numberOfKeys: 1, lua: PAUSE_LUA });
    }
    this.redis = redis as Redis & BucketCommands;
  }

  private get stateKey() {
    return this.base + 'state';
  }
  private get queueKey() {
    return this.base + 'queue';
  }
  private get leaseKey() {
    return this.base + 'leases';
  }
  private dayKey(day: string) {
    return this.base + 'day:' + day;
  }

  async take(a: StoreTakeArgs): Promise<StoreTakeResult> {
    const r = await this.redis[TAKE_COMMAND](
      this.stateKey,
      this.queueKey,
      this.leaseKey,
      this.dayKey(a.day),
      a.now,
      a.ratePerSecond,
      a.burst,
      a.ticket,
      a.leaseMs,
      a.dailyBudget,
      a.nextMidnight,
      COUNTER_TTL_SECONDS,
      a.marginTokens ?? 0,
    );
    switch (Number(r[0])) {
      case 0:
        return { kind: 'granted', requestsToday: Number(r[1]) };
      case 1:
        return { kind: 'wait', waitMs: Number(r[1]) };
      case 2:
        return { kind: 'paused', until: Number(r[1]), reason: r[2] === 'banned' ? 'banned' : 'rate_limited' };
      default:
        return {
          kind: 'daily',
          until: Number(r[1]),
          source: r[2] === 'daily_cap' ? 'daily_cap' : 'daily_budget',
        };
    }
  }

  async cancel(ticket: string): Promise<void> {
    await this.redis.multi().zrem(this.queueKey, ticket).zrem(this.leaseKey, ticket).exec();
  }

  async pause(a: StorePauseArgs): Promise<{ until: number; reason: 'rate_limited' | 'banned' }> {
    const r = await this.redis[PAUSE_COMMAND](
      this.stateKey,
      a.now,
      a.reason,
      a.reason === 'rate_limited' ? a.pauseMs : 0,
      a.reason === 'banned' ? a.banBaseMs : 0,
      a.reason === 'banned' ? a.banMaxMs : 0,
      a.reason === 'banned' ? a.banMemoryMs : 0,
    );
    return { until: Number(r[0]), reason: r[1] === 'banned' ? 'banned' : 'rate_limited' };
  }

  async setDailyCap(a: { now: number; until: number }): Promise<void> {
    // Every process computes the same next midnight, so a plain write is enough.
    await this.redis.hset(this.stateKey, 'dailyCapUntil', String(a.until));
  }

  async read(a: { now: number; day: string }): Promise<StoreSnapshot> {
    const [state, used, waiting] = await Promise.all([
      this.redis.hmget(this.stateKey, 'tokens', 'pausedUntil', 'pauseReason', 'dailyCapUntil', 'banCount'),
      this.redis.get(this.dayKey(a.day)),
      this.redis.zcount(this.leaseKey, `(${a.now}`, '+inf'),
    ]);
    const pausedUntil = Number(state[1] ?? 0);
    return {
      requestsToday: Number(used ?? 0),
      tokens: state[0] === null ? null : Number(state[0]),
      pausedUntil,
      pauseReason: pausedUntil > a.now ? (state[2] === 'banned' ? 'banned' : 'rate_limited') : null,
      dailyCapUntil: Number(state[3] ?? 0),
      banCount: Number(state[4] ?? 0),
      waiting,
    };
  }

  /** The Redis connection belongs to the caller; nothing to release here. */
  async close(): Promise<void> {}
}
