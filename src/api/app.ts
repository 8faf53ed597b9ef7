import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { PgPriceRepository } from '../db/repositories/pg-price-repository.js';
import { PgUserSettingsRepository } from '../db/repositories/pg-user-settings-repository.js';
import { PortfolioQueryService } from '../portfolio/portfolio-query-service.js';
import { PortfolioValuationService } from '../portfolio/portfolio-valuation-service.js';
import { PriceBookLoader } from '../portfolio/price-book-loader.js';
import { UserSettingsCache } from './user-settings-cache.js';
import { settingsRoutes } from './routes/settings/settings.routes.js';
import type { ApiContext, ApiDeps, ApiOptions } from './api-context.js';
import { createAuthenticate } from './auth/authenticate.js';
import { JwtService } from './auth/jwt-service.js';
import { createSupabaseUserProvisioner } from './auth/supabase-user-provisioner.js';
import { installErrorHandler, notFoundBody } from './error-handler.js';
import { ApiMetrics } from './metrics.js';
import { ResponseCache } from './response-cache.js';
import { analyticsRoutes } from './routes/analytics/analytics.routes.js';
import { authRoutes } from './routes/auth/auth.routes.js';
import { meRoutes } from './routes/auth/me.routes.js';
import { healthRoutes } from './routes/health/health.routes.js';
import { portfolioRoutes } from './routes/portfolio/portfolio.routes.js';
import { transactionRoutes } from './routes/transactions/transactions.routes.js';
import { walletRoutes } from './routes/wallets/wallets.routes.js';
import { stakingRoutes } from './routes/staking/staking.routes.js';
import { gainsRoutes } from './routes/gains/gains.routes.js';
import { GainsService } from '../gains/gains-service.js';
import { GainsWarmer } from '../gains/gains-warmer.js';
import { PgCostBasisRecords } from '../db/repositories/pg-cost-basis-records.js';
import { StakingQueryService } from '../portfolio/staking-query-service.js';
import { PrismaStakingRewardRepository } from '../db/repositories/prisma-staking-reward-repository.js';
import { PgStakePoolStore } from '../db/repositories/pg-stake-pool-store.js';
import { wsRoutes } from './routes/ws/ws.routes.js';

export type { ApiDeps, ApiOptions } from './api-context.js';

/**
 * Builds the HTTP API (not listening yet): shared infrastructure first (logging with request ids,
 * zod compilers, error handler, rate limit, OpenAPI, metrics, WebSocket), then one encapsulated
 * plugin per route group. Everything outside the process is injected through `deps`.
 */
