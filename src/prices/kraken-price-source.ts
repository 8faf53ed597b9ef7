import { DailyBudgetExhaustedError } from '../chain/errors/daily-budget-exhausted.error.js';
import { abortableSleep } from '../chain/abortable-sleep.js';
import type {
  DailyPriceAnswer,
  DailyPriceRequest,
  LatestPriceAnswer,
  PriceGap,
  PriceSource,
} from '../domain/prices/price-source.js';
import { LOVELACE, type DailyPrice } from '../domain/prices/price-types.js';
import { dayText } from '../domain/valuation/utc-day.js';
import { clipToHistory, dayRangeOf, gapOf, unpricedRuns } from './day-range.js';
import { exactDecimal, exactInteger, isRecord, parseExactJson } from './exact-json.js';
import type { PriceHttpClient } from './price-http-client.js';
import { PriceSourceUnavailableError } from './price-source-unavailable.error.js';

export interface KrakenOptions {
  /** Base URL up to (not including) `/0/public`: https://api.kraken.com. */
  baseUrl: string;
  /** Tries after Kraken's "Too many requests" (sent as HTTP 200 with an error list). Default 2. */
  busyRetries?: number;
  /** Wait before such a retry; doubles. Default 2 s. */
  busyBackoffMs?: number;
  now?: () => number;
}

const DAY_S = 86_400;
const DAY_MS = 86_400_000;
/** Kraken's OHLC keeps the last 720 candles of an interval. */
const CANDLES = 720;

type OhlcAnswer = { rows: unknown[] } | { gap: PriceGap };

/**
 * ADA in fiat from Kraken's public daily OHLC (no key): about two years of history, so a keyless
 * install values further back than CoinGecko's 365 days. A day's price is its candle's open, the
 * price at 00:00 UTC, as CoinGecko's daily points are.
 */
export class KrakenPriceSource implements PriceSource {
  readonly name = 'kraken';
  private readonly now: () => number;

  constructor(
    private readonly options: KrakenOptions,
    private readonly http: PriceHttpClient,
  ) {
    this.now = options.now ?? Date.now;
  }

  supports(unit: string, currency: string): boolean {
    return unit === LOVELACE && currency !== 'ADA' && /^[A-Z]{3}$/.test(currency);
  }

  earliestDay(): number {
    return Math.floor(this.now() / DAY_MS) - CANDLES + 1;
  }

  async daily(request: DailyPriceRequest, signal?: AbortSignal): Promise<DailyPriceAnswer> {
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
    const answer = await this.ohlc(request.currency, range.from * DAY_S - 1, signal);
    if ('gap' in answer) return { prices: [], gaps: [...gaps, gapOf(range, answer.gap)] };
    const prices: DailyPrice[] = [];
    const priced = new Set<number>();
    for (const row of answer.rows) {
      const t = Array.isArray(row) ? exactInteger(row[0]) : null;
      const open = Array.isArray(row) ? exactDecimal(row[1]) : null;
      if (t === null || open === null || open.isNegative() || t % DAY_S !== 0) {
        return { prices: [], gaps: [...gaps, gapOf(range, malformed('a candle is not [time, open, …]'))] };
      }
      const day = t / DAY_S;
      if (day < range.from || day > range.to || priced.has(day)) continue;
      priced.add(day);
      prices.push({
        unit: LOVELACE,
        currency: request.currency,
        day: dayText(day),
        price: open,
        source: this.name,
      });
    }
    return { prices, gaps: [...gaps, ...unpricedRuns(range, priced)] };
  }

  /** The price now: the close so far of today's (still open) candle. */
  async latest(units: readonly string[], currency: string, signal?: AbortSignal): Promise<LatestPriceAnswer> {
    const gaps: LatestPriceAnswer['gaps'] = units
      .filter((u) => u !== LOVELACE)
      .map((unit) => ({ unit, gap: { kind: 'unsupported' } as PriceGap }));
    if (!units.includes(LOVELACE)) return { prices: [], gaps };
    if (!this.supports(LOVELACE, currency))
      return { prices: [], gaps: [...gaps, { unit: LOVELACE, gap: { kind: 'unsupported' } }] };
    const since = (Math.floor(this.now() / DAY_MS) - 1) * DAY_S - 1;
    const answer = await this.ohlc(currency, since, signal);
    if ('gap' in answer) return { prices: [], gaps: [...gaps, { unit: LOVELACE, gap: answer.gap }] };
    const last = answer.rows[answer.rows.length - 1];
    const close = Array.isArray(last) ? exactDecimal(last[4]) : null;
    if (close === null)
      return { prices: [], gaps: [...gaps, { unit: LOVELACE, gap: malformed('no candle') }] };
    return {
      prices: [
        { unit: LOVELACE, currency, price: close, source: this.name, observedAt: new Date(this.now()) },
      ],
      gaps,
    };
  }

  private async ohlc(currency: string, since: number, signal?: AbortSignal): Promise<OhlcAnswer> {
    const pair = `ADA${currency}`;
    const url = `${this.options.baseUrl}/0/public/OHLC?${new URLSearchParams({ pair, interval: '1440', since: String(since) })}`;
    const retries = this.options.busyRetries ?? 2;
    for (let attempt = 0; ; attempt++) {
      let status: number;
      let text: string;
      try {
        ({ status, body: text } = await this.http.get(url, {}, signal));
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
      // Kraken reports errors in the body of an HTTP 200: {"error": ["EQuery:Unknown asset pair"]}.
      const errors = isRecord(body) && Array.isArray(body['error']) ? body['error'].map(String) : null;
      if (errors === null) return { gap: malformed(`HTTP ${status} without an error list`) };
      if (errors.some((e) => e.startsWith('EQuery:Unknown asset pair')))
        return { gap: { kind: 'unsupported' } };
      if (errors.some((e) => /Too many requests|Throttled/i.test(e))) {
        if (attempt >= retries)
          return { gap: { kind: 'unavailable', message: `kraken: rate limited (${errors.join(', ')})` } };
        await abortableSleep((this.options.busyBackoffMs ?? 2_000) * 2 ** attempt, signal);
        continue;
      }
      if (errors.length > 0 || status !== 200) {
        return { gap: { kind: 'unavailable', message: `kraken: ${errors.join(', ') || `HTTP ${status}`}` } };
      }
      const result = isRecord(body) ? body['result'] : undefined;
      if (!isRecord(result)) return { gap: malformed('no result') };
      const key = Object.keys(result).find((k) => k !== 'last');
      const rows = key === undefined ? undefined : result[key];
      if (!Array.isArray(rows)) return { gap: malformed(`no candles for ${pair}`) };
      return { rows };
    }
  }
}

function malformed(why: string): PriceGap {
  return { kind: 'unavailable', message: `kraken: malformed answer (${why})` };
}
