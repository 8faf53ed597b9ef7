import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EXPORT_FORMATS, exportCsv, type ExportFormat } from '../../../gains/gains-export.js';
import type { GainsScope } from '../../../gains/gains-service.js';
import { GainsInputError, resolveCostBasisSettings } from '../../../gains/gains-settings.js';
import { periodScope, resolvePeriod } from '../../../gains/gains-period.js';
import { gainsView } from '../../../gains/gains-view.js';
import type { ApiContext } from '../../api-context.js';
import { BadRequestError } from '../../errors.js';
import { bearerSecurity, errorResponses, walletIdsQuery } from '../../schemas.js';
import { cachedJson } from '../../response-cache.js';
import { valuationParams } from '../../valuation-params.js';
import { resolveWalletScope } from '../../wallet-scope.js';

const gainsQuery = z.object({
  method: z.string().max(20).optional().meta({ description: 'fifo, lifo, hifo, average or uk' }),
  currency: z.string().max(10).optional(),
  year: z.string().max(8).optional().meta({ description: 'Tax-year label: the year the tax year starts in' }),
  from: z.string().max(10).optional().meta({ description: 'YYYY-MM-DD (inclusive, UTC)' }),
  to: z.string().max(10).optional().meta({ description: 'YYYY-MM-DD (exclusive, UTC)' }),
  walletIds: walletIdsQuery,
  rewardPolicy: z.string().max(20).optional().meta({ description: 'when_earned or when_withdrawn' }),
  feePolicy: z.string().max(20).optional().meta({ description: 'add_to_basis or disposal' }),
  taxYearStart: z.string().max(5).optional().meta({ description: 'M-D, e.g. 4-6 (UK), 7-1 (AU)' }),
});
const exportQuery = gainsQuery.extend({
  format: z
    .string()
    .max(20)
    .meta({ description: EXPORT_FORMATS.join(', ') }),
});

const money = z.string();
const gainsResponse = z.object({
  method: z.string(),
  currency: z.string(),
  taxYearStart: z.string(),
  rewardPolicy: z.string(),
  feePolicy: z.string(),
  period: z.object({
    year: z.number().int().nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
  }),
  disposals: z.array(
    z.object({
      eventId: z.string(),
      txHash: z.string().nullable(),
      walletId: z.string().nullable(),
      walletAddress: z.string(),
      unit: z.string(),
      ticker: z.string().nullable(),
      name: z.string().nullable(),
      quantity: z.string(),
      dateAcquired: z.string().nullable(),
      dateSold: z.string(),
      proceeds: money,
      cost: money,
      gain: money,
      term: z.enum(['short', 'long', 'n/a']),
      flags: z.array(z.string()),
    }),
  ),
  realized: z.object({
    proceeds: money,
    cost: money,
    gain: money,
    shortTermGain: money,
    longTermGain: money,
    byToken: z.array(
      z.object({
        unit: z.string(),
        ticker: z.string().nullable(),
        name: z.string().nullable(),
        quantity: z.string(),
        proceeds: money,
        cost: money,
        gain: money,
      }),
    ),
    byYear: z.array(z.object({ year: z.number().int(), proceeds: money, cost: money, gain: money })),
  }),
  unrealized: z.object({
    cost: money,
    value: money,
    gain: money,
    unpriced: z.number().int(),
    byToken: z.array(
      z.object({
        unit: z.string(),
        ticker: z.string().nullable(),
        name: z.string().nullable(),
        quantity: z.string(),
        cost: money,
        value: money.nullable(),
        gain: money.nullable(),
      }),
    ),
  }),
  income: z.object({
    total: money,
    byYear: z.array(z.object({ year: z.number().int(), count: z.number().int(), value: money })),
    rows: z.array(
      z.object({
        eventId: z.string(),
        walletAddress: z.string(),
        date: z.string(),
        unit: z.string(),
        quantity: z.string(),
        value: money,
        missingPrice: z.boolean(),
      }),
    ),
  }),
  warnings: z.array(
    z.object({
      kind: z.enum(['missing_basis', 'missing_price']),
      eventId: z.string(),
      txHash: z.string().nullable(),
      walletAddress: z.string(),
      time: z.string(),
      unit: z.string(),
      ticker: z.string().nullable(),
      quantity: z.string(),
    }),
  ),
  counts: z.object({
    missingBasis: z.number().int(),
    missingPrice: z.number().int(),
    events: z.number().int(),
  }),
});

