import type { HoldingsHistory } from './types.js';

/**
 * One token's holding at every bucket of a history response, expanded from its change points
 * (the API sends a value only where it changed). Buckets before the token's first change hold '0'.
 */
export function historyValues(history: HoldingsHistory, unit: string): Array<{ at: string; amount: string }> {
  const series = history.series.find((s) => s.unit === unit);
  const at = series?.at ?? [];
  const amounts = series?.amounts ?? [];
  let next = 0;
  let amount = '0';
  return history.buckets.map((bucket, i) => {
    while (next < at.length && at[next]! <= i) amount = amounts[next++]!;
    return { at: bucket, amount };
  });
}
