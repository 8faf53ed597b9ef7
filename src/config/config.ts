import { z } from 'zod';

/** Thrown for any bad or missing setting; the CLI prints its message as one line and exits 1. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const bool = (name: string, fallback: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const s = v.trim().toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(s)) return true;
      if (['false', '0', 'no', 'off'].includes(s)) return false;
      ctx.addIssue({ code: 'custom', message: `${name} must be true or false, got "${v}"` });
      return z.NEVER;
    });

const positiveInt = (name: string, fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      if (!/^\d+$/.test(v.trim()) || Number(v) <= 0) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a positive integer, got "${v}"` });
        return z.NEVER;
      }
      return Number(v);
    });

const url = (name: string, protocols: string[]) =>
  z.string().transform((v, ctx) => {
    try {
      const u = new URL(v);
      if (!protocols.includes(u.protocol)) throw new Error();
      return v;
    } catch {
      ctx.addIssue({
        code: 'custom',
        message: `${name} must be a ${protocols.map((p) => p + '//').join(' or ')} URL, got "${v}"`,
      });
      return z.NEVER;
    }
  });

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const QUEUE_BACKENDS = ['bullmq', 'prisma', 'supabase'] as const;
export type QueueBackendName = (typeof QUEUE_BACKENDS)[number];

/** The default project id used with the bundled chain simulator (no real Blockfrost key configured). */
export const SIMULATOR_PROJECT_ID = 'mainnetsimulator0000000000000000';
export const SIMULATOR_DEFAULT_URL = 'http://127.0.0.1:3100/api/v0';
/** The key the demo sends to the simulator's CoinGecko pro endpoint (full history, as a paid plan). */
export const SIMULATOR_COINGECKO_KEY = 'simulator-pro-key';

/**
 * Price sources, in the default order they are tried. The users' fills come before the DEX pools:
 * they are exact trades and cost nothing, while a pool's history costs Blockfrost requests, the
 * scarcest budget; CoinGecko (a token it lists) still ranks above both.
 */
export const PRICE_SOURCE_NAMES = ['coingecko', 'kraken', 'fill', 'dex'] as const;
export type PriceSourceName = (typeof PRICE_SOURCE_NAMES)[number];

