import { Prng } from '../util/prng.js';

/** ADA's first trading day (Bittrex, October 2017): the model has no price before it. */
export const FIRST_PRICE_DAY = '2017-10-02';
const DAY_MS = 86_400_000;

/** Quote currencies the simulated services serve, with a starting rate against USD. */
const FIAT_PER_USD: Record<string, number> = {
  USD: 1,
  EUR: 0.9,
  GBP: 0.78,
  JPY: 140,
  CHF: 0.92,
  CAD: 1.33,
  AUD: 1.5,
};
export const PRICE_CURRENCIES = Object.keys(FIAT_PER_USD);

/** 10 significant digits without trailing zeros (`0.4521`, `63.18`): how the services print prices. */
export function decimalText(x: number): string {
  const t = x.toPrecision(10);
  return t.includes('.') && !t.includes('e') ? t.replace(/0+$/, '').replace(/\.$/, '') : t;
}

function dayIndex(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

export function dayOfIndex(index: number): string {
  return new Date(index * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A seeded market for ADA: a daily random walk in USD (±4 % a day, between $0.02 and $3) and a
 * slowly drifting rate per fiat currency, from ADA's first trading day to a year past the real clock.
 * Each (currency, day) has ONE price, as decimal text with 10 significant digits: the price at 00:00
 * UTC of that day, which the simulated CoinGecko serves as that day's point and the simulated Kraken
 * as that day's candle open. Market data is independent of the chain, so the seed is fixed.
 */
export class PriceModel {
  private readonly first = dayIndex(FIRST_PRICE_DAY);
  private readonly texts = new Map<string, string[]>();

  constructor(seed = 20171002, lastDay = dayOfIndex(Math.floor(Date.now() / DAY_MS) + 366)) {
    const rng = new Prng(seed);
    const n = dayIndex(lastDay) - this.first + 1;
    const usd: number[] = [];
    // A walk in log price pulled gently towards $0.50, so decades of days stay in a plausible band.
    let log = Math.log(0.025);
    const centre = Math.log(0.5);
    for (let i = 0; i < n; i++) {
      usd.push(Math.min(3, Math.max(0.02, Math.exp(log))));
      log += (rng.next() - 0.5) * 0.08 + 0.01 * (centre - log);
    }
    for (const [currency, start] of Object.entries(FIAT_PER_USD)) {
      let rate = start;
      const out: string[] = [];
      for (let i = 0; i < n; i++) {
        out.push(decimalText(usd[i]! * rate));
        rate *= 1 + (rng.next() - 0.5) * 0.004;
      }
      this.texts.set(currency, out);
    }
  }

  get currencies(): string[] {
    return [...this.texts.keys()];
  }

  /** ADA's price in `currency` at 00:00 UTC of `day`, as exact decimal text; null outside the model. */
  adaPrice(currency: string, day: string): string | null {
    const series = this.texts.get(currency.toUpperCase());
    if (!series) return null;
    return series[dayIndex(day) - this.first] ?? null;
  }

  /** The first and last day the model prices. */
  get span(): { first: string; last: string } {
    const n = this.texts.get('USD')!.length;
    return { first: dayOfIndex(this.first), last: dayOfIndex(this.first + n - 1) };
  }
}

let shared: PriceModel | null = null;
/** The one market every simulator in the process serves (market data does not depend on the chain). */
export function sharedPriceModel(): PriceModel {
  shared ??= new PriceModel();
  return shared;
}
