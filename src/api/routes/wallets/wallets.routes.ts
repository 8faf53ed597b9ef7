import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiContext } from '../../api-context.js';
import type { Wallet } from '../../../db/repositories/index.js';
import { WalletAlreadyLinkedError } from '../../../db/repositories/index.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { bearerSecurity, errorBodySchema, errorResponses } from '../../schemas.js';
import { parseWalletAddressInput } from '../../wallet-address.js';

const reconciliationSchema = z.object({
  status: z.enum(['matched', 'mismatch']),
  computedLovelace: z.string(),
  chainLovelace: z.string(),
  differenceLovelace: z.string(),
  checkedAt: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

const walletSchema = z.object({
  id: z.string(),
  address: z.string(),
  kind: z.enum(['payment', 'stake']),
  label: z.string().nullable(),
  lastSyncedAt: z.string().nullable(),
  syncedToBlock: z.number().int().nullable(),
  reconciliationStatus: z.enum(['matched', 'mismatch']).nullable(),
  createdAt: z.string(),
});

const jobSchema = z.object({
  id: z.string(),
  status: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});

const params = z.object({ walletId: z.string().max(100) });
const label = z.string().trim().min(1).max(100).nullable();

function view(w: Wallet): z.infer<typeof walletSchema> {
  return {
    id: w.id,
    address: w.address,
    kind: w.kind,
    label: w.label,
    lastSyncedAt: w.lastSyncedAt?.toISOString() ?? null,
    syncedToBlock: w.cursor?.blockHeight ?? null,
    reconciliationStatus: w.reconciliation?.status ?? null,
    createdAt: w.createdAt.toISOString(),
  };
}

/** The signed-in user's wallets: list, add, rename, remove, sync, jobs, reconciliation. */
export const walletRoutes: FastifyPluginAsyncZod<{ ctx: ApiContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.authenticate);
  const wallets = ctx.deps.repositories.wallets;
  const tags = ['wallets'];
  const security = bearerSecurity;

  const owned = async (userId: string, walletId: string) => {
    const w = await wallets.get(userId, walletId);
    if (!w) throw new NotFoundError('wallet'); // another user's wallet is indistinguishable from none
    return w;
  };

  app.get(
    '/',
    {
      schema: {
        tags,
        security,
        summary: 'List your wallets',
        response: { 200: z.object({ wallets: z.array(walletSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ wallets: (await wallets.list(request.userId)).map(view) }),
  );

  app.post(
    '/',
    {
      schema: {
        tags,
        security,
        summary: 'Add a wallet (addr1… payment address or stake1… stake account) and start its first sync',
        body: z.object({ address: z.string().min(1).max(200), label: label.optional() }),
        response: {
          201: z.object({
            wallet: walletSchema,
            sync: z.object({ jobId: z.string(), joined: z.boolean() }).nullable(),
          }),
          409: errorBodySchema,
          422: errorBodySchema,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { address, kind } = parseWalletAddressInput(request.body.address);
      let wallet: Wallet;
      try {
        wallet = await wallets.add(request.userId, { address, kind, label: request.body.label ?? null });
      } catch (error) {
        if (error instanceof WalletAlreadyLinkedError)
          throw new ConflictError('you already track this wallet', { address });
        throw error;
      }
      ctx.cache?.invalidateUser(request.userId);
      let sync: { jobId: string; joined: boolean } | null = null;
      try {
        sync = await ctx.deps.jobQueue.requestSync({
          userId: request.userId,
          walletId: wallet.id,
          walletAddress: address,
        });
      } catch (error) {
        // The wallet is stored; the periodic resync or a manual trigger will pick it up.
        request.log.warn({ err: error }, 'could not enqueue the first sync');
      }
      return reply.status(201).send({ wallet: view(wallet), sync });
    },
  );

  app.patch(
    '/:walletId',
    {
      schema: {
        tags,
        security,
        summary: 'Rename a wallet (label null clears it)',
        params,
        body: z.object({ label }),
        response: { 200: z.object({ wallet: walletSchema }), ...errorResponses },
      },
    },
    async (request) => {
      const w = await wallets.rename(request.userId, request.params.walletId, request.body.label);
      if (!w) throw new NotFoundError('wallet');
      return { wallet: view(w) };
    },
  );

  app.delete(
    '/:walletId',
    {
      schema: {
        tags,
        security,
        summary: 'Remove a wallet and all its records',
        params,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      if (!(await wallets.remove(request.userId, request.params.walletId))) throw new NotFoundError('wallet');
      // The removal is done; a relabel that fails leaves labels stale, not the request failed.
      await ctx.deps
        .onWalletRemoved?.(request.userId)
        .catch((err: unknown) =>
          request.log.warn({ err }, 'relabelling internal transfers after a wallet removal failed'),
        );
      ctx.cache?.invalidateUser(request.userId);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/:walletId/sync',
    {
      schema: {
        tags,
        security,
        summary: 'Trigger a sync (joins the running one if any)',
        params,
        response: { 202: z.object({ jobId: z.string(), joined: z.boolean() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const w = await owned(request.userId, request.params.walletId);
      const job = await ctx.deps.jobQueue.requestSync({
        userId: request.userId,
        walletId: w.id,
        walletAddress: w.address,
      });
      return reply.status(202).send(job);
    },
  );

  app.get(
    '/:walletId/sync',
    {
      schema: {
        tags,
        security,
        summary: 'Sync status and recent jobs of a wallet',
        params,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(100).default(10) }),
        response: {
          200: z.object({
            walletId: z.string(),
            lastSyncedAt: z.string().nullable(),
            syncedToBlock: z.number().int().nullable(),
            jobs: z.array(jobSchema),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const w = await owned(request.userId, request.params.walletId);
      const jobs = await ctx.deps.jobQueue.recentJobs(request.userId, w.address, request.query.limit);
      return {
        walletId: w.id,
        lastSyncedAt: w.lastSyncedAt?.toISOString() ?? null,
        syncedToBlock: w.cursor?.blockHeight ?? null,
        jobs,
      };
    },
  );

  app.get(
    '/:walletId/reconciliation',
    {
      schema: {
        tags,
        security,
        summary: 'Result of the last reconciliation against the chain (null before the first)',
        params,
        response: {
          200: z.object({ walletId: z.string(), reconciliation: reconciliationSchema.nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const w = await owned(request.userId, request.params.walletId);
      return { walletId: w.id, reconciliation: w.reconciliation };
    },
  );
};
