import type { Decimal } from 'decimal.js';
import { money, valueOf, ZERO } from './money.js';
import type { CostBasisResult, CostBasisWarning, Disposal, IncomeRow } from './result.js';
import type { TaxYearStart } from './settings.js';
import { taxYearOf, taxYearRange } from './tax-year.js';

export interface GainsReportOptions {
  /** A tax year label (see tax-year.ts), with the result's `taxYearStart` unless given. */
  taxYear?: number;
  taxYearStart?: TaxYearStart;
  /** [from, to) in unix ms; ignored when `taxYear` is given. Neither: everything. */
  range?: { from: number; to: number };
  /** One wallet (its `#deposit` / `#listing` holdings included); default all. */
  walletId?: string;
  /** Current price of one whole token, for unrealized gains. */
  currentPrice?: (unit: string) => Decimal | null;
}

export interface UnrealizedRow {
  unit: string;
  quantity: bigint;
  cost: Decimal;
  /** null when no current price. */
  value: Decimal | null;
  gain: Decimal | null;
}

export interface GainsReport {
  range: { from: number; to: number } | null;
  walletId: string | null;
  disposals: Disposal[];
  totals: {
    proceeds: Decimal;
    cost: Decimal;
    gain: Decimal;
    shortTermGain: Decimal;
    longTermGain: Decimal;
    count: number;
  };
  /** Open lots at the end of the events (not limited to the range). */
  unrealized: UnrealizedRow[];
  income: { total: Decimal; byYear: Array<{ year: number; value: Decimal }>; rows: IncomeRow[] };
  warnings: { missingBasis: number; missingPrice: number; items: CostBasisWarning[] };
}

/** Realized and unrealized gains, income and warning counts of a result, for a period and wallet. */
export function gainsReport(result: CostBasisResult, options: GainsReportOptions = {}): GainsReport {
  const start = options.taxYearStart ?? result.settings.taxYearStart;
  const range =
    options.taxYear !== undefined
      ? (({ start: from, end: to }) => ({ from, to }))(taxYearRange(options.taxYear, start))
      : (options.range ?? null);
  const w = options.walletId ?? null;
  const inRange = (t: number) => !range || (t >= range.from && t < range.to);
  const mine = (walletId: string) => w === null || walletId === w || walletId.startsWith(`${w}#`);

  const disposals = result.disposals.filter((d) => inRange(d.dateSold) && mine(d.walletId));
  const totals = {
    proceeds: ZERO,
    cost: ZERO,
    gain: ZERO,
    shortTermGain: ZERO,
    longTermGain: ZERO,
    count: disposals.length,
  };
  for (const d of disposals) {
    totals.proceeds = totals.proceeds.plus(d.proceeds);
    totals.cost = totals.cost.plus(d.cost);
    totals.gain = totals.gain.plus(d.gain);
    if (d.term === 'short') totals.shortTermGain = totals.shortTermGain.plus(d.gain);
    if (d.term === 'long') totals.longTermGain = totals.longTermGain.plus(d.gain);
  }

  const byUnit = new Map<string, { quantity: bigint; cost: Decimal; decimals: number }>();
  for (const lot of result.lots) {
    if (!mine(lot.walletId)) continue;
    const u = byUnit.get(lot.unit) ?? { quantity: 0n, cost: ZERO, decimals: lot.decimals };
    u.quantity += lot.quantity;
    u.cost = u.cost.plus(lot.cost);
    byUnit.set(lot.unit, u);
  }
  const unrealized = [...byUnit.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([unit, u]) => {
      const price = options.currentPrice?.(unit) ?? null;
      const value = price === null ? null : valueOf(u.quantity, u.decimals, money(price));
      return {
        unit,
        quantity: u.quantity,
        cost: u.cost,
        value,
        gain: value === null ? null : value.minus(u.cost),
      };
    });

  const rows = result.income.filter((r) => inRange(r.date) && mine(r.walletId));
  const years = new Map<number, Decimal>();
  let total = ZERO;
  for (const r of rows) {
    total = total.plus(r.value);
    const y = taxYearOf(r.date, start);
    years.set(y, (years.get(y) ?? ZERO).plus(r.value));
  }

  const items = result.warnings.filter((x) => inRange(x.time) && mine(x.walletId));
  return {
    range,
    walletId: w,
    disposals,
    totals,
    unrealized,
    income: {
      total,
      byYear: [...years.entries()].sort(([a], [b]) => a - b).map(([year, value]) => ({ year, value })),
      rows,
    },
    warnings: {
      missingBasis: items.filter((x) => x.kind === 'missing_basis').length,
      missingPrice: items.filter((x) => x.kind === 'missing_price').length,
      items,
    },
  };
}
