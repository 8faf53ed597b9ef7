import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiContext } from '../../api-context.js';
import { cachedJson } from '../../response-cache.js';
import { bearerSecurity, errorResponses } from '../../schemas.js';
import { toFilter, transactionFilterQuery } from '../transactions/transactions.routes.js';

const bucket = z.object({
  key: z.string().nullable().meta({ description: 'Action, protocol (null = none) or YYYY-MM' }),
  count: z.number().int(),
  inflowLovelace: z.string(),
  outflowLovelace: z.string(),
  feesLovelace: z.string(),
});

/** Counts and ADA volumes by action, protocol and month. */
export const analyticsRoutes: FastifyPluginAsyncZod<{ ctx: ApiContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.authenticate);
  app.get(
    '/',
    {
      schema: {
        tags: ['analytics'],
        security: bearerSecurity,
        summary: 'Transaction counts and volumes grouped by action, protocol and month',
        querystring: transactionFilterQuery,
        response: {
          200: z.object({ byAction: z.array(bucket), byProtocol: z.array(bucket), byMonth: z.array(bucket) }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) =>
      cachedJson(ctx.cache, request, reply, 'analytics', async () =>
        ctx.portfolio.analytics(request.userId, await toFilter(ctx, request.userId, request.query)),
      ),
  );
};
