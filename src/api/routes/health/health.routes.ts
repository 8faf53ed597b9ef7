import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiContext } from '../../api-context.js';

const checkSchema = z.object({ ok: z.boolean(), ms: z.number(), error: z.string().optional() });

/** Liveness, readiness (database, event bus/Redis, queue) and Prometheus metrics. */
export const healthRoutes: FastifyPluginAsyncZod<{ ctx: ApiContext }> = async (app, { ctx }) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['ops'],
        summary: 'Liveness: the process answers',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['ops'],
        summary: 'Readiness: database, event bus (Redis or PostgreSQL) and queue reachable',
        response: {
          200: z.object({ status: z.literal('ready'), checks: z.record(z.string(), checkSchema) }),
          503: z.object({ status: z.literal('unavailable'), checks: z.record(z.string(), checkSchema) }),
        },
      },
    },
    async (_request, reply) => {
      const checks: Record<string, () => Promise<unknown>> = {
        database: () => ctx.deps.prisma.$queryRaw`SELECT 1`,
        eventBus: () => ctx.deps.eventBus.ping(),
        queue: () => ctx.deps.jobQueue.depth(),
        ...ctx.deps.readinessChecks,
      };
      const results: Record<string, z.infer<typeof checkSchema>> = {};
      await Promise.all(
        Object.entries(checks).map(async ([name, check]) => {
          const started = performance.now();
          try {
            await withTimeout(check(), 2000);
            results[name] = { ok: true, ms: Math.round(performance.now() - started) };
          } catch (error) {
            results[name] = {
              ok: false,
              ms: Math.round(performance.now() - started),
              error: (error as Error).message,
            };
          }
        }),
      );
      const ready = Object.values(results).every((r) => r.ok);
      return ready
        ? reply.status(200).send({ status: 'ready' as const, checks: results })
        : reply.status(503).send({ status: 'unavailable' as const, checks: results });
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['ops'],
        summary: 'Prometheus metrics (HTTP, queue depth, sync durations, Blockfrost usage, WebSocket, cache)',
        produces: ['text/plain'],
        response: { 200: z.string().meta({ description: 'Prometheus text format' }) },
      },
    },
    async (_request, reply) => {
      const body = await ctx.metrics.registry.metrics();
      return reply.type(ctx.metrics.registry.contentType).send(body);
    },
  );
};

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e) => (clearTimeout(timer), reject(e)),
    );
  });
}
