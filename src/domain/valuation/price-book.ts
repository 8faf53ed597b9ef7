import type { Decimal } from 'decimal.js';
import { LOVELACE, type LatestPrice } from '../prices/price-types.js';
import { EXACT_ONE, exactFromDecimal, exactTimes, exactToDecimal, type ExactAmount } from './exact-amount.js';
import { indexAtOrBefore, seriesKey, type PriceSeries } from './price-series.js';
import { dayNumber, dayOf, dayText } from './utc-day.js';

/** The currency token/ADA prices are quoted in, and the pivot of cross rates. */
export const ADA = 'ADA';

/** Why a unit has no price: never priced by any source; its last price too old; asked before its first. */
export type UnpricedReason = 'no_source' | 'stale' | 'outside_history';

/** A `YYYY-MM-DD` UTC day, or `now` (the latest observed price). */
export type PriceAt = string | 'now';

export interface PricedResult {
  price: Decimal;
  exact: ExactAmount;
  /** `coingecko`, `dex:minswap`, …; a cross rate names both legs: `dex:minswap×coingecko`. */
  source: string;
  /** The day the price is from (the older leg's for a cross rate). */
  priceDate: string;
  /** True when the price is from an earlier day than asked (or a latest price older than `latestFreshMs`). */
  stale: boolean;
}

export interface UnpricedResult {
  price: null;
  reason: UnpricedReason;
  /** For `stale`: the day of the last known price. */
  priceDate?: string;
}

export type PriceResult = PricedResult | UnpricedResult;

/** The same answer without a Decimal, for the hot paths (a year of values is thousands of lookups). */
export type ExactPriceResult =
  | { exact: ExactAmount; source: string; priceDay: number; stale: boolean }
  | { exact: null; reason: UnpricedReason; priceDay?: number };

/** See PriceBook.dailyLegs. */
export interface DailyLegs {
  direct: Array<ExactAmount | null>;
  /** Null when no day needs a cross rate, or none applies (ADA itself, or prices in ADA). */
  inAda: Array<ExactAmount | null> | null;
}

export interface PriceBookOptions {
  /** The present: what `now` means and how old a latest price is. */
  now: Date;
  /**
   * A day without its own price uses the latest earlier day within this many days (marked stale,
   * with its date); an older one is `stale` with no price. Default 7.
   */
  carryDays?: number;
  /** A latest price observed within this is fresh; older (within carryDays) is stale. Default 1 day. */
  latestFreshMs?: number;
}

const DAY_MS = 86_400_000;

/**
 * Answers "what did one whole `unit` cost in `currency` on `day`" from the stored daily and latest
 * prices, with a reason when it cannot: direct rows first, else token/ADA × ADA/currency of the same
 * day. Pure: the caller loads the rows.
 */
export class PriceBook {
  private readonly carryDays: number;
  private readonly latestFreshMs: number;
  private readonly today: number;
  private readonly latest = new Map<string, { exact: ExactAmount; source: string; observedAt: Date }>();

  constructor(
    private readonly series: ReadonlyMap<string, PriceSeries>,
    latest: readonly LatestPrice[],
    private readonly options: PriceBookOptions,
  ) {
    this.carryDays = options.carryDays ?? 7;
    this.latestFreshMs = options.latestFreshMs ?? DAY_MS;
    this.today = dayOf(options.now);
    for (const l of latest) {
      this.latest.set(seriesKey(l.unit, l.currency), {
        exact: exactFromDecimal(l.price),
        source: l.source,
        observedAt: l.observedAt,
      });
    }
  }

  /** The UTC day number of `now`. */
  get todayNumber(): number {
    return this.today;
  }

  priceOf(unit: string, currency: string, at: PriceAt): PriceResult {
    const day = at === 'now' ? 'now' : dayNumber(at);
    if (Number.isNaN(day)) throw new RangeError(`not a YYYY-MM-DD day: ${at}`);
    const r = this.exactPriceOf(unit, currency, day);
    if (r.exact === null) {
      return r.priceDay === undefined
        ? { price: null, reason: r.reason }
        : { price: null, reason: r.reason, priceDate: dayText(r.priceDay) };
    }
    return {
      price: exactToDecimal(r.exact),
      exact: r.exact,
      source: r.source,
      priceDate: dayText(r.priceDay),
      stale: r.stale,
    };
  }

