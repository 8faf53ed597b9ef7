import type { DailyPriceAnswer, PriceGap } from '../domain/prices/price-source.js';
import { dayNumber, dayText } from '../domain/valuation/utc-day.js';

/** Inclusive day numbers (days since 1970-01-01). */
export interface DayRange {
  from: number;
  to: number;
}

export function dayRangeOf(request: { from: string; to: string }): DayRange {
  const from = dayNumber(request.from);
  const to = dayNumber(request.to);
  if (Number.isNaN(from) || Number.isNaN(to) || from > to) {
    throw new RangeError(`bad day range ${request.from}..${request.to}`);
  }
  return { from, to };
}

export function gapOf(range: DayRange, gap: PriceGap): DailyPriceAnswer['gaps'][number] {
  return { from: dayText(range.from), to: dayText(range.to), gap };
}

/**
 * Splits a request at the earliest day a source serves: the part before is an `outside_history` gap
 * (known without asking), the rest is what to fetch (null when nothing is left).
 */
export function clipToHistory(
  range: DayRange,
  earliest: number | undefined,
): { fetch: DayRange | null; gaps: DailyPriceAnswer['gaps'] } {
  if (earliest === undefined || range.from >= earliest) return { fetch: range, gaps: [] };
  const outside: PriceGap = { kind: 'outside_history', earliest: dayText(earliest) };
  if (range.to < earliest) return { fetch: null, gaps: [gapOf(range, outside)] };
  return {
    fetch: { from: earliest, to: range.to },
    gaps: [gapOf({ from: range.from, to: earliest - 1 }, outside)],
  };
}

/**
 * The days of `range` missing from `priced`, as runs: before the first priced day they are outside
 * the source's history (the asset was not listed yet); holes after it are the source's gaps.
 */
export function unpricedRuns(range: DayRange, priced: ReadonlySet<number>): DailyPriceAnswer['gaps'] {
  const gaps: DailyPriceAnswer['gaps'] = [];
  const first = [...priced].filter((d) => d >= range.from && d <= range.to).sort((a, b) => a - b)[0];
  let start: number | null = null;
  for (let d = range.from; d <= range.to + 1; d++) {
    const missing = d <= range.to && !priced.has(d);
    if (missing && start === null) start = d;
    if (!missing && start !== null) {
      const gap: PriceGap =
        first === undefined || d - 1 < first
          ? { kind: 'outside_history', ...(first !== undefined ? { earliest: dayText(first) } : {}) }
          : { kind: 'unavailable', message: 'the source has no price for these days' };
      gaps.push(gapOf({ from: start, to: d - 1 }, gap));
      start = null;
    }
  }
  return gaps;
}

/** Consecutive days as runs: ['2024-01-01','2024-01-02','2024-01-05'] → two runs. */
export function runsOf(days: readonly string[]): Array<{ from: string; to: string }> {
  const runs: Array<{ from: string; to: string }> = [];
  let start: number | null = null;
  let prev = NaN;
  for (const day of days) {
    const n = dayNumber(day);
    if (start !== null && n === prev + 1) {
      prev = n;
      continue;
    }
    if (start !== null) runs.push({ from: dayText(start), to: dayText(prev) });
    start = n;
    prev = n;
  }
  if (start !== null) runs.push({ from: dayText(start), to: dayText(prev) });
  return runs;
}
