import type { Logger } from 'pino';
import type { PriceRepository } from '../db/repositories/price-repository.js';
import type { DailyPriceAnswer, PriceGap, PriceSource } from '../domain/prices/price-source.js';
import { LOVELACE } from '../domain/prices/price-types.js';
import { ADA } from '../domain/valuation/price-book.js';
import { dayNumber, dayOf, dayText } from '../domain/valuation/utc-day.js';
import { runsOf } from './day-range.js';
import type { PriceDemand } from './price-demand.js';

export interface PriceRefreshOptions {
  /** Also refresh the latest price of every held unit (the scheduled refresh). False: only units with none yet. */
  latest?: boolean;
  signal?: AbortSignal;
}

export interface UnpricedRun {
  unit: string;
  currency: string;
  from: string;
  to: string;
  gap: PriceGap;
}

export interface PriceRefreshReport {
  /** Daily rows written (days no source had stored before). */
  dailyStored: number;
  /** Daily rows deleted because the source that stored them no longer prices that day (a rolled-back fill). */
  dailyWithdrawn: number;
  latestStored: number;
  /** Calls made to each source (`daily` and `latest` answers asked for). */
  calls: Record<string, number>;
  /** The earliest day a new daily price was stored for, or null: snapshot values from it are recomputed. */
  changedFrom: string | null;
  /** What no source could price, with the last source's reason. */
  unpriced: UnpricedRun[];
}

/**
 * Fills the shared price table for what the wallets hold: for each (unit, currency) only the days not
 * stored yet, asked of the sources in their configured order; what one source cannot price (outside
 * its history, down, not listed) is asked of the next, and the row records which source answered.
 * ADA is priced in every configured fiat currency; tokens in ADA (valued in fiat through ADA's price),
 * and directly in fiat where a source lists them. Each (unit, currency, day) is fetched once for the
 * whole system: what is stored is never asked again.
 */
export class PriceRefreshService {
  constructor(
    private readonly deps: {
      prices: PriceRepository;
      demand: PriceDemand;
      sources: readonly PriceSource[];
      /** Fiat currencies (PRICE_CURRENCIES). */
      currencies: readonly string[];
      now?: () => Date;
      logger?: Logger;
      /**
       * A token's current price is read again only when older than this, even on a scheduled refresh:
       * a DEX pool read is a Blockfrost request per token (PRICE_DEX_LATEST_HOURS). Default 12 h.
       */
      tokenLatestEveryMs?: number;
    },
  ) {}

  async refresh(options: PriceRefreshOptions = {}): Promise<PriceRefreshReport> {
    const report: PriceRefreshReport = {
      dailyStored: 0,
      dailyWithdrawn: 0,
      latestStored: 0,
      calls: {},
      changedFrom: null,
      unpriced: [],
    };
    const today = dayText(dayOf((this.deps.now ?? (() => new Date()))()));
    const held = await this.deps.demand.heldUnits();
    if (!held.length) return report;
    const firstOf = new Map(held.map((h) => [h.unit, h.firstDay]));
    // ADA is needed from the first day anything was held: tokens are valued through it.
    const first = held.reduce((m, h) => (h.firstDay < m ? h.firstDay : m), today);
    firstOf.set(LOVELACE, first);
    const tokens = held.map((h) => h.unit).filter((u) => u !== LOVELACE);

    // Latest first: a DEX source finds a new token's pool there, which its history then reads.
    for (const currency of this.deps.currencies) {
      const want = options.latest
        ? [LOVELACE]
        : await this.deps.demand.unitsWithoutLatest([LOVELACE], currency);
      if (want.length) await this.latest(want, currency, report, options.signal);
    }
    const now = (this.deps.now ?? (() => new Date()))();
    const tokenWant = await this.deps.demand.unitsWithoutLatest(
      tokens,
      ADA,
      options.latest ? new Date(now.getTime() - (this.deps.tokenLatestEveryMs ?? 12 * 3_600_000)) : undefined,
    );
    if (tokenWant.length) await this.latest(tokenWant, ADA, report, options.signal);

    for (const currency of this.deps.currencies)
      await this.fill(LOVELACE, currency, first, today, report, options.signal);
    for (const unit of tokens) {
      for (const currency of [ADA, ...this.deps.currencies]) {
        if (!this.deps.sources.some((s) => s.supports(unit, currency))) continue;
        await this.fill(unit, currency, firstOf.get(unit)!, today, report, options.signal);
      }
    }

    this.deps.logger?.info(
      {
        dailyStored: report.dailyStored,
        dailyWithdrawn: report.dailyWithdrawn,
        latestStored: report.latestStored,
        calls: report.calls,
        unpriced: report.unpriced.length,
      },
      'prices refreshed',
    );
    return report;
  }

