import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiContext } from '../../api-context.js';
import { BadRequestError } from '../../errors.js';
import { bearerSecurity, errorResponses, isoDate, walletIdsQuery } from '../../schemas.js';
import { cachedJson } from '../../response-cache.js';
import { valuationKey, valuationParams } from '../../valuation-params.js';
import { resolveWalletScope } from '../../wallet-scope.js';
import type { StakingQuery } from '../../../portfolio/staking-query-service.js';

const REWARD_TYPES = ['member', 'leader', 'pool_deposit_refund', 'mir'] as const;

const stakingQuery = z.object({
  walletIds: walletIdsQuery,
  currency: z.string().max(10).optional(),
  from: isoDate.optional().meta({ description: 'Spendable from (inclusive)' }),
  to: isoDate.optional().meta({ description: 'Spendable before (exclusive)' }),
  types: z
    .string()
    .max(200)
    .transform((s) => s.split(',').map((t) => t.trim()))
    .pipe(z.array(z.enum(REWARD_TYPES)))
    .optional()
    .meta({ description: `Comma-separated: ${REWARD_TYPES.join(', ')}` }),
});

const total = {
  count: z.number().int(),
  amountLovelace: z.string(),
  value: z.string().nullable(),
  unpriced: z.number().int(),
};

const ledgerSchema = z
  .object({
    status: z.enum(['matched', 'mismatch']),
    rewardsLovelace: z.string(),
    mirLovelace: z.string(),
    withdrawnLovelace: z.string(),
    computedLovelace: z.string(),
    withdrawableLovelace: z.string(),
    differenceLovelace: z.string(),
    gapEpochs: z.array(z.number().int()),
  })
  .nullable();

const stakingResponse = z.object({
  currency: z.string(),
  epochsPerYear: z.number(),
  delegations: z.array(
    z.object({
      walletId: z.string(),
      walletAddress: z.string(),
      label: z.string().nullable(),
      poolId: z.string().nullable(),
      poolLabel: z.string().nullable(),
      poolMetadataError: z.string().nullable(),
      activeEpoch: z.number().int().nullable(),
      activeStakeLovelace: z.string().nullable(),
      ledger: ledgerSchema,
    }),
  ),
  rewards: z.array(
    z.object({
      walletAddress: z.string(),
      epoch: z.number().int(),
      spendableEpoch: z.number().int(),
      spendableAt: z.string(),
      type: z.enum(REWARD_TYPES),
      poolId: z.string().nullable(),
      poolLabel: z.string().nullable(),
      amountLovelace: z.string(),
      price: z.string().nullable(),
      value: z.string().nullable(),
      priceDate: z.string().nullable(),
      unpricedReason: z.string().nullable(),
      activeStakeLovelace: z.string().nullable(),
      annualisedYield: z.string().nullable(),
      poolAnnualisedYield: z.string().nullable(),
    }),
  ),
  byEpoch: z.array(
    z.object({
      epoch: z.number().int(),
      ...total,
      annualisedYield: z.string().nullable(),
      poolAnnualisedYield: z.string().nullable(),
    }),
  ),
  byPool: z.array(z.object({ poolId: z.string().nullable(), poolLabel: z.string().nullable(), ...total })),
  byYear: z.array(z.object({ year: z.number().int(), ...total })),
  total: z.object(total),
});

async function toQuery(
  ctx: ApiContext,
  userId: string,
  q: z.infer<typeof stakingQuery>,
): Promise<{ query: StakingQuery; key: string }> {
  if (q.from && q.to && q.from.getTime() >= q.to.getTime())
    throw new BadRequestError('`from` must be before `to`');
  const params = await valuationParams(ctx, userId, { currency: q.currency });
  const walletAddresses = await resolveWalletScope(ctx, userId, q.walletIds);
  return {
    query: {
      currency: params.currency,
      ...(params.timeZone ? { timeZone: params.timeZone } : {}),
      ...(walletAddresses ? { walletAddresses } : {}),
      ...(q.from ? { from: q.from } : {}),
      ...(q.to ? { to: q.to } : {}),
      ...(q.types ? { types: q.types } : {}),
    },
    key: valuationKey(params),
  };
}

/** Staking rewards per epoch, pool and year, valued at receipt; current delegations; CSV export. */
export const stakingRoutes: FastifyPluginAsyncZod<{ ctx: ApiContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.authenticate);
  const tags = ['staking'];
  const security = bearerSecurity;

  app.get(
    '/',
    {
      schema: {
        tags,
        security,
        summary:
          'Staking rewards (each valued when it became spendable), totals per epoch/pool/year, yields, delegations',
        querystring: stakingQuery,
        response: { 200: stakingResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { query, key } = await toQuery(ctx, request.userId, request.query);
      return cachedJson(ctx.cache, request, reply, `staking:${key}`, () =>
        ctx.staking.report(request.userId, query),
      );
    },
  );

  app.get(
    '/rewards.csv',
    {
      schema: {
        tags,
        security,
        summary: 'Every matching reward as CSV, with its value at receipt',
        querystring: stakingQuery,
        produces: ['text/csv'],
        response: { 200: z.string().meta({ description: 'text/csv' }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { query } = await toQuery(ctx, request.userId, request.query);
      let body = '';
      for await (const line of ctx.staking.csv(request.userId, query)) body += line;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="adafolio-staking-rewards.csv"')
        .send(body);
    },
  );
};