const schema = z.object({
  DATABASE_URL: z
    .string({ error: 'DATABASE_URL is required (e.g. postgresql://postgres@127.0.0.1:5432/adafolio)' })
    .min(1, 'DATABASE_URL is required (e.g. postgresql://postgres@127.0.0.1:5432/adafolio)')
    .pipe(url('DATABASE_URL', ['postgres:', 'postgresql:'])),
  REDIS_URL: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(url('REDIS_URL', ['redis:', 'rediss:']).optional()),
  BLOCKFROST_PROJECT_ID: z.string().optional(),
  BLOCKFROST_URL: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(url('BLOCKFROST_URL', ['http:', 'https:']).optional()),
  BLOCKFROST_RPS: positiveInt('BLOCKFROST_RPS', 10),
  BLOCKFROST_BURST: positiveInt('BLOCKFROST_BURST', 500),
  BLOCKFROST_DAILY_LIMIT: positiveInt('BLOCKFROST_DAILY_LIMIT', 50_000),
  BLOCKFROST_DAILY_RESERVE: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return 500;
      if (!/^\d+$/.test(v.trim())) {
        ctx.addIssue({
          code: 'custom',
          message: `BLOCKFROST_DAILY_RESERVE must be a whole number, got "${v}"`,
        });
        return z.NEVER;
      }
      return Number(v);
    }),
  BLOCKFROST_BAN_PAUSE_SECONDS: positiveInt('BLOCKFROST_BAN_PAUSE_SECONDS', 60),
  BLOCKFROST_BAN_PAUSE_MAX_SECONDS: positiveInt('BLOCKFROST_BAN_PAUSE_MAX_SECONDS', 3_600),
  SYNC_CONCURRENCY: positiveInt('SYNC_CONCURRENCY', 8),
  SYNC_BATCH_SIZE: positiveInt('SYNC_BATCH_SIZE', 500),
  RESYNC_INTERVAL_MINUTES: positiveInt('RESYNC_INTERVAL_MINUTES', 60),
  EPOCH_CHECK_MINUTES: positiveInt('EPOCH_CHECK_MINUTES', 10),
  API_DB_POOL_SIZE: positiveInt('API_DB_POOL_SIZE', 10),
  API_READ_POOL_SIZE: positiveInt('API_READ_POOL_SIZE', 10),
  // Unset (0 here): the worker sizes its pool from --jobs (workerPoolSize).
  WORKER_DB_POOL_SIZE: positiveInt('WORKER_DB_POOL_SIZE', 0),
  USE_PRISMA: bool('USE_PRISMA', true),
  USE_PRISMA_QUEUE: bool('USE_PRISMA_QUEUE', false),
  USE_BULLMQ: bool('USE_BULLMQ', false),
  QUEUE_BACKEND: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      const s = v.trim().toLowerCase();
      if ((QUEUE_BACKENDS as readonly string[]).includes(s)) return s as QueueBackendName;
      ctx.addIssue({
        code: 'custom',
        message: `QUEUE_BACKEND must be one of ${QUEUE_BACKENDS.join(', ')}, got "${v}"`,
      });
      return z.NEVER;
    }),
  REDIS_KEY_PREFIX: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  QUEUE_LEASE_MS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return undefined;
      if (!/^\d+$/.test(v.trim()) || Number(v) < 1000) {
        ctx.addIssue({ code: 'custom', message: `QUEUE_LEASE_MS must be a whole number ≥ 1000, got "${v}"` });
        return z.NEVER;
      }
      return Number(v);
    }),
  SUPABASE_URL: z.string().optional(),
  SUPABASE_SERVICE_ROLE_KEY: z.string().optional(),
  JWT_SECRET: z.string().optional(),
  SUPABASE_JWT_SECRET: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v)),
  PORT: positiveInt('PORT', 3000).refine((p) => p < 65536, 'PORT must be below 65536'),
  HOST: z.string().optional().default('127.0.0.1'),
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const s = (v ?? 'info').trim().toLowerCase() || 'info';
      if ((LOG_LEVELS as readonly string[]).includes(s)) return s as (typeof LOG_LEVELS)[number];
      ctx.addIssue({
        code: 'custom',
        message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${v}"`,
      });
      return z.NEVER;
    }),
  NODE_ENV: z.string().optional(),
  PRICE_CURRENCIES: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const list =
        (v ?? '').trim() === ''
          ? ['USD', 'EUR', 'GBP', 'JPY']
          : v!.split(',').map((c) => c.trim().toUpperCase());
      const bad = list.find((c) => !/^[A-Z]{3}$/.test(c) || c === 'ADA');
      if (bad !== undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `PRICE_CURRENCIES must be comma-separated 3-letter fiat codes (ADA is always available), got "${v}"`,
        });
        return z.NEVER;
      }
      return [...new Set(list)];
    }),
  PRICE_SOURCES: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const list =
        (v ?? '').trim() === ''
          ? [...PRICE_SOURCE_NAMES]
          : v!
              .split(',')
              .map((s) => s.trim().toLowerCase())
              .filter(Boolean);
      const bad = list.find((s) => !(PRICE_SOURCE_NAMES as readonly string[]).includes(s));
      if (bad !== undefined || list.length === 0) {
        ctx.addIssue({
          code: 'custom',
          message: `PRICE_SOURCES must be a comma-separated list of ${PRICE_SOURCE_NAMES.join(', ')} (tried in that order), got "${v}"`,
        });
        return z.NEVER;
      }
      return [...new Set(list)] as PriceSourceName[];
    }),
  COINGECKO_API_KEY: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined)),
  COINGECKO_API_PLAN: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const s = (v ?? '').trim().toLowerCase();
      if (s === '') return undefined;
      if (s === 'demo' || s === 'pro') return s;
      ctx.addIssue({ code: 'custom', message: `COINGECKO_API_PLAN must be demo or pro, got "${v}"` });
      return z.NEVER;
    }),
  COINGECKO_BASE_URL: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(url('COINGECKO_BASE_URL', ['http:', 'https:']).optional()),
  COINGECKO_CALLS_PER_MINUTE: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(positiveInt('COINGECKO_CALLS_PER_MINUTE', 0)),
  COINGECKO_TOKENS: bool('COINGECKO_TOKENS', false),
  KRAKEN_BASE_URL: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(url('KRAKEN_BASE_URL', ['http:', 'https:']).optional()),
  KRAKEN_CALLS_PER_SECOND: positiveInt('KRAKEN_CALLS_PER_SECOND', 1),
  PRICE_REFRESH_INTERVAL_MINUTES: positiveInt('PRICE_REFRESH_INTERVAL_MINUTES', 60),
  PRICE_DEX_LATEST_HOURS: positiveInt('PRICE_DEX_LATEST_HOURS', 12),
  PRICE_DEX_DAILY_REQUESTS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return 200;
      if (!/^\d+$/.test(v.trim())) {
        ctx.addIssue({
          code: 'custom',
          message: `PRICE_DEX_DAILY_REQUESTS must be a whole number, got "${v}"`,
        });
        return z.NEVER;
      }
      return Number(v);
    }),
  BASE_CURRENCY: z
    .string()
    .optional()
    .transform((v) => ((v ?? '').trim() === '' ? 'USD' : v!.trim().toUpperCase())),
  // Fastify `trustProxy`: true/false, or the proxies' addresses/CIDRs (comma-separated). No hop
  // count: Fastify 5 trusts no peer for a number (it cannot check the immediate one).
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v): boolean | string => {
      const s = (v ?? '').trim();
      if (s === '' || /^(false|0|no|off)$/i.test(s)) return false;
      if (/^(true|1|yes|on)$/i.test(s)) return true;
      return s;
    }),
});

