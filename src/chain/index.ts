/** Public surface of the Blockfrost adapter (see README.md in this folder). */
export * from './errors/index.js';
export type { RateLimiter, RateLimiterUsage, PauseReason, TakeOptions } from './limiter/rate-limiter.js';
export type { TokenBucketStore } from './limiter/token-bucket-store.js';
export {
  TokenBucketRateLimiter,
  type TokenBucketRateLimiterOptions,
} from './limiter/token-bucket-rate-limiter.js';
export { RedisTokenBucket } from './limiter/redis-token-bucket.js';
export { PostgresTokenBucket } from './limiter/postgres-token-bucket.js';
export { MemoryTokenBucket } from './limiter/memory-token-bucket.js';
export { BlockfrostHttpClient, type BlockfrostHttpClientOptions } from './blockfrost-http-client.js';
export {
  BlockfrostClient,
  MAX_PAGE_SIZE,
  collectPages,
  orWhenNotFound,
  type AddressTransactionsOptions,
  type Page,
  type PageOptions,
} from './blockfrost-client.js';
export type * from './blockfrost-types.js';
export { RequestCounter } from './request-counter.js';
export { createBlockfrost, limiterOptionsFromConfig, type BlockfrostStack } from './create-blockfrost.js';
export { TokenMetadataService } from './tokens/token-metadata-service.js';
export { PrismaTokenStore } from './tokens/prisma-token-store.js';
export type { TokenStore } from './tokens/token-store.js';
export type { TokenRecord } from './tokens/token-record.js';
export { nextUtcMidnight, utcDay } from './utc-day.js';