export async function buildApp(options: ApiOptions, deps: ApiDeps): Promise<FastifyInstance> {
  const now = deps.now ?? (() => new Date());
  const app = Fastify({
    logger: {
      level: options.logLevel ?? 'info',
      serializers: {
        // The WebSocket token may travel as ?token=: keep it (and headers) out of the access log.
        req: (req: { method: string; url: string; ip?: string }) => ({
          method: req.method,
          url: req.url.replace(/([?&]token=)[^&]*/, '$1[redacted]'),
          remoteAddress: req.ip,
        }),
      },
    },
    bodyLimit: options.bodyLimit ?? 64 * 1024,
    trustProxy: options.trustProxy ?? false,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const jwt = new JwtService(
    {
      secret: options.jwtSecret,
      supabaseSecret: options.supabaseJwtSecret,
      accessTtlSeconds: options.accessTtlSeconds,
      refreshTtlSeconds: options.refreshTtlSeconds,
    },
    { now },
  );
  const metrics = new ApiMetrics({
    jobQueue: deps.jobQueue,
    usage: deps.usage,
    syncDurations: deps.syncDurations ?? deps.reader,
    now,
  });
  const cache = options.responseCache === false ? undefined : new ResponseCache(options.responseCache ?? {});
  const readPool = deps.reader.pool;
  const priceRows = deps.prices ?? (readPool ? new PgPriceRepository(readPool) : undefined);
  const settingsRows = deps.userSettings ?? (readPool ? new PgUserSettingsRepository(readPool) : undefined);
  if (!priceRows || !settingsRows || !readPool)
    throw new Error(
      'buildApp: the read repository must run on a pg pool (prices, settings and staking read it)',
    );
  const portfolio = new PortfolioQueryService({ reader: deps.reader });
  const prices = new PriceBookLoader({ prices: priceRows, now });
  const ctx: ApiContext = {
    options: {
      challengeTtlSeconds: 300,
      authRateLimit: { max: 20, timeWindowMs: 60_000 },
      heartbeatMs: 30_000,
      ...options,
    },
    deps,
    now,
    jwt,
    portfolio,
    valuation: new PortfolioValuationService({ portfolio, books: prices, now, logger: app.log }),
    prices,
    staking: new StakingQueryService({
      rewards: new PrismaStakingRewardRepository(deps.prisma, readPool),
      pools: new PgStakePoolStore(readPool),
      books: prices,
      wallets: deps.repositories.wallets,
    }),
    gains: new GainsService(
      {
        records: new PgCostBasisRecords(readPool),
        rewards: new PrismaStakingRewardRepository(deps.prisma, readPool),
        tokens: deps.reader,
        books: prices,
        wallets: deps.repositories.wallets,
      },
      options.gainsCheckpointEvery ? { checkpointEvery: options.gainsCheckpointEvery } : {},
    ),
    userSettings: new UserSettingsCache(settingsRows),
    valuationOptions: {
      currencies: options.currencies ?? ['USD', 'EUR', 'GBP', 'JPY'],
      baseCurrency: options.baseCurrency ?? 'USD',
    },
    metrics,
    cache,
    authenticate: createAuthenticate(jwt, createSupabaseUserProvisioner(deps.prisma)),
  };

  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  // After a sync, the user's cost basis held here is brought up to date in the background
  // (incrementally), so their next gains report need not compute.
  const gainsWarmer = new GainsWarmer(
    async (userId) => {
      for (const r of await ctx.gains.refreshCached(userId)) {
        metrics.gainsWarmupComputations.inc({ mode: r.mode });
        app.log.debug(
          {
            userId,
            method: r.settings.method,
            currency: r.settings.currency,
            mode: r.mode,
            resumedAt: r.resumedAt,
            events: r.events,
            durationMs: Math.round(r.durationMs),
          },
          'gains warm-up',
        );
      }
    },
    (userId, err) => app.log.warn({ err, userId }, 'gains warm-up failed'),
    options.gainsWarmup ?? {},
  );
  metrics.watchGainsWarmer(gainsWarmer);
  if (cache) metrics.watchCache(cache);
  const unsubscribe = await deps.eventBus.subscribe((event) => {
    // Only users with a result held here: nobody looks at the others' gains.
    if (event.type === 'wallet_updated' && ctx.gains.cachedSettings(event.userId).length > 0)
      gainsWarmer.touch(event.userId);
    if (!cache) return;
    // New prices: every price history this process holds is out of date, not only this user's.
    if (event.type === 'prices_updated') ctx.prices.invalidate();
    // Any event of a user means a sync is writing that user's records: drop the user's cached reads.
    cache.invalidateUser(event.userId);
  });
  app.addHook('onClose', async () => {
    unsubscribe();
    await gainsWarmer.close();
  });

  await app.register(cors, { origin: true, exposedHeaders: ['x-request-id'] });
  // Only routes that opt in (auth) are limited, per client IP: in Redis when given (every API process
  // counts together; a Redis outage lets requests through rather than locking sign-in), else in memory.
  const store = deps.rateLimitStore;
  await app.register(rateLimit, {
    global: false,
    ...(store
      ? { redis: store.redis, nameSpace: `${store.prefix ?? 'adafolio:'}rate-limit:`, skipOnError: true }
      : {}),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Adafolio API',
        version: '1.0.0',
        description:
          'Multi-user Cardano portfolio tracker. Sign in with a wallet (CIP-30 signData) to get a bearer token.',
      },
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      tags: [
        { name: 'auth' },
        { name: 'wallets' },
        { name: 'portfolio' },
        { name: 'transactions' },
        { name: 'analytics' },
        { name: 'realtime' },
        { name: 'ops' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(websocket, {
    options: {
      maxPayload: 4096,
      // Echo our protocol when the client offered it next to its bearer.<token> entry.
      handleProtocols: (protocols) => (protocols.has('adafolio.v1') ? 'adafolio.v1' : false),
    },
  });

  await app.register(healthRoutes, { ctx });
  await app.register(authRoutes, { ctx, prefix: '/auth' });
  await app.register(meRoutes, { ctx, prefix: '/api/me' });
  await app.register(settingsRoutes, { ctx, prefix: '/api/me/settings' });
  await app.register(walletRoutes, { ctx, prefix: '/api/wallets' });
  await app.register(portfolioRoutes, { ctx, prefix: '/api/portfolio' });
  await app.register(transactionRoutes, { ctx, prefix: '/api/transactions' });
  await app.register(analyticsRoutes, { ctx, prefix: '/api/analytics' });
  await app.register(stakingRoutes, { ctx, prefix: '/api/staking' });
  await app.register(gainsRoutes, { ctx, prefix: '/api/gains' });
  await app.register(wsRoutes, { ctx });

  // The built dashboard at `/`; its client-side routes fall back to index.html, while API paths keep
  // their JSON 404.
  const webDist = resolve(options.webDistDir ?? 'web/dist');
  const spa = existsSync(resolve(webDist, 'index.html'));
  if (spa) await app.register(fastifyStatic, { root: webDist, prefix: '/', wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (spa && request.method === 'GET' && !/^\/(api|auth|ws|docs)(\/|$)/.test(path)) {
      return reply.sendFile('index.html');
    }
    return reply.status(404).send(notFoundBody(request.method, request.url, String(request.id)));
  });
  return app;
}