/** Every environment variable loadConfig reads (deployment files are checked against it). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

export interface AppConfig {
  databaseUrl: string;
  redisUrl: string | undefined;
  /** Prefix of every Redis key (bucket, event channel, BullMQ) of `adafolio api`/`worker`; unset: defaults. */
  redisKeyPrefix: string | undefined;
  /** Worker queue lease (ms): a killed worker's jobs return after at most this long. Unset: 30 s. */
  queueLeaseMs: number | undefined;
  blockfrost: {
    /** Project id sent as the `project_id` header. */
    projectId: string;
    /** Base URL including /api/v0 (or the simulator's). */
    url: string;
    /** True when no real key is configured and the bundled chain simulator is used. */
    simulated: boolean;
    rps: number;
    burst: number;
    dailyLimit: number;
    /** Requests kept back from the daily limit so syncing stops a little before the cap. */
    dailyReserve: number;
    /** Pause of every worker after a first 418 (banned); doubles with each further ban. */
    banPauseSeconds: number;
    /** Longest pause after a 418. */
    banPauseMaxSeconds: number;
  };
  syncConcurrency: number;
  /** Transactions per database write of the sync (one DB transaction with the cursor advance). */
  syncBatchSize: number;
  resyncIntervalMinutes: number;
  /**
   * How often `/epochs/latest` is read (once for the whole system) to notice an epoch boundary, after
   * which stake wallets read their new rewards; also read right after the cached epoch's end time.
   */
  epochCheckMinutes: number;
  queueBackend: QueueBackendName;
  /**
   * PostgreSQL connections a process may open, at most (pools open connections lazily). Every process
   * of a deployment counts against the server's `max_connections`.
   */
  pools: {
    /** `adafolio api`: Prisma's pool (writes, auth, repositories). */
    api: number;
    /** `adafolio api`: the plain `pg` pool of the portfolio read queries. */
    apiRead: number;
    /** `adafolio worker`: Prisma's pool; unset sizes it from `--jobs` (workerPoolSize). */
    worker: number | undefined;
  };
  supabase: { url: string | undefined; serviceRoleKey: string | undefined; jwtSecret: string | undefined };
  jwtSecret: string;
  port: number;
  host: string;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Fastify `trustProxy` for the API behind a reverse proxy (client IPs from X-Forwarded-For). */
  trustProxy: boolean | string;
  prices: {
    /** Fiat currencies values can be shown in (ADA always can): the price refresh fetches each. */
    currencies: string[];
    /** The deployment's base currency: snapshot values are stored in it. One of `currencies` or ADA. */
    baseCurrency: string;
    /** Sources tried in this order for each (unit, currency, day); the price row names the one that answered. */
    sources: PriceSourceName[];
    coingecko: {
      /** Up to `/api/v3`. */
      baseUrl: string;
      plan: 'public' | 'demo' | 'pro';
      apiKey: string | undefined;
      callsPerMinute: number;
      /** Ask CoinGecko for Cardano tokens it lists (one call per token and currency the first time). */
      tokens: boolean;
    };
    kraken: { baseUrl: string; callsPerSecond: number };
    /** How often the worker refreshes prices (latest, and any day not stored yet). */
    refreshIntervalMinutes: number;
    /** Blockfrost requests a day the DEX pool source may spend on historical pool prices. */
    dexDailyRequests: number;
    /** A token's current pool price is read again only after this many hours (one Blockfrost request each). */
    dexLatestHours: number;
  };
}

