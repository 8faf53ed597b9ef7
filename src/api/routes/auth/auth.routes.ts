import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiContext } from '../../api-context.js';
import { challengeMessage, checkCip30Signature } from '../../auth/cip30-signature.js';
import { UnauthorizedError } from '../../errors.js';
import { errorBodySchema } from '../../schemas.js';
import { parseWalletAddressInput } from '../../wallet-address.js';

const tokenPairSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().meta({ description: 'Access token lifetime in seconds' }),
});

const hex = (max: number) =>
  z
    .string()
    .regex(/^[0-9a-fA-F]+$/, 'must be hex')
    .max(max);

/** Sign in with a Cardano wallet (CIP-30 signData over a single-use challenge) and token refresh. */
export const authRoutes: FastifyPluginAsyncZod<{ ctx: ApiContext }> = async (app, { ctx }) => {
  const rateLimit = {
    max: ctx.options.authRateLimit.max,
    timeWindow: ctx.options.authRateLimit.timeWindowMs,
  };
  const errors = { 400: errorBodySchema, 401: errorBodySchema, 422: errorBodySchema, 429: errorBodySchema };

  app.post(
    '/challenge',
    {
      config: { rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Create a single-use sign-in challenge for an address (expires in 5 minutes)',
        body: z.object({ address: z.string().min(1).max(200) }),
        response: {
          201: z.object({
            nonce: z.string(),
            message: z
              .string()
              .meta({ description: 'Text to sign with CIP-30 signData (hex-encode it for the wallet)' }),
            expiresAt: z.string(),
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { address } = parseWalletAddressInput(request.body.address);
      const nonce = randomBytes(24).toString('base64url');
      const expiresAt = new Date(ctx.now().getTime() + ctx.options.challengeTtlSeconds * 1000);
      await ctx.deps.repositories.authChallenges.create({ address, nonce, expiresAt });
      return reply
        .status(201)
        .send({ nonce, message: challengeMessage(address, nonce), expiresAt: expiresAt.toISOString() });
    },
  );

  app.post(
    '/verify',
    {
      config: { rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Verify a signed challenge; creates the user on first sign-in and returns tokens',
        body: z.object({
          address: z.string().min(1).max(200),
          nonce: z.string().min(1).max(100),
          signature: hex(8000).meta({ description: 'COSE_Sign1 (CBOR hex) from signData' }),
          key: hex(1000).meta({ description: 'COSE_Key (CBOR hex) from signData' }),
        }),
        response: {
          200: tokenPairSchema.extend({ user: z.object({ id: z.string(), created: z.boolean() }) }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { address } = parseWalletAddressInput(request.body.address);
      const { nonce, signature, key } = request.body;
      const check = checkCip30Signature({
        signature,
        key,
        message: challengeMessage(address, nonce),
        address,
      });
      if (check === 'invalid_signature') {
        throw new UnauthorizedError('invalid_signature', 'signature does not verify for this challenge');
      }
      if (check === 'key_does_not_match_address') {
        throw new UnauthorizedError(
          'key_does_not_match_address',
          'the signing key does not belong to the address',
        );
      }
      // Consumed only after the signature checks out, atomically: a replay finds it used.
      const consumed = await ctx.deps.repositories.authChallenges.consume(nonce, address, ctx.now());
      if (!consumed.ok) {
        const reasons = {
          unknown: ['unknown_challenge', 'unknown challenge: request a new one'],
          expired: ['challenge_expired', 'challenge has expired: request a new one'],
          used: ['challenge_used', 'challenge was already used'],
          address_mismatch: ['challenge_address_mismatch', 'challenge was issued for another address'],
        } as const;
        const [reason, message] = reasons[consumed.reason];
        throw new UnauthorizedError(reason, message);
      }
      const { user, created } = await ctx.deps.repositories.users.findOrCreateByAddress(address);
      request.log.info({ userId: user.id, created }, 'signed in with wallet');
      return { ...(await ctx.jwt.issue(user.id)), user: { id: user.id, created } };
    },
  );

  app.post(
    '/refresh',
    {
      config: { rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Exchange a refresh token for a new token pair',
        body: z.object({ refreshToken: z.string().min(1).max(4000) }),
        response: { 200: tokenPairSchema, ...errors },
      },
    },
    async (request) => {
      const userId = await ctx.jwt.verifyRefresh(request.body.refreshToken);
      if (!(await ctx.deps.repositories.users.get(userId))) {
        throw new UnauthorizedError('invalid_token', 'user no longer exists');
      }
      return ctx.jwt.issue(userId);
    },
  );
};
