import { checkAsOf } from '../domain/valuation/as-of.js';
import type { ApiContext } from './api-context.js';
import { BadRequestError } from './errors.js';

/** The currency and `asOf` day a read request values in, after the user's settings and checks. */
export interface ValuationParams {
  currency: string;
  asOf: string | undefined;
  timeZone: string | undefined;
}

/** `ADA` and the configured fiat currencies, as the API accepts them. */
export function acceptedCurrencies(ctx: ApiContext): string[] {
  return ['ADA', ...ctx.valuationOptions.currencies.filter((c) => c !== 'ADA')];
}

/**
 * Resolves `currency` (default: the user's preferred one, else the base currency) and checks
 * `asOf` (a real `YYYY-MM-DD`, not after today in the user's time zone): 400s name what is accepted.
 */
export async function valuationParams(
  ctx: ApiContext,
  userId: string,
  query: { currency?: string | undefined; asOf?: string | undefined },
): Promise<ValuationParams> {
  const settings = await ctx.userSettings.get(userId);
  const accepted = acceptedCurrencies(ctx);
  const currency = (
    query.currency ??
    settings?.preferredCurrency ??
    ctx.valuationOptions.baseCurrency
  ).toUpperCase();
  if (!accepted.includes(currency)) {
    throw new BadRequestError(`currency must be one of ${accepted.join(', ')}`, { accepted });
  }
  const timeZone = settings?.timeZone ?? undefined;
  if (query.asOf !== undefined) {
    const problem = checkAsOf(query.asOf, ctx.now(), timeZone);
    if (problem === 'malformed') throw new BadRequestError('asOf must be a calendar date YYYY-MM-DD');
    if (problem === 'future') {
      throw new BadRequestError(`asOf must not be after today (${timeZone ?? 'UTC'})`);
    }
  }
  return { currency, asOf: query.asOf, timeZone };
}

/** Part of the cache key: what the request resolved to beyond its query string. */
export function valuationKey(p: ValuationParams): string {
  return `${p.currency}:${p.timeZone ?? ''}`;
}
