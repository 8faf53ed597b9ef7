import { DailyBudgetExhaustedError } from '../chain/errors/daily-budget-exhausted.error.js';
import type {
  DailyPriceAnswer,
  DailyPriceRequest,
  LatestPriceAnswer,
  PriceGap,
  PriceSource,
} from '../domain/prices/price-source.js';
import { LOVELACE, type DailyPrice, isTokenUnit } from '../domain/prices/price-types.js';
import { dayText } from '../domain/valuation/utc-day.js';
import { clipToHistory, dayRangeOf, gapOf, unpricedRuns, type DayRange } from './day-range.js';
import { exactDecimal, exactInteger, isRecord, parseExactJson } from './exact-json.js';
import type { PriceHttpClient } from './price-http-client.js';
import { PriceSourceUnavailableError } from './price-source-unavailable.error.js';

/** `public` (no key), `demo` and `pro` keys differ in header, base URL and how far back they see. */
export type CoinGeckoPlan = 'public' | 'demo' | 'pro';

export interface CoinGeckoOptions {
  /** Base URL up to `/api/v3` (public and demo: api.coingecko.com; pro: pro-api.coingecko.com). */
  baseUrl: string;
  plan: CoinGeckoPlan;
  apiKey?: string;
  /** Price Cardano tokens CoinGecko lists (by policy id + asset name). Default true. */
  tokens?: boolean;
  /** How long a token CoinGecko does not list is not asked again. Default 7 days. */
  unlistedTtlMs?: number;
  /** Present time (tests). */
  now?: () => number;
}

const DAY_S = 86_400;
const DAY_MS = 86_400_000;
/** Public and demo keys see the last 365 days; we stay a day inside that. */
const KEYLESS_HISTORY_DAYS = 364;
/** CoinGecko answers daily points (at 00:00 UTC) only for ranges longer than 90 days. */
const DAILY_GRANULARITY_DAYS = 91;
const OUT_OF_RANGE_ERROR = 10012;

/**
 * CoinGecko through a thin typed client rather than `@coingecko/coingecko-typescript`: we need two
 * endpoints, and their prices must be read from the body's decimal text (the official client hands
 * back JSON floats), under our own shared token bucket.
 */
export class CoinGeckoPriceSource implements PriceSource {
  readonly name = 'coingecko';
  private readonly unlisted = new Map<string, number>();
  private readonly now: () => number;
  /**
   * Days before today a keyless or demo plan serves. Narrowed when CoinGecko's "too old" error (10012)
   * names a shorter window than we assumed: the request is then asked again within it.
   */
  private keylessHistoryDays = KEYLESS_HISTORY_DAYS;

  constructor(
    private readonly options: CoinGeckoOptions,
    private readonly http: PriceHttpClient,
  ) {
    this.now = options.now ?? Date.now;
  }

  supports(unit: string, currency: string): boolean {
    if (currency === 'ADA' || !/^[A-Z]{3}$/.test(currency)) return false;
    if (unit === LOVELACE) return true;
    if (this.options.tokens === false || !isTokenUnit(unit)) return false;
    const until = this.unlisted.get(unit);
    return until === undefined || until < this.now();
  }

  /** The earliest day this plan serves (undefined: no limit). */
  earliestDay(): number | undefined {
    if (this.options.plan === 'pro') return undefined;
    return Math.floor(this.now() / DAY_MS) - this.keylessHistoryDays;
  }

  daily(request: DailyPriceRequest, signal?: AbortSignal): Promise<DailyPriceAnswer> {
    return this.dailyWithin(request, true, signal);
  }