  /** `day` as a day number (see utc-day.ts) or `now`. */
  exactPriceOf(unit: string, currency: string, day: number | 'now'): ExactPriceResult {
    if (unit === LOVELACE && currency === ADA) {
      return {
        exact: EXACT_ONE,
        source: 'identity',
        priceDay: day === 'now' ? this.today : day,
        stale: false,
      };
    }
    const direct = this.lookup(unit, currency, day);
    if (direct.exact !== null || unit === LOVELACE || currency === ADA) return direct;
    const inAda = this.lookup(unit, ADA, day);
    const adaIn = inAda.exact === null ? inAda : this.lookup(LOVELACE, currency, day);
    if (inAda.exact !== null && adaIn.exact !== null) {
      return {
        exact: exactTimes(inAda.exact, adaIn.exact),
        source: `${inAda.source}×${adaIn.source}`,
        priceDay: Math.min(inAda.priceDay, adaIn.priceDay),
        stale: inAda.stale || adaIn.stale,
      };
    }
    // The direct pair's reason is the more specific one unless nothing ever priced it directly.
    if (direct.reason !== 'no_source') return direct;
    return inAda.exact === null ? inAda : adaIn;
  }

  /**
   * What exactPriceOf answers for each of `days` (day numbers), split for the value series: `direct`
   * holds the price wherever the unit has one of its own in `currency` (or is ADA in ADA); where it
   * has not, `inAda` holds its token/ADA leg, which with adaPricesOnDays' ADA/currency of the same
   * day makes the cross rate. The series are looked up once, not per day (a year of history asks for
   * ~11,000 prices), and no result object or source text is built per day. Null where unpriced.
   */
  dailyLegs(unit: string, currency: string, days: readonly number[]): DailyLegs {
    if (unit === LOVELACE && currency === ADA) return { direct: days.map(() => EXACT_ONE), inAda: null };
    const direct = this.pricesOnDays(this.series.get(seriesKey(unit, currency)), days);
    if (unit === LOVELACE || currency === ADA || direct.every((p) => p !== null)) {
      return { direct, inAda: null };
    }
    return { direct, inAda: this.pricesOnDays(this.series.get(seriesKey(unit, ADA)), days) };
  }

  /** ADA's own price in `currency` on each of `days`: the second leg of every cross rate. */
  adaPricesOnDays(currency: string, days: readonly number[]): Array<ExactAmount | null> {
    return this.pricesOnDays(this.series.get(seriesKey(LOVELACE, currency)), days);
  }

  /** onDay's price for each day (null where it has none): one pointer walk when the days ascend. */
  private pricesOnDays(series: PriceSeries | undefined, days: readonly number[]): Array<ExactAmount | null> {
    const out = new Array<ExactAmount | null>(days.length).fill(null);
    if (!series || series.days.length === 0) return out;
    const known = series.days;
    let i = -1;
    for (let k = 0; k < days.length; k++) {
      const day = days[k]!;
      if (k > 0 && day < days[k - 1]!) i = indexAtOrBefore(series, day);
      else while (i + 1 < known.length && known[i + 1]! <= day) i++;
      if (i >= 0 && day - known[i]! <= this.carryDays) out[k] = series.prices[i]!;
    }
    return out;
  }

  private lookup(unit: string, currency: string, day: number | 'now'): ExactPriceResult {
    const key = seriesKey(unit, currency);
    if (day !== 'now') return this.onDay(key, day);
    const daily = this.onDay(key, this.today);
    const latest = this.latest.get(key);
    if (!latest) return daily;
    const age = this.options.now.getTime() - latest.observedAt.getTime();
    const priceDay = dayOf(latest.observedAt);
    if (age > this.carryDays * DAY_MS) {
      return daily.exact !== null ? daily : { exact: null, reason: 'stale', priceDay };
    }
    const fromLatest = {
      exact: latest.exact,
      source: latest.source,
      priceDay,
      stale: age > this.latestFreshMs,
    };
    // Today's own daily row beats a stale latest observation; otherwise the latest observation wins.
    if (daily.exact !== null && !daily.stale && fromLatest.stale) return daily;
    return fromLatest;
  }

  private onDay(key: string, day: number): ExactPriceResult {
    const series = this.series.get(key);
    if (!series || series.days.length === 0) return { exact: null, reason: 'no_source' };
    const i = indexAtOrBefore(series, day);
    if (i < 0) return { exact: null, reason: 'outside_history' };
    const priceDay = series.days[i]!;
    if (day - priceDay > this.carryDays) return { exact: null, reason: 'stale', priceDay };
    return { exact: series.prices[i]!, source: series.sources[i]!, priceDay, stale: priceDay !== day };
  }
}
