import type { EpochTotal } from '../api/types.js';
import { unitsToChartNumber } from '../format/amounts.js';

/**
 * One epoch of the rewards chart. The `*Exact` fields are what tooltips and tables print; the plain
 * numbers are for bar heights and line positions only (recharts needs numbers), never displayed.
 */
export interface EpochPoint {
  epoch: number;
  count: number;
  lovelace: string;
  value: string | null;
  unpriced: number;
  yieldExact: string | null;
  poolYieldExact: string | null;
  ada: number;
  valueNumber: number | null;
  /** Percent a year (3.1 = 3.1 %). */
  yieldPercent: number | null;
  poolYieldPercent: number | null;
}

const percent = (fraction: string | null) => (fraction === null ? null : Number(fraction) * 100);

export function epochPoints(byEpoch: readonly EpochTotal[]): EpochPoint[] {
  return byEpoch.map((e) => ({
    epoch: e.epoch,
    count: e.count,
    lovelace: e.amountLovelace,
    value: e.value,
    unpriced: e.unpriced,
    yieldExact: e.annualisedYield,
    poolYieldExact: e.poolAnnualisedYield,
    ada: unitsToChartNumber(e.amountLovelace, 6),
    valueNumber: e.value === null ? null : Number(e.value),
    yieldPercent: percent(e.annualisedYield),
    poolYieldPercent: percent(e.poolAnnualisedYield),
  }));
}

/** Whether any epoch has a yield to plot (member rewards with a known stake, or a pool's result). */
export function hasYields(points: readonly EpochPoint[]): boolean {
  return points.some((p) => p.yieldPercent !== null || p.poolYieldPercent !== null);
}
