import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiContext } from '../../api-context.js';
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

const holdingSchema = tokenSchema.extend({
  quantity: z.string().meta({ description: 'Raw integer quantity' }),
  amount: z.string().meta({ description: 'Quantity with decimals applied' }),
  wallets: z.array(
    z.object({ walletAddress: z.string(), quantity: z.string(), amount: z.string(), asOf: z.string() }),
  ),
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
        querystring: z.object({ walletIds: walletIdsQuery }),
        response: { 200: z.object({ holdings: z.array(holdingSchema) }), ...errorResponses },
      },
    },
    async (request, reply) =>
      cachedJson(ctx.cache, request, reply, 'portfolio', async () => {
        const scope = await resolveWalletScope(ctx, request.userId, request.query.walletIds);
        return { holdings: await ctx.portfolio.holdings(request.userId, scope) };
      }),
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
          }),
          422: errorBodySchema,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { interval } = request.query;
      const to = request.query.to ?? ctx.now();
      const from = request.query.from ?? new Date(to.getTime() - 365 * DAY);
      if (from.getTime() >= to.getTime()) throw new BadRequestError('`from` must be before `to`');
      const perBucket = interval === 'day' ? DAY : interval === 'week' ? 7 * DAY : 28 * DAY;
      if ((to.getTime() - from.getTime()) / perBucket > MAX_BUCKETS) {
        throw new UnprocessableError(
          'range_too_large',
          `at most ${MAX_BUCKETS} ${interval}s per request; use a longer interval`,
        );
      }
      return cachedJson(ctx.cache, request, reply, 'history', async () => {
        const walletAddresses = await resolveWalletScope(ctx, request.userId, request.query.walletIds);
        return ctx.portfolio.history(request.userId, {
          from,
          to,
          interval,
          walletAddresses,
          units: request.query.units,
        });
      });
    },
  );
};
