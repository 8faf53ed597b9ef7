import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { isTimeZone } from '../../../domain/valuation/as-of.js';
import type { ApiContext } from '../../api-context.js';
import { BadRequestError, UnauthorizedError } from '../../errors.js';
import { bearerSecurity, errorResponses } from '../../schemas.js';
import { acceptedCurrencies } from '../../valuation-params.js';
import {
  ACCEPTED,
  CostBasisSettingError,
  parseFeePolicy,
  parseMethod,
  parseRewardPolicy,
  parseYearStart,
  resolveCostBasisSettings,
  yearStartText,
} from '../../../gains/gains-settings.js';
import type { UserSettings } from '../../../db/repositories/user-settings-repository.js';

const settingsBody = z.object({
  preferredCurrency: z.string().nullable(),
  timeZone: z.string().nullable(),
  currency: z.string().meta({ description: 'The currency values are shown in when a request names none' }),
  currencies: z.array(z.string()).meta({ description: 'Every currency values can be asked in' }),
  costBasisMethod: z.string().nullable(),
  taxYearStart: z.string().nullable().meta({ description: 'M-D: 1-1 (calendar), 4-6 (UK), 7-1 (AU)' }),
  rewardPolicy: z.string().nullable(),
  feePolicy: z.string().nullable(),
  costBasis: z
    .object({ method: z.string(), taxYearStart: z.string(), rewardPolicy: z.string(), feePolicy: z.string() })
    .meta({ description: 'The cost-basis settings in effect (defaults applied)' }),
  accepted: z.object({
    methods: z.array(z.string()),
    rewardPolicies: z.array(z.string()),
    feePolicies: z.array(z.string()),
  }),
});

/** The signed-in user's display settings: preferred currency and time zone (for `asOf`). */
export const settingsRoutes: FastifyPluginAsyncZod<{ ctx: ApiContext }> = async (app, { ctx }) => {
  app.addHook('preHandler', ctx.authenticate);
  const tags = ['auth'];
  const view = (s: UserSettings) => {
    const currency = s.preferredCurrency ?? ctx.valuationOptions.baseCurrency;
    const effective = resolveCostBasisSettings(s, {}, currency);
    return {
      preferredCurrency: s.preferredCurrency,
      timeZone: s.timeZone,
      currency,
      currencies: acceptedCurrencies(ctx),
      costBasisMethod: s.costBasisMethod,
      taxYearStart: s.taxYearStart,
      rewardPolicy: s.rewardPolicy,
      feePolicy: s.feePolicy,
      costBasis: {
        method: effective.method,
        taxYearStart: yearStartText(effective.taxYearStart),
        rewardPolicy: effective.rewardPolicy,
        feePolicy: effective.feePolicy,
      },
      accepted: {
        methods: [...ACCEPTED.methods],
        rewardPolicies: [...ACCEPTED.rewardPolicies],
        feePolicies: [...ACCEPTED.feePolicies],
      },
    };
  };

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
        summary:
          'Change your preferred currency, time zone and/or cost-basis settings (null restores the default)',
        body: z
          .object({
            preferredCurrency: z.string().max(10).nullable().optional(),
            timeZone: z.string().max(64).nullable().optional(),
            costBasisMethod: z.string().max(20).nullable().optional(),
            taxYearStart: z.string().max(5).nullable().optional(),
            rewardPolicy: z.string().max(20).nullable().optional(),
            feePolicy: z.string().max(20).nullable().optional(),
          })
          .strict(),
        response: { 200: settingsBody, ...errorResponses },
      },
    },
    async (request) => {
      const { preferredCurrency, timeZone, costBasisMethod, taxYearStart, rewardPolicy, feePolicy } =
        request.body;
      let costBasis: Partial<UserSettings>;
      try {
        costBasis = {
          ...(costBasisMethod !== undefined
            ? {
                costBasisMethod:
                  costBasisMethod === null ? null : parseMethod('costBasisMethod', costBasisMethod),
              }
            : {}),
          ...(taxYearStart !== undefined
            ? {
                taxYearStart:
                  taxYearStart === null ? null : yearStartText(parseYearStart('taxYearStart', taxYearStart)),
              }
            : {}),
          ...(rewardPolicy !== undefined
            ? { rewardPolicy: rewardPolicy === null ? null : parseRewardPolicy('rewardPolicy', rewardPolicy) }
            : {}),
          ...(feePolicy !== undefined
            ? { feePolicy: feePolicy === null ? null : parseFeePolicy('feePolicy', feePolicy) }
            : {}),
        };
      } catch (error) {
        if (error instanceof CostBasisSettingError)
          throw new BadRequestError(error.message, { accepted: error.accepted });
        throw error;
      }
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
        ...costBasis,
      });
      if (!settings) throw new UnauthorizedError('invalid_token', 'user no longer exists');
      // Cached reads were computed in the old default currency or time zone.
      ctx.cache?.invalidateUser(request.userId);
      ctx.gains.invalidate(request.userId);
      return view(settings);
    },
  );
};
