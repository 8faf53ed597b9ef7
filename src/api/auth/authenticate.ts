import type { FastifyRequest, preHandlerHookHandler } from 'fastify';
import { UnauthorizedError } from '../errors.js';
import type { JwtService } from './jwt-service.js';

/** Reads `Authorization: Bearer <jwt>`; nothing else (no cookies, no query) for REST routes. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new UnauthorizedError('invalid_token', 'Authorization header must be "Bearer <token>"');
  return match[1];
}

/**
 * preHandler that verifies the token and sets request.userId. `ensureUser` makes sure a user row exists
 * for accepted Supabase tokens (their users are created by Supabase Auth, not by our sign-in).
 */
export function createAuthenticate(
  jwt: JwtService,
  ensureUser: (userId: string) => Promise<void>,
): preHandlerHookHandler {
  return async (request) => {
    const token = bearerToken(request);
    if (!token) throw new UnauthorizedError('missing_token', 'sign in first: missing bearer token');
    const principal = await jwt.verifyAccess(token);
    if (principal.source === 'supabase') await ensureUser(principal.userId);
    request.userId = principal.userId;
  };
}
