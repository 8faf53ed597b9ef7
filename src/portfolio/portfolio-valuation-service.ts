import { endOfDay } from '../domain/valuation/as-of.js';
import { PriceBook, type PriceAt, type UnpricedReason } from '../domain/valuation/price-book.js';
import { dayOf } from '../domain/valuation/utc-day.js';
import { valueChange, valueHoldings, type ValueChange } from '../domain/valuation/value-holdings.js';
import { valueSeries, type ValueSeries } from '../domain/valuation/value-series.js';
import type { HistoryInterval } from '../db/repositories/pg-portfolio-read-repository.js';
import type { PriceBookLoader } from './price-book-loader.js';
import type { HistoryView, HoldingView, PortfolioQueryService } from './portfolio-query-service.js';

/** What to value in and when: `asOf` a `YYYY-MM-DD` (end of that day in `timeZone`, UTC when unset). */
export interface ValuationQuery {
  currency: string;
  asOf?: string | undefined;
  timeZone?: string | null | undefined;
}

export interface ValuedHoldingView extends HoldingView {
  /** Per whole token (per ADA for lovelace) in `currency`, exact decimal text; null when unpriced. */
  price: string | null;
  value: string | null;
  priceSource: string | null;
  priceDate: string | null;
  priceStale: boolean;
  /** Why `price` is null: `no_source`, `stale` (its last date in priceDate) or `outside_history`. */
  priceReason: UnpricedReason | null;
}

export interface ValuedPortfolioView {
  currency: string;
  asOf: string | null;
  /** The moment the holdings are taken at (end of the asOf day, or now). */
  valuedAt: string;
  holdings: ValuedHoldingView[];
  total: {
    value: string | null;
    pricedUnits: number;
    unpricedUnits: Array<{ unit: string; reason: UnpricedReason; priceDate: string | null }>;
  };
  change24h: ValueChange | null;
  change7d: ValueChange | null;
  /** False when the price table could not be read: every value is then null, the holdings are shown. */
  pricesAvailable: boolean;
}

export type ValuedHistoryView = HistoryView & { values: ValueSeries };

interface Logger {
  warn(obj: object, msg?: string): void;
}

/**
 * Values what PortfolioQueryService reads: holdings now or as of a day, and the holdings history
 * bucket by bucket, in one currency. Prices come from PriceBookLoader; when they cannot be read the
 * holdings are still returned, unpriced (the portfolio never fails because of prices).
 */
export class PortfolioValuationService {
  constructor(
    private readonly deps: {
      portfolio: Pick<PortfolioQueryService, 'holdings' | 'history'>;
      books: Pick<PriceBookLoader, 'book'>;
      now: () => Date;
      logger?: Logger;
    },
  ) {}

  async portfolio(
    userId: string,
    walletAddresses: string[] | undefined,
    q: ValuationQuery,
  ): Promise<ValuedPortfolioView> {
    const now = this.deps.now();
    const cutoff = q.asOf ? endOfDay(q.asOf, q.timeZone ?? undefined) : undefined;
    const holdings = await this.deps.portfolio.holdings(userId, walletAddresses, cutoff);
    const { book, available } = await this.bookFor(
      holdings.map((h) => h.unit),
      q.currency,
      now,
    );
    const at: PriceAt = q.asOf ?? 'now';
    const toValue = holdings.map((h) => ({
      unit: h.unit,
      quantity: BigInt(h.quantity),
      decimals: h.decimals,
    }));
    const v = valueHoldings(toValue, book, q.currency, at);
    return {
      currency: q.currency,
      asOf: q.asOf ?? null,
      valuedAt: (cutoff ?? now).toISOString(),
      holdings: holdings.map((h, i) => {
        const p = v.holdings[i]!;
        // Fields listed in the holding's own order (the JSON keys stay as they were), not spread: this
        // callback with the spread was the largest own cost of the service in a CPU profile.
        return {
          unit: h.unit,
          name: h.name,
          ticker: h.ticker,
          decimals: h.decimals,
          quantity: h.quantity,
          amount: h.amount,
          wallets: h.wallets,
          price: p.price,
          value: p.value,
          priceSource: p.priceSource,
          priceDate: p.priceDate,
          priceStale: p.stale,
          priceReason: p.reason,
        };
      }),
      total: { value: v.total, pricedUnits: v.pricedUnits, unpricedUnits: v.unpricedUnits },
      change24h: valueChange(toValue, book, q.currency, at, 1),
      change7d: valueChange(toValue, book, q.currency, at, 7),
      pricesAvailable: available,
    };
  }

  /** The holdings history with, per bucket, its value at the bucket's last day (or the range's end). */
  async history(
    userId: string,
    range: {
      from: Date;
      to: Date;
      interval: HistoryInterval;
      walletAddresses?: string[];
      units?: string[];
      currency: string;
    },
  ): Promise<ValuedHistoryView> {
    const { view, quantities } = await this.deps.portfolio.history(userId, range);
    const { book } = await this.bookFor(
      view.tokens.map((t) => t.unit),
      range.currency,
      this.deps.now(),
    );
    const starts = view.buckets.map((b) => dayOf(new Date(b)));
    const last = Math.min(dayOf(range.to), dayOf(this.deps.now()));
    const days = starts.map((_, k) =>
      k + 1 < starts.length ? starts[k + 1]! - 1 : Math.max(last, starts[k]!),
    );
    const changes = view.series.map((s, i) => ({
      unit: s.unit,
      decimals: view.tokens[i]!.decimals,
      at: s.at,
      quantities: quantities[i]!,
    }));
    return { ...view, values: valueSeries(changes, days, book, range.currency) };
  }

  private async bookFor(
    units: string[],
    currency: string,
    now: Date,
  ): Promise<{ book: PriceBook; available: boolean }> {
    try {
      return { book: await this.deps.books.book(units, currency), available: true };
    } catch (error) {
      this.deps.logger?.warn({ err: error }, 'prices could not be read; valuing nothing');
      return { book: new PriceBook(new Map(), [], { now }), available: false };
    }
  }
}
