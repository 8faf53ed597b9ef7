import type { PriceRepository } from '../db/repositories/price-repository.js';
import type { LatestPrice } from '../domain/prices/price-types.js';
import { LOVELACE } from '../domain/prices/price-types.js';
import { ADA, PriceBook } from '../domain/valuation/price-book.js';
import { priceSeriesOf, seriesKey, type PriceSeries } from '../domain/valuation/price-series.js';

export interface PriceBookLoaderOptions {
  /** How long a loaded (unit, currency) history serves before it is read again. Default 60 s. */
  ttlMs?: number;
  /**
   * A pair with no stored price at all is read again after this long, so the first prices a refresh
   * stores (a new wallet's first sync) show within seconds, not a full `ttlMs`. Default 5 s.
   */
  emptyTtlMs?: number;
  /** Most (unit, currency) histories kept; the oldest loaded are dropped first. Default 5,000. */
  maxKeys?: number;
  /** Passed to every PriceBook (see PriceBookOptions.carryDays). */
  carryDays?: number;
}

interface Entry {
  loadedAt: number;
  /** Set once loaded: the pair had neither daily rows nor a latest price. */
  empty?: boolean;
  value: Promise<{ series: PriceSeries | undefined; latest: LatestPrice | undefined }>;
}

/**
 * Builds price books for the read side. Prices are public and change about once a day, so each
 * (unit, currency) history is read once (whole, every day stored) and kept for `ttlMs` by every
 * user's requests; a request only reads the pairs no one asked for recently, in one query for the
 * daily rows and one for the latest. `invalidate()` drops everything (a refresh just stored prices).
 */
export class PriceBookLoader {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly emptyTtlMs: number;
  private readonly maxKeys: number;

  constructor(
    private readonly deps: { prices: Pick<PriceRepository, 'daily' | 'latest'>; now: () => Date },
    private readonly options: PriceBookLoaderOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.emptyTtlMs = Math.min(this.ttlMs, options.emptyTtlMs ?? 5_000);
    this.maxKeys = options.maxKeys ?? 5_000;
  }

  /** The pairs valuing `units` in `currency` need: direct, and token/ADA × ADA/currency. */
  static pairsFor(units: readonly string[], currency: string): Array<[string, string]> {
    const pairs = new Map<string, [string, string]>();
    const add = (unit: string, c: string) => pairs.set(seriesKey(unit, c), [unit, c]);
    for (const unit of units) {
      if (unit === LOVELACE) {
        if (currency !== ADA) add(LOVELACE, currency);
        continue;
      }
      add(unit, currency);
      if (currency !== ADA) {
        add(unit, ADA);
        add(LOVELACE, currency);
      }
    }
    return [...pairs.values()];
  }

  async book(units: readonly string[], currency: string): Promise<PriceBook> {
    const now = this.deps.now();
    const pairs = PriceBookLoader.pairsFor(units, currency);
    const missing: Array<[string, string]> = [];
    for (const [unit, c] of pairs) {
      const entry = this.entries.get(seriesKey(unit, c));
      const ttl = entry?.empty ? this.emptyTtlMs : this.ttlMs;
      if (!entry || now.getTime() - entry.loadedAt > ttl) missing.push([unit, c]);
    }
    if (missing.length) this.load(missing, now.getTime());
    // Taken before any await: an entry evicted meanwhile still resolves for this request.
    const answers = await Promise.all(pairs.map(([unit, c]) => this.entries.get(seriesKey(unit, c))!.value));
    const series = new Map<string, PriceSeries>();
    const latest: LatestPrice[] = [];
    pairs.forEach(([unit, c], i) => {
      const got = answers[i]!;
      if (got.series) series.set(seriesKey(unit, c), got.series);
      if (got.latest) latest.push(got.latest);
    });
    return new PriceBook(series, latest, {
      now,
      ...(this.options.carryDays !== undefined ? { carryDays: this.options.carryDays } : {}),
    });
  }

  invalidate(): void {
    this.entries.clear();
  }

  private load(pairs: Array<[string, string]>, at: number): void {
    const units = [...new Set(pairs.map(([u]) => u))];
    const currencies = [...new Set(pairs.map(([, c]) => c))];
    const rows = Promise.all([
      this.deps.prices.daily({ units, currencies, from: '0001-01-01', to: '9999-12-31' }),
      this.deps.prices.latest(units, currencies),
    ]).then(([daily, latest]) => ({
      series: priceSeriesOf(daily),
      latest: new Map(latest.map((l) => [seriesKey(l.unit, l.currency), l])),
    }));
    // A failed read is not kept: the next request tries again.
    rows.catch(() => {
      for (const [u, c] of pairs)
        if (this.entries.get(seriesKey(u, c))?.loadedAt === at) this.entries.delete(seriesKey(u, c));
    });
    for (const [unit, c] of pairs) {
      const key = seriesKey(unit, c);
      this.entries.delete(key);
      const value = rows.then((r) => ({ series: r.series.get(key), latest: r.latest.get(key) }));
      value.catch(() => undefined); // the requests awaiting it get the error; no unhandled rejection
      const entry: Entry = { loadedAt: at, value };
      value.then((v) => (entry.empty = !v.series && !v.latest)).catch(() => undefined);
      this.entries.set(key, entry);
    }
    while (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value!);
  }
}
