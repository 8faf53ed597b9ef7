import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { AppConfig } from '../config/config.js';
import { BlockfrostClient } from './blockfrost-client.js';
import { BlockfrostHttpClient, type BlockfrostHttpClientOptions } from './blockfrost-http-client.js';
import { MemoryTokenBucket } from './limiter/memory-token-bucket.js';
import { PostgresTokenBucket } from './limiter/postgres-token-bucket.js';
import { RedisTokenBucket } from './limiter/redis-token-bucket.js';
import {
  TokenBucketRateLimiter,
  type TokenBucketRateLimiterOptions,
} from './limiter/token-bucket-rate-limiter.js';
import type { TokenBucketStore } from './limiter/token-bucket-store.js';
import { RequestCounter } from './request-counter.js';

export interface BlockfrostStack {
  client: BlockfrostClient;
  http: BlockfrostHttpClient;
  limiter: TokenBucketRateLimiter;
  /** Every request this process sent, by endpoint template. */
  counter: RequestCounter;
}

export interface CreateBlockfrostDeps {
  /** Shared bucket in Redis when given (BullMQ deployments)... */
  redis?: Redis;
  /** ...else in PostgreSQL when given (Prisma queue without Redis)... */
  pool?: pg.Pool;
  /** ...else in this process only (CLI, tests): NOT shared between processes. */
  fetch?: typeof fetch;
  /** Redis key prefix. Default `adafolio:`. */
  redisPrefix?: string;
  limiter?: Partial<TokenBucketRateLimiterOptions>;
  http?: Partial<BlockfrostHttpClientOptions>;
}

/** Limiter settings from the app config (`BLOCKFROST_*`). */
export function limiterOptionsFromConfig(bf: AppConfig['blockfrost']): TokenBucketRateLimiterOptions {
  return {
    ratePerSecond: bf.rps,
    burst: bf.burst,
    dailyLimit: bf.dailyLimit,
    dailyReserve: bf.dailyReserve,
    banPauseMs: bf.banPauseSeconds * 1_000,
    banPauseMaxMs: bf.banPauseMaxSeconds * 1_000,
  };
}

/** The composition of the Blockfrost adapter for the API, the worker and the CLI alike. */
export function createBlockfrost(
  bf: AppConfig['blockfrost'],
  deps: CreateBlockfrostDeps = {},
): BlockfrostStack {
  const store: TokenBucketStore = deps.redis
    ? new RedisTokenBucket({ key: bf.projectId, prefix: deps.redisPrefix }, { redis: deps.redis })
    : deps.pool
      ? new PostgresTokenBucket({ key: bf.projectId }, { pool: deps.pool })
      : new MemoryTokenBucket();
  const limiter = new TokenBucketRateLimiter({ ...limiterOptionsFromConfig(bf), ...deps.limiter }, { store });
  const counter = new RequestCounter();
  const http = new BlockfrostHttpClient(
    { baseUrl: bf.url, projectId: bf.projectId, dailyLimit: bf.dailyLimit, ...deps.http },
    { limiter, counters: [counter], ...(deps.fetch ? { fetch: deps.fetch } : {}) },
  );
  return { client: new BlockfrostClient(http), http, limiter, counter };
}