  /** `mayNarrow`: a "too old" answer naming a shorter window may be asked again within it (once). */
  private async dailyWithin(
    request: DailyPriceRequest,
    mayNarrow: boolean,
    signal?: AbortSignal,
  ): Promise<DailyPriceAnswer> {
    const asked = dayRangeOf(request);
    if (!this.supports(request.unit, request.currency)) {
      return { prices: [], gaps: [gapOf(asked, { kind: 'unsupported' })] };
    }
    const today = Math.floor(this.now() / DAY_MS);
    const clipped = clipToHistory({ from: asked.from, to: Math.min(asked.to, today) }, this.earliestDay());
    const gaps = [...clipped.gaps];
    if (asked.to > today) gaps.push(gapOf({ from: today + 1, to: asked.to }, { kind: 'outside_history' }));
    if (!clipped.fetch) return { prices: [], gaps };
    const range = clipped.fetch;
    const window = this.dailyWindow(range, today);
    const path =
      request.unit === LOVELACE
        ? '/coins/cardano/market_chart/range'
        : `/coins/cardano/contract/${request.unit}/market_chart/range`;
    const query = new URLSearchParams({
      vs_currency: request.currency.toLowerCase(),
      from: String(window.from * DAY_S),
      to: String(window.to * DAY_S),
    });
    const answer = await this.get(`${path}?${query}`, signal);
    // "Too old" for a window we thought served: CoinGecko's error names the days it serves; ask
    // again within them once, so only the days before are a gap and the rest is kept.
    if ('gap' in answer && answer.historyDays !== undefined && mayNarrow && this.options.plan !== 'pro') {
      const days = answer.historyDays - 1; // a day inside, as KEYLESS_HISTORY_DAYS
      if (days >= 0 && days < this.keylessHistoryDays && today - days > window.from) {
        this.keylessHistoryDays = days;
        return this.dailyWithin(request, false, signal);
      }
    }
    if ('gap' in answer) {
      if (answer.gap.kind === 'unsupported' && request.unit !== LOVELACE) {
        this.unlisted.set(request.unit, this.now() + (this.options.unlistedTtlMs ?? 7 * DAY_MS));
      }
      return { prices: [], gaps: [...gaps, gapOf(range, answer.gap)] };
    }
    const points = isRecord(answer.body) ? answer.body['prices'] : undefined;
    if (!Array.isArray(points))
      return { prices: [], gaps: [...gaps, gapOf(range, malformed('no prices list'))] };
    const prices: DailyPrice[] = [];
    const priced = new Set<number>();
    for (const point of points) {
      const ms = Array.isArray(point) ? exactInteger(point[0]) : null;
      const price = Array.isArray(point) ? exactDecimal(point[1]) : null;
      if (ms === null || price === null || price.isNegative()) {
        return { prices: [], gaps: [...gaps, gapOf(range, malformed('a price point is not [ms, price]'))] };
      }
      // Daily points sit at 00:00 UTC; the range's last point may be "now", off the grid: not a day price.
      if (ms % DAY_MS !== 0) continue;
      const day = ms / DAY_MS;
      if (day < window.from || day > window.to || priced.has(day)) continue;
      priced.add(day);
      prices.push({
        unit: request.unit,
        currency: request.currency,
        day: dayText(day),
        price,
        source: this.name,
      });
    }
    return { prices, gaps: [...gaps, ...unpricedRuns(range, priced)] };
  }

  async latest(units: readonly string[], currency: string, signal?: AbortSignal): Promise<LatestPriceAnswer> {
    const gaps: LatestPriceAnswer['gaps'] = units
      .filter((u) => u !== LOVELACE)
      .map((unit) => ({ unit, gap: { kind: 'unsupported' } as PriceGap }));
    if (!units.includes(LOVELACE)) return { prices: [], gaps };
    if (!this.supports(LOVELACE, currency))
      return { prices: [], gaps: [...gaps, { unit: LOVELACE, gap: { kind: 'unsupported' } }] };
    const cur = currency.toLowerCase();
    const answer = await this.get(
      `/simple/price?${new URLSearchParams({ ids: 'cardano', vs_currencies: cur, include_last_updated_at: 'true' })}`,
      signal,
    );
    if ('gap' in answer) return { prices: [], gaps: [...gaps, { unit: LOVELACE, gap: answer.gap }] };
    const entry = isRecord(answer.body) ? answer.body['cardano'] : undefined;
    const price = isRecord(entry) ? exactDecimal(entry[cur]) : null;
    if (!isRecord(entry) || price === null) {
      return { prices: [], gaps: [...gaps, { unit: LOVELACE, gap: malformed(`no cardano.${cur} price`) }] };
    }
    const updated = exactInteger(entry['last_updated_at']);
    return {
      prices: [
        {
          unit: LOVELACE,
          currency,
          price,
          source: this.name,
          observedAt: new Date(updated !== null ? updated * 1000 : this.now()),
        },
      ],
      gaps,
    };
  }

