import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiContext } from '../../api-context.js';
import type { TransactionFilter } from '../../../db/repositories/pg-portfolio-read-repository.js';
import { decodeCursor } from '../../../portfolio/transaction-cursor.js';
import { BadRequestError, NotFoundError } from '../../errors.js';
import { bearerSecurity, errorResponses, isoDate, transactionSchema, walletIdsQuery } from '../../schemas.js';
import { cachedJson } from '../../response-cache.js';
import { resolveWalletScope } from '../../wallet-scope.js';

export const transactionFilterQuery = z.object({
  walletIds: walletIdsQuery,
  action: z
    .string()
    .regex(/^[a-z_]{1,40}$/, 'must be an action id such as swap_order')
    .optional(),
  protocol: z
    .string()
    .regex(/^[a-z0-9_.-]{1,40}$/, 'must be a protocol id such as minswap')
    .optional(),
  unit: z
    .string()
    .regex(/^(lovelace|[0-9a-f]{56}([0-9a-f]{0,64}))$/, 'must be lovelace or a policy id + hex asset name')
    .optional(),
  from: isoDate.optional().meta({ description: 'Inclusive' }),
  to: isoDate.optional().meta({ description: 'Exclusive' }),
});

/** Validates and resolves the common filter (wallet ids → the user's addresses). */
export async function toFilter(
  ctx: ApiContext,
  userId: string,
  q: z.infer<typeof transactionFilterQuery>,
): Promise<TransactionFilter> {
  if (q.from && q.to && q.from.getTime() >= q.to.getTime())
    throw new BadRequestError('`from` must be before `to`');
  return {
    walletAddresses: await resolveWalletScope(ctx, userId, q.walletIds),
    action: q.action,
    protocol: q.protocol,
    unit: q.unit,
    from: q.from,
    to: q.to,
  };
}

const actionSchema = z.object({
  id: z.string(),
  walletAddress: z.string(),
  actionType: z.string(),
  protocol: z.string().nullable(),
  status: z.string(),
  description: z.string().nullable(),
  linkKey: z.string().nullable(),
  startedAt: z.string(),
  completedAt: z.string().nullable(),
  transactions: z.array(
    z.object({ id: z.string(), txHash: z.string(), sequenceNumber: z.number().int().nullable() }),
  ),
});

/** Transaction list (filters, cursor pages, newest first), detail, and streamed CSV export. */
export const transactionRoutes: FastifyPluginAsyncZod<{ ctx: ApiContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.authenticate);
  const tags = ['transactions'];
  const security = bearerSecurity;

  app.get(
    '/',
    {
      schema: {
        tags,
        security,
        summary: 'Transactions, newest first, filtered; pass `nextCursor` back as `cursor` for the next page',
        querystring: transactionFilterQuery.extend({
          cursor: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({ items: z.array(transactionSchema), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      let cursor: ReturnType<typeof decodeCursor> = null;
      if (request.query.cursor) {
        cursor = decodeCursor(request.query.cursor);
        if (!cursor) throw new BadRequestError('invalid cursor: pass back the nextCursor of a previous page');
      }
      return cachedJson(ctx.cache, request, reply, 'transactions', async () => {
        const filter = await toFilter(ctx, request.userId, request.query);
        return ctx.portfolio.transactions(request.userId, filter, {
          cursor: cursor ?? undefined,
          limit: request.query.limit,
        });
      });
    },
  );

  app.get(
    '/export.csv',
    {
      schema: {
        tags,
        security,
        summary: 'Every matching transaction as CSV, streamed',
        querystring: transactionFilterQuery,
        produces: ['text/csv'],
        response: { 200: z.string().meta({ description: 'text/csv' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const filter = await toFilter(ctx, request.userId, request.query);
      const lines = ctx.portfolio.csv(request.userId, filter);
      // Take the raw socket: the generator is pulled one page at a time, with backpressure.
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="adafolio-transactions.csv"',
        'x-request-id': String(request.id),
      });
      try {
        for await (const chunk of lines) {
          if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve));
          if (res.destroyed) break;
        }
        res.end();
      } catch (error) {
        request.log.error({ err: error }, 'csv export failed mid-stream');
        res.destroy(error as Error);
      }
    },
  );

  app.get(
    '/:transactionId',
    {
      schema: {
        tags,
        security,
        summary: 'One transaction with its asset flows and the action it belongs to',
        params: z.object({ transactionId: z.string().max(100) }),
        response: {
          200: transactionSchema.extend({ linkedAction: actionSchema.nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const tx = await ctx.portfolio.transactionDetail(request.userId, request.params.transactionId);
      if (!tx) throw new NotFoundError('transaction');
      return {
        ...tx,
        linkedAction: tx.linkedAction
          ? {
              ...tx.linkedAction,
              startedAt: tx.linkedAction.startedAt.toISOString(),
              completedAt: tx.linkedAction.completedAt?.toISOString() ?? null,
            }
          : null,
      };
    },
  );
};
