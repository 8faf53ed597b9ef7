import type { Decimal } from 'decimal.js';
import { formatAmount } from '../domain/amounts.js';
import { taxYearOf, type Disposal } from '../domain/cost-basis/index.js';
import type { GainsComputation } from './gains-service.js';
import { yearStartText } from './gains-settings.js';

/** Money as the API shows it: exact up to 8 places (proration carries 18), trailing zeros cut. */
export const moneyJson = (d: Decimal): string => {
  const s = d.toDecimalPlaces(8).toFixed();
  return s === '-0' ? '0' : s;
};

const iso = (ms: number) => new Date(ms).toISOString();

/** The `/api/gains` body (docs/gains-api.md) of a computation, for a period and the wallets' ids. */
export function gainsView(
  c: GainsComputation,
  period: { year: number | null; from: number | null; to: number | null },
  walletIds: ReadonlyMap<string, string>,
) {
  const { report, settings } = c;
  const token = (unit: string) => {
    if (unit === 'lovelace') return { ticker: 'ADA', name: 'Cardano', decimals: 6 };
    const t = c.tokens.get(unit);
    return { ticker: t?.ticker ?? null, name: t?.name ?? null, decimals: t?.decimals ?? 0 };
  };
  const qty = (unit: string, q: bigint) => formatAmount(q, token(unit).decimals);
  const owner = (walletId: string) => {
    const i = walletId.indexOf('#');
    return i < 0 ? walletId : walletId.slice(0, i);
  };

  const byToken = new Map<string, { quantity: bigint; proceeds: Decimal; cost: Decimal; gain: Decimal }>();
  const byYear = new Map<number, { proceeds: Decimal; cost: Decimal; gain: Decimal }>();
  const add = (d: Disposal) => {
    const t = byToken.get(d.unit);
    if (t) {
      t.quantity += d.quantity;
      t.proceeds = t.proceeds.plus(d.proceeds);
      t.cost = t.cost.plus(d.cost);
      t.gain = t.gain.plus(d.gain);
    } else byToken.set(d.unit, { quantity: d.quantity, proceeds: d.proceeds, cost: d.cost, gain: d.gain });
    const year = taxYearOf(d.dateSold, settings.taxYearStart);
    const y = byYear.get(year);
    if (y) {
      y.proceeds = y.proceeds.plus(d.proceeds);
      y.cost = y.cost.plus(d.cost);
      y.gain = y.gain.plus(d.gain);
    } else byYear.set(year, { proceeds: d.proceeds, cost: d.cost, gain: d.gain });
  };
  report.disposals.forEach(add);

  let unrealizedCost = report.totals.cost.minus(report.totals.cost);
  let unrealizedValue = unrealizedCost;
  let unpriced = 0;
  for (const u of report.unrealized) {
    unrealizedCost = unrealizedCost.plus(u.cost);
    if (u.value === null) unpriced++;
    else unrealizedValue = unrealizedValue.plus(u.value);
  }
  let pricedCost = unrealizedCost.minus(unrealizedCost);
  for (const u of report.unrealized) if (u.value !== null) pricedCost = pricedCost.plus(u.cost);

  const incomeYears = new Map<number, { count: number; value: Decimal }>();
  for (const r of report.income.rows) {
    const y = taxYearOf(r.date, settings.taxYearStart);
    const e = incomeYears.get(y);
    if (e) {
      e.count++;
      e.value = e.value.plus(r.value);
    } else incomeYears.set(y, { count: 1, value: r.value });
  }

  return {
    method: settings.method,
    currency: settings.currency,
    taxYearStart: yearStartText(settings.taxYearStart),
    rewardPolicy: settings.rewardPolicy,
    feePolicy: settings.feePolicy,
    period: {
      year: period.year,
      from: period.from === null ? null : iso(period.from),
      to: period.to === null ? null : iso(period.to),
    },
    disposals: report.disposals.map((d) => ({
      eventId: d.eventId,
      txHash: c.txOf(d.eventId),
      walletId: walletIds.get(owner(d.walletId)) ?? null,
      walletAddress: owner(d.walletId),
      unit: d.unit,
      ticker: token(d.unit).ticker,
      name: token(d.unit).name,
      quantity: qty(d.unit, d.quantity),
      dateAcquired:
        d.dateAcquired === null ? null : d.dateAcquired === 'various' ? 'various' : iso(d.dateAcquired),
      dateSold: iso(d.dateSold),
      proceeds: moneyJson(d.proceeds),
      cost: moneyJson(d.cost),
      gain: moneyJson(d.gain),
      term: d.term,
      flags: d.flags,
    })),
    realized: {
      proceeds: moneyJson(report.totals.proceeds),
      cost: moneyJson(report.totals.cost),
      gain: moneyJson(report.totals.gain),
      shortTermGain: moneyJson(report.totals.shortTermGain),
      longTermGain: moneyJson(report.totals.longTermGain),
      byToken: [...byToken].map(([unit, t]) => ({
        unit,
        ticker: token(unit).ticker,
        name: token(unit).name,
        quantity: qty(unit, t.quantity),
        proceeds: moneyJson(t.proceeds),
        cost: moneyJson(t.cost),
        gain: moneyJson(t.gain),
      })),
      byYear: [...byYear]
        .sort(([a], [b]) => a - b)
        .map(([year, y]) => ({
          year,
          proceeds: moneyJson(y.proceeds),
          cost: moneyJson(y.cost),
          gain: moneyJson(y.gain),
        })),
    },
    unrealized: {
      cost: moneyJson(unrealizedCost),
      value: moneyJson(unrealizedValue),
      // Over the priced holdings only: an unpriced one is counted in `unpriced`, never valued at 0.
      gain: moneyJson(unrealizedValue.minus(pricedCost)),
      unpriced,
      byToken: report.unrealized
        .filter((u) => u.quantity !== 0n)
        .map((u) => ({
          unit: u.unit,
          ticker: token(u.unit).ticker,
          name: token(u.unit).name,
          quantity: qty(u.unit, u.quantity),
          cost: moneyJson(u.cost),
          value: u.value === null ? null : moneyJson(u.value),
          gain: u.gain === null ? null : moneyJson(u.gain),
        })),
    },
    income: {
      total: moneyJson(report.income.total),
      byYear: [...incomeYears]
        .sort(([a], [b]) => a - b)
        .map(([year, y]) => ({ year, count: y.count, value: moneyJson(y.value) })),
      rows: report.income.rows.map((r) => ({
        eventId: r.eventId,
        walletAddress: owner(r.walletId),
        date: iso(r.date),
        unit: r.unit,
        quantity: qty(r.unit, r.quantity),
        value: moneyJson(r.value),
        missingPrice: r.missingPrice,
      })),
    },
    warnings: report.warnings.items.map((w) => ({
      kind: w.kind,
      eventId: w.eventId,
      txHash: c.txOf(w.eventId),
      walletAddress: owner(w.walletId),
      time: iso(w.time),
      unit: w.unit,
      ticker: token(w.unit).ticker,
      quantity: qty(w.unit, w.quantity),
    })),
    counts: {
      missingBasis: report.warnings.missingBasis,
      missingPrice: report.warnings.missingPrice,
      events: c.events.length,
    },
  };
}

export type GainsViewJson = ReturnType<typeof gainsView>;