  /**
   * The range to ask for so the answer is daily: at least 91 days (shorter ranges come back hourly),
   * widened backwards within the plan's history, else forwards up to today. The extra days are stored
   * too: they cost nothing more.
   */
  private dailyWindow(range: DayRange, today: number): DayRange {
    const earliest = this.earliestDay() ?? -Infinity;
    const from = Math.max(earliest, Math.min(range.from, range.to - DAILY_GRANULARITY_DAYS));
    const to =
      range.to - from >= DAILY_GRANULARITY_DAYS ? range.to : Math.min(today, from + DAILY_GRANULARITY_DAYS);
    return { from, to };
  }

  private headers(): Record<string, string> {
    if (!this.options.apiKey || this.options.plan === 'public') return {};
    return { [this.options.plan === 'pro' ? 'x-cg-pro-api-key' : 'x-cg-demo-api-key']: this.options.apiKey };
  }

  /** One GET: the parsed body of a 200, or the gap its failure means. Never throws for the source's faults. */
  private async get(
    pathAndQuery: string,
    signal?: AbortSignal,
  ): Promise<{ body: unknown } | { gap: PriceGap; historyDays?: number }> {
    let status: number;
    let text: string;
    try {
      ({ status, body: text } = await this.http.get(
        this.options.baseUrl + pathAndQuery,
        this.headers(),
        signal,
      ));
    } catch (error) {
      if (error instanceof PriceSourceUnavailableError)
        return { gap: { kind: 'unavailable', message: error.message } };
      if (error instanceof DailyBudgetExhaustedError) return { gap: { kind: 'budget_exhausted' } };
      throw error;
    }
    let body: unknown;
    try {
      body = parseExactJson(text);
    } catch {
      return { gap: malformed(`HTTP ${status} with a body that is not JSON`) };
    }
    if (status === 200) return { body };
    const code = errorCode(body);
    if (code === OUT_OF_RANGE_ERROR) {
      const days = /within the past (\d+) days/i.exec(errorMessage(body) ?? '');
      return {
        gap: { kind: 'outside_history' },
        ...(days ? { historyDays: Number(days[1]) } : {}),
      };
    }
    if (status === 404 || (status === 400 && /vs_currency/i.test(text)))
      return { gap: { kind: 'unsupported' } };
    if (status === 401 || status === 403) {
      return {
        gap: {
          kind: 'unavailable',
          message: `coingecko: key refused (HTTP ${status}${code ? `, error ${code}` : ''})`,
        },
      };
    }
    return {
      gap: { kind: 'unavailable', message: `coingecko: HTTP ${status}${code ? ` (error ${code})` : ''}` },
    };
  }
}

function malformed(why: string): PriceGap {
  return { kind: 'unavailable', message: `coingecko: malformed answer (${why})` };
}

/** The `status` of CoinGecko's error bodies: `{"error":{"status":{"error_code":…}}}` or `{"status":{…}}`. */
function errorStatus(body: unknown): Record<string, unknown> | null {
  if (!isRecord(body)) return null;
  const outer = isRecord(body['error']) ? body['error'] : body;
  const status = outer['status'];
  return isRecord(status) ? status : null;
}

function errorCode(body: unknown): number | null {
  const status = errorStatus(body);
  return status ? exactInteger(status['error_code']) : null;
}

function errorMessage(body: unknown): string | null {
  const message = errorStatus(body)?.['error_message'];
  return typeof message === 'string' ? message : null;
}
