import type { SyncDurationSource } from './sync-durations.js';
import type { preHandlerHookHandler } from 'fastify';
import type { Redis } from 'ioredis';
import type { Repositories } from '../db/repositories/index.js';
import type { PgPortfolioReadRepository } from '../db/repositories/pg-portfolio-read-repository.js';
import type { PrismaClient } from '../db/prisma-client.js';
import type { PriceRepository } from '../db/repositories/price-repository.js';
import type { UserSettingsRepository } from '../db/repositories/user-settings-repository.js';
import type { PortfolioQueryService } from '../portfolio/portfolio-query-service.js';
import type { PortfolioValuationService } from '../portfolio/portfolio-valuation-service.js';
import type { PriceBookLoader } from '../portfolio/price-book-loader.js';
import type { StakingQueryService } from '../portfolio/staking-query-service.js';
import type { UserSettingsCache } from './user-settings-cache.js';
import type { GainsService } from '../gains/gains-service.js';
import type { GainsWarmerOptions } from '../gains/gains-warmer.js';
import type { EventBus } from '../realtime/event-subscriber.js';
import type { JwtService } from './auth/jwt-service.js';
import type { ApiMetrics } from './metrics.js';
import type { ApiJobQueue, UsageReader } from './ports.js';
import type { ResponseCache, ResponseCacheOptions } from './response-cache.js';

/** Tunables of the API; every field has a default (see buildApp). */
export interface ApiOptions {
  jwtSecret: string;
  /** Accept Supabase Auth tokens signed with this secret. */
  supabaseJwtSecret?: string | undefined;
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
  /** Sign-in challenge lifetime, default 300 s. */
  challengeTtlSeconds?: number;
  /** Per-IP limit on /auth/* routes, default 20 requests per minute. */
  authRateLimit?: { max: number; timeWindowMs: number };
  /** WebSocket ping interval, default 30 s; a socket that misses one pong is closed. */
  heartbeatMs?: number;
  /** Built dashboard to serve at `/` when the folder exists. Default `web/dist`. */
  webDistDir?: string;
  logLevel?: string;
  /** Largest accepted request body, default 64 KiB. */
  bodyLimit?: number;
  /**
   * Trust X-Forwarded-For from a reverse proxy (Fastify `trustProxy`: true, or the proxies'
   * addresses/CIDRs), so rate limits see client IPs. `TRUST_PROXY` in the environment.
   */
  trustProxy?: boolean | string;
  /** Per-user cache of read responses, invalidated by the user's sync events; `false` disables it. */
  responseCache?: ResponseCacheOptions | false;
  /**
   * The cost-basis warm-up after each `wallet_updated`: a user's burst of events is one warm-up once
   * quiet for `quietMs` (default 500 ms), at most `concurrency` (default 1) at once per process.
   */
  gainsWarmup?: GainsWarmerOptions;
  /** A cost-basis checkpoint every this many events (where a recompute may resume). Default 5,000. */
  gainsCheckpointEvery?: number;
  /** Fiat currencies values can be asked in (ADA always can). Default USD, EUR, GBP, JPY (PRICE_CURRENCIES). */
  currencies?: string[];
  /** Currency when neither the request nor the user's settings name one. Default USD (BASE_CURRENCY). */
  baseCurrency?: string;
}

export interface ApiDeps {
  prisma: PrismaClient;
  repositories: Pick<Repositories, 'users' | 'wallets' | 'authChallenges'>;
  reader: PgPortfolioReadRepository;
  jobQueue: ApiJobQueue;
  eventBus: EventBus;
  usage?: UsageReader;
  /** Sync durations for `/metrics`; default the `sync_jobs` table through `reader` (SQL queue backends). */
  syncDurations?: SyncDurationSource;
  /** Shared store for the auth rate limit (all API processes count together); in-process otherwise. */
  rateLimitStore?: { redis: Redis; prefix?: string };
  /** Extra readiness checks, e.g. `redis`. */
  readinessChecks?: Record<string, () => Promise<void>>;
  now?: () => Date;
  /** The shared price table; default a PgPriceRepository on the read repository's pool. */
  prices?: Pick<PriceRepository, 'daily' | 'latest'>;
  /** Users' settings; default a PgUserSettingsRepository on the read repository's pool. */
  userSettings?: UserSettingsRepository;
  /**
   * After a wallet was removed: relabels the internal transfers it no longer pairs (the sync's
   * WalletSyncService.afterWalletRemoved). Absent: labels are left as they are.
   */
  onWalletRemoved?: (userId: string) => Promise<number>;
}

/** Everything a route plugin needs, handed to it as plugin options. */
export interface ApiContext {
  options: Required<Pick<ApiOptions, 'challengeTtlSeconds' | 'authRateLimit' | 'heartbeatMs'>> & ApiOptions;
  deps: ApiDeps;
  now: () => Date;
  jwt: JwtService;
  portfolio: PortfolioQueryService;
  /** Values the portfolio and its history (prices through `prices`). */
  valuation: PortfolioValuationService;
  /** Price histories read once and shared by every user's requests for a minute. */
  prices: PriceBookLoader;
  /** Staking rewards valued at receipt, yields, delegations. */
  staking: StakingQueryService;
  /** Cost basis, realized and unrealized gains, income and tax exports. */
  gains: GainsService;
  userSettings: UserSettingsCache;
  valuationOptions: { currencies: string[]; baseCurrency: string };
  metrics: ApiMetrics;
  /** Read-response cache (undefined when disabled). */
  cache: ResponseCache | undefined;
  /** preHandler that verifies the bearer token and sets request.userId. */
  authenticate: preHandlerHookHandler;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user's id, set only by the authenticate preHandler from a verified token. */
    userId: string;
  }
}
