import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiContext } from '../../api-context.js';
import { UnauthorizedError } from '../../errors.js';
import { bearerSecurity, errorResponses } from '../../schemas.js';

/** The signed-in user. */
export const meRoutes: FastifyPluginAsyncZod<{ ctx: ApiContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.authenticate);
  app.get(
    '/',
    {
      schema: {
        tags: ['auth'],
        security: bearerSecurity,
        summary: 'Who am I',
        response: {
          200: z.object({ id: z.string(), primaryAddress: z.string().nullable(), createdAt: z.string() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const user = await ctx.deps.repositories.users.get(request.userId);
      if (!user) throw new UnauthorizedError('invalid_token', 'user no longer exists');
      return { id: user.id, primaryAddress: user.primaryAddress, createdAt: user.createdAt.toISOString() };
    },
  );
};
