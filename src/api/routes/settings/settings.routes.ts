import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { isTimeZone } from '../../../domain/valuation/as-of.js';
import type { ApiContext } from '../../api-context.js';
import { BadRequestError, UnauthorizedError } from '../../errors.js';
import { bearerSecurity, errorResponses } from '../../schemas.js';
import { acceptedCurrencies } from '../../valuation-params.js';

const settingsBody = z.object({
  preferredCurrency: z.string().nullable(),
  timeZone: z.string().nullable(),
  currency: z.string().meta({ description: 'The currency values are shown in when a request names none' }),
  currencies: z.array(z.string()).meta({ description: 'Every currency values can be asked in' }),
});

/** The signed-in user's display settings: preferred currency and time zone (for `asOf`). */
export const settingsRoutes: FastifyPluginAsyncZod<{ ctx: ApiContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.authenticate);
  const tags = ['auth'];
  const view = (s: { preferredCurrency: string | null; timeZone: string | null }) => ({
    preferredCurrency: s.preferredCurrency,
    timeZone: s.timeZone,
    currency: s.preferredCurrency ?? ctx.valuationOptions.baseCurrency,
    currencies: acceptedCurrencies(ctx),
  });

  app.get(
    '/',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Your settings',
        response: { 200: settingsBody, ...errorResponses },
      },
    },
    async (request) => {
      const settings = await ctx.userSettings.get(request.userId);
      if (!settings) throw new UnauthorizedError('invalid_token', 'user no longer exists');
      return view(settings);
    },
  );

  app.patch(
    '/',
    {
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Change your preferred currency and/or time zone (null restores the default)',
        body: z
          .object({
            preferredCurrency: z.string().max(10).nullable().optional(),
            timeZone: z.string().max(64).nullable().optional(),
          })
          .strict(),
        response: { 200: settingsBody, ...errorResponses },
      },
    },
    async (request) => {
      const { preferredCurrency, timeZone } = request.body;
      const accepted = acceptedCurrencies(ctx);
      const currency = preferredCurrency?.toUpperCase();
      if (currency && !accepted.includes(currency)) {
        throw new BadRequestError(`preferredCurrency must be one of ${accepted.join(', ')}`, { accepted });
      }
      if (timeZone && !isTimeZone(timeZone)) {
        throw new BadRequestError('timeZone must be an IANA time zone such as Europe/Berlin or UTC');
      }
      const settings = await ctx.userSettings.update(request.userId, {
        ...(preferredCurrency !== undefined ? { preferredCurrency: currency ?? null } : {}),
        ...(timeZone !== undefined ? { timeZone } : {}),
      });
      if (!settings) throw new UnauthorizedError('invalid_token', 'user no longer exists');
      // Cached reads were computed in the old default currency or time zone.
      ctx.cache?.invalidateUser(request.userId);
      return view(settings);
    },
  );
};