type GainsQuery = z.infer<typeof gainsQuery>;

/** Settings, period and wallets of a gains request; 400s name what is accepted. */
async function resolve(ctx: ApiContext, userId: string, q: GainsQuery) {
  const { currency } = await valuationParams(ctx, userId, { currency: q.currency });
  const saved = await ctx.userSettings.get(userId);
  try {
    const settings = resolveCostBasisSettings(saved, q, currency);
    const period = resolvePeriod(q, settings.taxYearStart);
    const walletAddresses = await resolveWalletScope(ctx, userId, q.walletIds);
    const scope: GainsScope = {
      ...periodScope(period),
      ...(walletAddresses ? { walletAddresses } : {}),
    };
    return { settings, scope, period, walletAddresses };
  } catch (error) {
    if (error instanceof GainsInputError)
      throw new BadRequestError(error.message, error.accepted ? { accepted: error.accepted } : undefined);
    throw error;
  }
}

/** Cost basis, realized and unrealized gains, staking income, warnings; tax-tool exports (docs/gains-api.md). */
export const gainsRoutes: FastifyPluginAsyncZod<{ ctx: ApiContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.authenticate);
  const tags = ['gains'];

  app.get(
    '/',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Realized gains per disposal, unrealized gains per token, income per year, warnings',
        querystring: gainsQuery,
        response: { 200: gainsResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { settings, scope, period } = await resolve(ctx, request.userId, request.query);
      const wallets = await ctx.deps.repositories.wallets.list(request.userId);
      const ids = new Map(wallets.map((w) => [w.address, w.id]));
      const key = `gains:${JSON.stringify([settings, scope])}`;
      return cachedJson(ctx.cache, request, reply, key, async () => {
        const computed = await ctx.gains.compute(request.userId, settings, scope);
        // How this answer was reached (absent when it came from the response cache, `x-cache: hit`).
        reply.header('x-gains-compute', computed.mode);
        return gainsView(computed, period, ids);
      });
    },
  );

  app.get(
    '/export',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Koinly, CoinTracker, ledger or Form 8949-style CSV for a period (streamed)',
        querystring: exportQuery,
        produces: ['text/csv'],
        response: { 200: z.string().meta({ description: 'text/csv' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const format = request.query.format.toLowerCase();
      if (!(EXPORT_FORMATS as readonly string[]).includes(format))
        throw new BadRequestError(`format must be one of ${EXPORT_FORMATS.join(', ')}`, {
          accepted: EXPORT_FORMATS,
        });
      const { settings, scope, period, walletAddresses } = await resolve(ctx, request.userId, request.query);
      const computed = await ctx.gains.compute(request.userId, settings, scope);
      const lines = exportCsv(computed, format as ExportFormat, {
        from: period.from,
        to: period.to,
        wallets: walletAddresses ? new Set(walletAddresses) : null,
      });
      const label = period.year ?? (period.from !== null || period.to !== null ? 'range' : 'all');
      // Take the raw socket and write in chunks with backpressure (as the transactions CSV does).
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="adafolio-${format}-${label}.csv"`,
        'x-request-id': String(request.id),
        'x-gains-compute': computed.mode,
      });
      try {
        let chunk = '';
        for (const line of lines) {
          chunk += line;
          if (chunk.length < 64 * 1024) continue;
          const ok = res.write(chunk);
          chunk = '';
          if (!ok) await new Promise<void>((done) => res.once('drain', done));
          if (res.destroyed) return;
        }
        res.end(chunk);
      } catch (error) {
        request.log.error({ err: error }, 'gains export failed mid-stream');
        res.destroy(error as Error);
      }
    },
  );
};
