import type { Logger } from 'pino';
import {
  FILL_SOURCE,
  fillExecution,
  fillPricePoints,
  type FillExecution,
} from '../domain/prices/fill-prices.js';
import type {
  DailyPriceAnswer,
  DailyPriceRequest,
  LatestPriceAnswer,
  PriceSource,
} from '../domain/prices/price-source.js';
import { ADA } from '../domain/valuation/price-book.js';
import { dayRangeOf, runsOf } from './day-range.js';
import { dayText } from '../domain/valuation/utc-day.js';
import { isTokenUnit } from '../domain/prices/price-types.js';
import type { SwapFillStore } from './swap-fill-store.js';

export interface FillPriceSourceDeps {
  swaps: SwapFillStore;
  /** Token decimals from the stored metadata (absent: not known yet, so no price). */
  decimals(units: readonly string[]): Promise<ReadonlyMap<string, number | null>>;
  logger?: Logger;
}

/**
 * Token/ADA daily prices from the users' own filled DEX swaps: each fill is an exact execution price
 * at its block, already synced, so asking costs no request of any API. History only: a fill says
 * nothing about today's price, so `latest` answers nothing and the current price stays the pools'.
 * Its answers grow with every wallet sync, hence `revisitsStoredDays`.
 */
export class FillPriceSource implements PriceSource {
  readonly name = FILL_SOURCE;
  readonly revisitsStoredDays = true;

  constructor(private readonly deps: FillPriceSourceDeps) {}

  supports(unit: string, currency: string): boolean {
    return currency === ADA && isTokenUnit(unit);
  }

  async daily(request: DailyPriceRequest): Promise<DailyPriceAnswer> {
    const range = dayRangeOf(request);
    if (!this.supports(request.unit, request.currency)) {
      return { prices: [], gaps: [{ from: request.from, to: request.to, gap: { kind: 'unsupported' } }] };
    }
    const swaps = await this.deps.swaps.settledSwaps(request.unit, request.from, request.to);
    const executions: FillExecution[] = [];
    const skipped: Record<string, number> = {};
    for (const swap of swaps) {
      const outcome = fillExecution(swap);
      if ('skip' in outcome) skipped[outcome.skip] = (skipped[outcome.skip] ?? 0) + 1;
      else if (outcome.execution.unit === request.unit) executions.push(outcome.execution);
    }
    if (Object.keys(skipped).length)
      this.deps.logger?.debug({ unit: request.unit, skipped }, 'fills without an exact price');
    const prices = executions.length
      ? fillPricePoints(executions, await this.deps.decimals([request.unit])).filter(
          (p) => p.day >= request.from && p.day <= request.to,
        )
      : [];
    const priced = new Set(prices.map((p) => p.day));
    const open: string[] = [];
    for (let d = range.from; d <= range.to; d++) if (!priced.has(dayText(d))) open.push(dayText(d));
    // A day without a fill is not a failure of this source: the next one is asked.
    return { prices, gaps: runsOf(open).map((r) => ({ ...r, gap: { kind: 'unsupported' } })) };
  }

  latest(units: readonly string[]): Promise<LatestPriceAnswer> {
    return Promise.resolve({
      prices: [],
      gaps: units.map((unit) => ({ unit, gap: { kind: 'unsupported' } })),
    });
  }
}