const NETWORK_URLS: Record<string, string> = {
  mainnet: 'https://cardano-mainnet.blockfrost.io/api/v0',
  preprod: 'https://cardano-preprod.blockfrost.io/api/v0',
  preview: 'https://cardano-preview.blockfrost.io/api/v0',
};

/** Parses and validates the environment. Throws ConfigError naming the first problem found. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    const message = issue.message.includes(field) ? issue.message : `${field}: ${issue.message}`;
    throw new ConfigError(message);
  }
  const e = parsed.data;
  if (!e.USE_PRISMA) {
    throw new ConfigError(
      'USE_PRISMA=false is not supported: Prisma on PostgreSQL is the only data layer (remove USE_PRISMA or set it to true)',
    );
  }
  const queueBackend: QueueBackendName =
    e.QUEUE_BACKEND ?? (e.USE_BULLMQ ? 'bullmq' : e.USE_PRISMA_QUEUE ? 'prisma' : 'supabase');
  if (queueBackend === 'bullmq' && !e.REDIS_URL) {
    throw new ConfigError('REDIS_URL is required when the BullMQ queue is selected (USE_BULLMQ=true)');
  }
  const production = e.NODE_ENV === 'production';
  if (production && !e.JWT_SECRET) throw new ConfigError('JWT_SECRET is required when NODE_ENV=production');
  if (e.JWT_SECRET !== undefined && e.JWT_SECRET.length < 32) {
    throw new ConfigError('JWT_SECRET must be at least 32 characters');
  }
  if (e.BASE_CURRENCY !== 'ADA' && !e.PRICE_CURRENCIES.includes(e.BASE_CURRENCY)) {
    throw new ConfigError(
      `BASE_CURRENCY must be ADA or one of PRICE_CURRENCIES (${e.PRICE_CURRENCIES.join(', ')}), got "${e.BASE_CURRENCY}"`,
    );
  }
  const projectId = e.BLOCKFROST_PROJECT_ID?.trim() || undefined;
  const simulated = !projectId || projectId === SIMULATOR_PROJECT_ID;
  const networkPrefix = projectId?.match(/^(mainnet|preprod|preview)/)?.[1];
  const bfUrl =
    e.BLOCKFROST_URL ?? (simulated ? SIMULATOR_DEFAULT_URL : NETWORK_URLS[networkPrefix ?? 'mainnet']!);
  return {
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    queueLeaseMs: e.QUEUE_LEASE_MS,
    blockfrost: {
      projectId: projectId ?? SIMULATOR_PROJECT_ID,
      url: bfUrl.replace(/\/+$/, ''),
      simulated,
      rps: e.BLOCKFROST_RPS,
      burst: e.BLOCKFROST_BURST,
      dailyLimit: e.BLOCKFROST_DAILY_LIMIT,
      dailyReserve: e.BLOCKFROST_DAILY_RESERVE,
      banPauseSeconds: e.BLOCKFROST_BAN_PAUSE_SECONDS,
      banPauseMaxSeconds: e.BLOCKFROST_BAN_PAUSE_MAX_SECONDS,
    },
    syncConcurrency: e.SYNC_CONCURRENCY,
    syncBatchSize: e.SYNC_BATCH_SIZE,
    resyncIntervalMinutes: e.RESYNC_INTERVAL_MINUTES,
    epochCheckMinutes: e.EPOCH_CHECK_MINUTES,
    queueBackend,
    pools: {
      api: e.API_DB_POOL_SIZE,
      apiRead: e.API_READ_POOL_SIZE,
      worker: e.WORKER_DB_POOL_SIZE || undefined,
    },
    supabase: {
      url: e.SUPABASE_URL,
      serviceRoleKey: e.SUPABASE_SERVICE_ROLE_KEY,
      jwtSecret: e.SUPABASE_JWT_SECRET,
    },
    // A development secret keeps the demo to one command; production refuses to start without one.
    jwtSecret: e.JWT_SECRET ?? 'adafolio-development-secret-change-me-0000',
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    prices: {
      currencies: e.PRICE_CURRENCIES,
      baseCurrency: e.BASE_CURRENCY,
      sources: e.PRICE_SOURCES,
      coingecko: coingeckoConfig(e, simulated ? new URL(bfUrl).origin : undefined),
      kraken: {
        baseUrl: (
          e.KRAKEN_BASE_URL ?? (simulated ? `${new URL(bfUrl).origin}/kraken` : 'https://api.kraken.com')
        ).replace(/\/+$/, ''),
        callsPerSecond: e.KRAKEN_CALLS_PER_SECOND,
      },
      refreshIntervalMinutes: e.PRICE_REFRESH_INTERVAL_MINUTES,
      dexDailyRequests: e.PRICE_DEX_DAILY_REQUESTS,
      dexLatestHours: e.PRICE_DEX_LATEST_HOURS,
    },
  };
}

/**
 * CoinGecko's plan decides the header, the base URL and the history: no key is the public API (last
 * 365 days); a key is a demo key unless COINGECKO_API_PLAN=pro. On the simulator without a key, the
 * demo uses the simulator's pro endpoint so the generated chain's older history has prices.
 */
