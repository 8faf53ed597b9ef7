import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiContext } from '../../api-context.js';
import { endOfDay } from '../../../domain/valuation/as-of.js';
import { BadRequestError, UnprocessableError } from '../../errors.js';
import {
  bearerSecurity,
  errorBodySchema,
  errorResponses,
  isoDate,
  tokenSchema,
  walletIdsQuery,
} from '../../schemas.js';
import { cachedJson } from '../../response-cache.js';
import { resolveWalletScope } from '../../wallet-scope.js';
import { valuationKey, valuationParams } from '../../valuation-params.js';

const currencyQuery = z.string().max(10).optional().meta({
  description: '`ADA` or a configured fiat (default: your preferred currency, else the base currency)',
});
const asOfQuery = z.string().max(10).optional().meta({
  description: 'A past day `YYYY-MM-DD`: as of the end of that day (UTC, or your time zone when set)',
});
const reasonSchema = z.enum(['no_source', 'stale', 'outside_history']);
const changeSchema = z
  .object({
    since: z.string(),
    from: z.string(),
    to: z.string(),
    absolute: z.string(),
    percent: z.string().nullable(),
    comparedUnits: z.number().int(),
  })
  .nullable()
  .meta({
    description:
      "Market change of the holdings: the same quantities at the earlier day's prices and now; units priced at only one moment left out",
  });

const holdingSchema = tokenSchema.extend({
  quantity: z.string().meta({ description: 'Raw integer quantity' }),
  amount: z.string().meta({ description: 'Quantity with decimals applied' }),
  wallets: z.array(
    z.object({ walletAddress: z.string(), quantity: z.string(), amount: z.string(), asOf: z.string() }),
  ),
  price: z
    .string()
    .nullable()
    .meta({ description: 'Per whole token (per ADA for lovelace); null when unpriced' }),
  value: z.string().nullable().meta({ description: 'amount × price, exact; null when unpriced (never 0)' }),
  priceSource: z.string().nullable(),
  priceDate: z
    .string()
    .nullable()
    .meta({ description: 'Day the price is from (a stale price says its date)' }),
  priceStale: z.boolean(),
  priceReason: reasonSchema.nullable(),
});

/** Most buckets one history request may ask for (about five years of days). */
const MAX_BUCKETS = 2000;
const DAY = 86_400_000;

/** Current holdings and their history, from the holdings snapshots the sync writes. */
export const portfolioRoutes: FastifyPluginAsyncZod<{ ctx: ApiContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.authenticate);
  const tags = ['portfolio'];
  const security = bearerSecurity;

  app.get(
    '/',
    {
      schema: {
        tags,
        security,
        summary: 'Current holdings per token across all or some wallets',
        querystring: z.object({ walletIds: walletIdsQuery, currency: currencyQuery, asOf: asOfQuery }),
        response: {
          200: z.object({
            currency: z.string(),
            asOf: z.string().nullable(),
            valuedAt: z.string(),
            holdings: z.array(holdingSchema),
            total: z.object({
              value: z.string().nullable().meta({
                description: 'Sum of the priced holdings; null when something is held and nothing is priced',
              }),
              pricedUnits: z.number().int(),
              unpricedUnits: z.array(
                z.object({ unit: z.string(), reason: reasonSchema, priceDate: z.string().nullable() }),
              ),
            }),
            change24h: changeSchema,
            change7d: changeSchema,
            pricesAvailable: z.boolean(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const params = await valuationParams(ctx, request.userId, request.query);
      return cachedJson(ctx.cache, request, reply, `portfolio:${valuationKey(params)}`, async () => {
        const scope = await resolveWalletScope(ctx, request.userId, request.query.walletIds);
        return ctx.valuation.portfolio(request.userId, scope, params);
      });
    },
  );

  app.get(
    '/history',
    {
      schema: {
        tags,
        security,
        summary:
          'Holdings per token at the end of each day, week or month of a range (for charts), as change points',
        querystring: z.object({
          walletIds: walletIdsQuery,
          from: isoDate.optional().meta({ description: 'Default: one year before `to`' }),
          to: isoDate.optional().meta({ description: 'Default: now' }),
          currency: currencyQuery,
          asOf: asOfQuery.meta({
            description: 'Instead of `to`: the end of that day (UTC or your time zone)',
          }),
          interval: z.enum(['day', 'week', 'month']).default('day'),
          units: z
            .string()
            .max(2000)
            .transform((v) =>
              v
                .split(',')
                .map((u) => u.trim())
                .filter(Boolean),
            )
            .pipe(
              z
                .array(
                  z
                    .string()
                    .regex(/^(lovelace|[0-9a-f]{56}[0-9a-f]{0,64})$/, 'must be lovelace or a token unit'),
                )
                .max(20),
            )
            .optional()
            .meta({
              description:
                'Comma-separated token units to include (a chart of one token needs one); default all',
            }),
        }),
        response: {
          200: z.object({
            interval: z.enum(['day', 'week', 'month']),
            from: z.string(),
            to: z.string(),
            tokens: z.array(tokenSchema),
            buckets: z.array(z.string()).meta({
              description:
                'Start (UTC) of every bucket, oldest first, from the first with data to the one containing `to`',
            }),
            series: z
              .array(
                z.object({
                  unit: z.string(),
                  at: z.array(z.number().int().nonnegative()).meta({
                    description: 'Indexes into `buckets` where the holding changed, ascending',
                  }),
                  amounts: z.array(z.string()).meta({
                    description:
                      'Total held (decimals applied) from bucket `at[i]` until the next change; before `at[0]` nothing',
                  }),
                }),
              )
              .meta({
                description:
                  'One entry per token, in the order of `tokens`: its changes only (values carry over quiet buckets)',
              }),
            values: z.object({
              currency: z.string(),
              totals: z.array(z.string().nullable()).meta({
                description:
                  "Value of the priced holdings at each bucket's last day (the range's end for the last), same order as `buckets`; null where nothing held was priced",
              }),
              unpriced: z.array(z.number().int()).meta({
                description: 'How many held tokens had no price at each bucket (not in `totals`)',
              }),
            }),
          }),
          422: errorBodySchema,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { interval } = request.query;
      const params = await valuationParams(ctx, request.userId, request.query);
      if (params.asOf && request.query.to) throw new BadRequestError('give `asOf` or `to`, not both');
      const to = params.asOf ? endOfDay(params.asOf, params.timeZone) : (request.query.to ?? ctx.now());
      const from = request.query.from ?? new Date(to.getTime() - 365 * DAY);
      if (from.getTime() >= to.getTime()) throw new BadRequestError('`from` must be before `to`');
      const perBucket = interval === 'day' ? DAY : interval === 'week' ? 7 * DAY : 28 * DAY;
      if ((to.getTime() - from.getTime()) / perBucket > MAX_BUCKETS) {
        throw new UnprocessableError(
          'range_too_large',
          `at most ${MAX_BUCKETS} ${interval}s per request; use a longer interval`,
        );
      }
      return cachedJson(ctx.cache, request, reply, `history:${valuationKey(params)}`, async () => {
        const walletAddresses = await resolveWalletScope(ctx, request.userId, request.query.walletIds);
        return ctx.valuation.history(request.userId, {
          from,
          to,
          interval,
          walletAddresses,
          units: request.query.units,
          currency: params.currency,
        });
      });
    },
  );
};