  /** Stores what the sources have for the days of [from, to] not stored yet. */
  private async fill(
    unit: string,
    currency: string,
    from: string,
    to: string,
    report: PriceRefreshReport,
    signal?: AbortSignal,
  ): Promise<void> {
    const missing = await this.deps.prices.missingDays(unit, currency, from, to);
    let open: Array<{ from: string; to: string; gap: PriceGap }> = runsOf(missing).map((r) => ({
      ...r,
      gap: { kind: 'unsupported' },
    }));
    const ranked = this.deps.sources.map((s) => s.name);
    for (const [rank, source] of this.deps.sources.entries()) {
      if (!source.supports(unit, currency)) continue;
      if (source.revisitsStoredDays) {
        // Asked for the whole range: a fill synced today may price a day another source stored
        // before; its row then replaces that one only if the configured order ranks this source higher.
        signal?.throwIfAborted();
        const answer = await source.daily({ unit, currency, from, to }, signal);
        report.calls[source.name] = (report.calls[source.name] ?? 0) + 1;
        this.stored(
          report,
          answer,
          await this.deps.prices.upsertDaily(answer.prices, { over: ranked.slice(rank) }),
        );
        const priced = new Set(answer.prices.map((p) => p.day));
        open = open.flatMap((run) =>
          runsOf(daysOf(run).filter((d) => !priced.has(d))).map((r) => ({ ...r, gap: run.gap })),
        );
        // A day this source priced before and no longer does (its fill was rolled back) loses its row,
        // is revalued, and is open to the sources after it in this pass (those before it: next pass).
        const withdrawn = await this.deps.prices.withdrawDaily(source.name, unit, currency, { from, to }, [
          ...priced,
        ]);
        if (withdrawn.length) {
          report.dailyWithdrawn += withdrawn.length;
          this.changedSince(report, withdrawn[0]!);
          open = [
            ...open,
            ...runsOf(withdrawn).map((r) => ({ ...r, gap: { kind: 'unsupported' as const } })),
          ].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
        }
        continue;
      }
      // Not `break`: a revisiting source later in the order is still asked.
      if (!open.length) continue;
      const next: typeof open = [];
      for (const run of open) {
        signal?.throwIfAborted();
        const answer: DailyPriceAnswer = await source.daily(
          { unit, currency, from: run.from, to: run.to },
          signal,
        );
        report.calls[source.name] = (report.calls[source.name] ?? 0) + 1;
        this.stored(report, answer, await this.deps.prices.upsertDaily(answer.prices, 'keep'));
        // Only the asked days a source could not price go on to the next source.
        for (const g of answer.gaps) {
          const a = g.from < run.from ? run.from : g.from;
          const b = g.to > run.to ? run.to : g.to;
          if (a <= b) next.push({ from: a, to: b, gap: g.gap });
        }
      }
      open = next;
    }
    for (const run of open) report.unpriced.push({ unit, currency, ...run });
  }

  /** Counts what a source's answer wrote and from which day snapshot values must be recomputed. */
  private stored(report: PriceRefreshReport, answer: DailyPriceAnswer, stored: number): void {
    report.dailyStored += stored;
    if (!stored) return;
    this.changedSince(
      report,
      answer.prices.reduce((m, p) => (p.day < m ? p.day : m), answer.prices[0]!.day),
    );
  }

  private changedSince(report: PriceRefreshReport, day: string): void {
    if (report.changedFrom === null || day < report.changedFrom) report.changedFrom = day;
  }

  private async latest(
    units: string[],
    currency: string,
    report: PriceRefreshReport,
    signal?: AbortSignal,
  ): Promise<void> {
    let open = units;
    for (const source of this.deps.sources) {
      const asked = open.filter((u) => source.supports(u, currency));
      if (!asked.length) continue;
      signal?.throwIfAborted();
      const answer = await source.latest(asked, currency, signal);
      report.calls[source.name] = (report.calls[source.name] ?? 0) + 1;
      report.latestStored += await this.deps.prices.upsertLatest(answer.prices);
      const got = new Set(answer.prices.map((p) => p.unit));
      open = open.filter((u) => !got.has(u));
      if (!open.length) break;
    }
  }
}

/** Every day of an inclusive run, `YYYY-MM-DD`. */
function daysOf(run: { from: string; to: string }): string[] {
  const days: string[] = [];
  for (let d = dayNumber(run.from); d <= dayNumber(run.to); d++) days.push(dayText(d));
  return days;
}
