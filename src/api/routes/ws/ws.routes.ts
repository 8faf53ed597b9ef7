import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import '@fastify/websocket';
import { z } from 'zod';
import { errorBodySchema } from '../../schemas.js';
import type { ApiContext } from '../../api-context.js';
import { UnauthorizedError } from '../../errors.js';
import { WsRelay } from '../../ws/ws-relay.js';

/** Subprotocol a browser offers next to its token: `new WebSocket(url, ['adafolio.v1', 'bearer.' + jwt])`. */
export const WS_PROTOCOL = 'adafolio.v1';

function tokenFrom(request: FastifyRequest): string | undefined {
  const query = request.query as Record<string, unknown>;
  if (typeof query.token === 'string' && query.token) return query.token;
  const offered = String(request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim());
  const bearer = offered.find((p) => p.startsWith('bearer.'));
  return bearer ? bearer.slice('bearer.'.length) : undefined;
}

/**
 * `/ws`: the JWT is verified before the upgrade (401 otherwise); the socket then receives only its
 * user's events: `{type, payload, publishedAt}` with type sync_progress | wallet_updated | sync_failed.
 * Server pings keep it alive; clients re-read state over REST after reconnecting.
 */
export const wsRoutes: FastifyPluginAsync<{ ctx: ApiContext }> = async (app, { ctx }) => {
  const relay = new WsRelay(
    { heartbeatMs: ctx.options.heartbeatMs },
    {
      bus: ctx.deps.eventBus,
      onSent: (type) => ctx.metrics.wsEventsSent.inc({ type }),
      onConnectionsChanged: (n) => ctx.metrics.wsConnections.set(n),
      log: app.log,
    },
  );
  await relay.start();
  app.addHook('onClose', async () => relay.close());

  // `handler` + `wsHandler` (rather than `websocket: true`, which the plugin hides from OpenAPI):
  // an upgrade goes to wsHandler, a plain GET gets a JSON 426.
  app.route({
    method: 'GET',
    url: '/ws',
    schema: {
      tags: ['realtime'],
      summary:
        'WebSocket of your sync events (sync_progress, wallet_updated, sync_failed). Token as ?token= or subprotocols ["adafolio.v1", "bearer.<token>"]',
      querystring: z.object({ token: z.string().max(4000).optional() }),
      response: {
        101: z
          .null()
          .meta({ description: 'Switching protocols; then JSON frames {type, payload, publishedAt}' }),
        401: errorBodySchema,
        426: errorBodySchema,
      },
    },
    preValidation: async (request) => {
      const token = tokenFrom(request);
      if (!token) {
        throw new UnauthorizedError(
          'missing_token',
          'pass the access token as ?token= or subprotocol bearer.<token>',
        );
      }
      request.userId = (await ctx.jwt.verifyAccess(token)).userId;
    },
    handler: async (request, reply) =>
      reply
        .status(426)
        .header('upgrade', 'websocket')
        .send({
          error: 'upgrade_required',
          message: 'connect with a WebSocket client',
          statusCode: 426,
          requestId: String(request.id),
        }),
    wsHandler: (socket, request) => {
      relay.add(request.userId, socket);
      socket.send(JSON.stringify({ type: 'hello', payload: { userId: request.userId } }));
      // Clients may send "ping" text frames (browsers cannot send protocol pings).
      socket.on('message', (data) => {
        if (String(data) === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
      });
    },
  });
};