function coingeckoConfig(
  e: z.infer<typeof schema>,
  simulatorOrigin: string | undefined,
): AppConfig['prices']['coingecko'] {
  const simulatorPro = simulatorOrigin !== undefined && !e.COINGECKO_API_KEY && !e.COINGECKO_BASE_URL;
  const apiKey = e.COINGECKO_API_KEY ?? (simulatorPro ? SIMULATOR_COINGECKO_KEY : undefined);
  const plan = simulatorPro ? 'pro' : !apiKey ? 'public' : (e.COINGECKO_API_PLAN ?? 'demo');
  if (e.COINGECKO_API_PLAN && !e.COINGECKO_API_KEY) {
    throw new ConfigError('COINGECKO_API_PLAN is set but COINGECKO_API_KEY is not');
  }
  const defaultUrl =
    simulatorOrigin !== undefined
      ? `${simulatorOrigin}/${plan === 'pro' ? 'coingecko-pro' : 'coingecko'}/api/v3`
      : plan === 'pro'
        ? 'https://pro-api.coingecko.com/api/v3'
        : 'https://api.coingecko.com/api/v3';
  return {
    baseUrl: (e.COINGECKO_BASE_URL ?? defaultUrl).replace(/\/+$/, ''),
    plan,
    apiKey,
    // Public: ~10 calls a minute in practice; demo keys 30; pro plans 500 and more.
    callsPerMinute: e.COINGECKO_CALLS_PER_MINUTE || (plan === 'pro' ? 500 : plan === 'demo' ? 30 : 10),
    tokens: e.COINGECKO_TOKENS,
  };
}
