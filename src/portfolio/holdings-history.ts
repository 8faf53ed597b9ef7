import type { HistoryInterval, HoldingSeriesRow } from '../db/repositories/pg-portfolio-read-repository.js';
import { dayIso } from '../domain/valuation/utc-day.js';
import { formatAmount, tokenDisplay, type TokenDisplay } from './token-display.js';

const DAY_MS = 86_400_000;

/**
 * Holdings per token over a range, as change points: `buckets` lists the start of every bucket from
 * the first with data to the one containing `to`; a token's `amounts[j]` is its total (decimals
 * applied) from bucket `at[j]` until its next change. Values carry over quiet buckets, so a year of
 * daily history for 30 tokens is ~2,000 changes instead of ~11,000 repeated values.
 */
export interface HistoryView {
  interval: HistoryInterval;
  from: string;
  to: string;
  tokens: TokenDisplay[];
  buckets: string[];
  series: Array<{ unit: string; at: number[]; amounts: string[] }>;
}

/** Start (UTC) of the day, ISO week (Monday) or month containing `t`, as PostgreSQL's date_trunc. */
export function bucketStart(t: Date, interval: HistoryInterval): Date {
  return new Date(bucketDay(Math.floor(t.getTime() / DAY_MS), interval) * DAY_MS);
}

/** The bucket containing a UTC day number (days since 1970-01-01, a Thursday), as a day number. */
function bucketDay(day: number, interval: HistoryInterval): number {
  if (interval === 'day') return day;
  if (interval === 'week') return day - ((((day + 3) % 7) + 7) % 7);
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / DAY_MS;
}

/** Position of a bucket counted from the bucket `origin` (both bucket starts, as day numbers). */
function bucketOffset(bucket: number, origin: number, interval: HistoryInterval): number {
  if (interval === 'day') return bucket - origin;
  if (interval === 'week') return (bucket - origin) / 7;
  const b = new Date(bucket * DAY_MS);
  const o = new Date(origin * DAY_MS);
  return (b.getUTCFullYear() - o.getUTCFullYear()) * 12 + b.getUTCMonth() - o.getUTCMonth();
}

/** ISO string of the start of bucket `offset` counted from `origin`. */
function bucketIso(origin: number, offset: number, interval: HistoryInterval): string {
  if (interval === 'day') return dayIso(origin + offset);
  if (interval === 'week') return dayIso(origin + 7 * offset);
  const o = new Date(origin * DAY_MS);
  return new Date(Date.UTC(o.getUTCFullYear(), o.getUTCMonth() + offset, 1)).toISOString();
}

/**
 * Sums the wallets' snapshot rows into per-token change points. Each row adds its difference to the
 * previous row of its wallet and token to its bucket; rows before `from` all fall into the first
 * bucket, where their differences telescope to the quantity held when the range opens. A running sum
 * of a token's bucket deltas is then its total at the end of each bucket.
 */
export function buildHoldingsHistory(
  rows: HoldingSeriesRow[],
  range: { from: Date; to: Date; interval: HistoryInterval },
): HistoryView {
  return holdingsHistory(rows, range).view;
}

/**
 * The history and, per series, the totals behind its `amounts` in base units (numbers when exact,
 * else bigints), so valuing it does not parse the text back (~0.5 ms for a year of 30 tokens).
 */
export interface HoldingsHistory {
  view: HistoryView;
  quantities: Array<number[] | bigint[]>;
}

/** buildHoldingsHistory with the base-unit totals alongside (see HoldingsHistory). */
export function holdingsHistory(
  rows: HoldingSeriesRow[],
  range: { from: Date; to: Date; interval: HistoryInterval },
): HoldingsHistory {
  const { interval } = range;
  const origin = bucketDay(Math.floor(range.from.getTime() / DAY_MS), interval);
  const last = bucketOffset(bucketDay(Math.floor(range.to.getTime() / DAY_MS), interval), origin, interval);
  // Bucket of a day as an offset from `origin`; months need a Date, so memoised (days repeat across
  // wallets).
  const monthOffsets = new Map<number, number>();
  const offsetOf = (day: number): number => {
    if (interval !== 'month') return bucketOffset(bucketDay(day, interval), origin, interval);
    let o = monthOffsets.get(day);
    if (o === undefined)
      monthOffsets.set(day, (o = bucketOffset(bucketDay(day, interval), origin, interval)));
    return o;
  };

  const groups = new Map<string, HoldingSeriesRow[]>();
  for (const row of rows) {
    const group = groups.get(row.tokenUnit);
    if (group) group.push(row);
    else groups.set(row.tokenUnit, [row]);
  }
  const accs = [...groups].map(([unit, group]) => {
    const deltas = bucketDeltas(group.map(ascending), offsetOf);
    let first = 0;
    while (deltas[first] === undefined) first++;
    return { unit, token: tokenDisplay(unit, group[0]!.token ?? undefined), deltas, first };
  });

  // Tokens in the order they first appear (by first bucket, then unit).
  accs.sort((x, y) => x.first - y.first || (x.unit < y.unit ? -1 : 1));
  const start = accs.length > 0 ? accs[0]!.first : 0;
  const buckets: string[] = [];
  if (accs.length > 0) {
    for (let k = start; k <= last; k++) buckets.push(bucketIso(origin, k, interval));
  }
  const quantities: Array<number[] | bigint[]> = [];
  const series = accs.map(({ unit, token, deltas, first }) => {
    const at: number[] = [];
    const amounts: string[] = [];
    // The same loop twice: in numbers when the deltas are (exact, see bucketDeltas), else in bigints.
    if (typeof deltas[first] === 'number') {
      const totals: number[] = [];
      let total = 0;
      for (let k = first; k < deltas.length; k++) {
        const delta = deltas[k] as number | undefined;
        if (delta === undefined || (delta === 0 && at.length > 0)) continue;
        total += delta;
        at.push(k - start);
        totals.push(total);
        amounts.push(formatAmount(total, token.decimals));
      }
      quantities.push(totals);
    } else {
      const totals: bigint[] = [];
      let total = 0n;
      for (let k = first; k < deltas.length; k++) {
        const delta = deltas[k] as bigint | undefined;
        if (delta === undefined || (delta === 0n && at.length > 0)) continue;
        total += delta;
        at.push(k - start);
        totals.push(total);
        amounts.push(formatAmount(total, token.decimals));
      }
      quantities.push(totals);
    }
    return { unit, at, amounts };
  });
  return {
    view: {
      interval,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      tokens: accs.map((a) => a.token),
      buckets,
      series,
    },
    quantities,
  };
}

/**
 * Per bucket offset, the change of one token's total over all wallets: each row adds its difference
 * to the previous row of its wallet. In numbers when that is exact (every quantity below 10^15 and
 * small enough that no partial sum can leave the safe integers), which is several
 * times cheaper than bigints for the thousands of rows of a year; in bigints otherwise.
 */
function bucketDeltas(
  group: HoldingSeriesRow[],
  offsetOf: (day: number) => number,
): Array<number | undefined> | Array<bigint | undefined> {
  let bound = 0;
  for (const row of group) {
    if (typeof row.quantities[0] !== 'number') return bigintDeltas(group, offsetOf);
    for (const q of row.quantities as number[]) if (Math.abs(q) > bound) bound = Math.abs(q);
  }
  // Every partial sum below is at most the wallets' differences added up: 2 × bound per wallet.
  if (2 * bound * (group.length + 1) > Number.MAX_SAFE_INTEGER) return bigintDeltas(group, offsetOf);
  const deltas: Array<number | undefined> = [];
  for (const { days, quantities } of group) {
    let previous = 0;
    for (let i = 0; i < days.length; i++) {
      const offset = Math.max(0, offsetOf(days[i]!));
      const quantity = quantities[i] as number;
      deltas[offset] = (deltas[offset] ?? 0) + quantity - previous;
      previous = quantity;
    }
  }
  return deltas;
}

function bigintDeltas(
  group: HoldingSeriesRow[],
  offsetOf: (day: number) => number,
): Array<bigint | undefined> {
  const deltas: Array<bigint | undefined> = [];
  for (const { days, quantities } of group) {
    let previous = 0n;
    for (let i = 0; i < days.length; i++) {
      const offset = Math.max(0, offsetOf(days[i]!));
      const quantity = BigInt(quantities[i]!);
      deltas[offset] = (deltas[offset] ?? 0n) + quantity - previous;
      previous = quantity;
    }
  }
  return deltas;
}

/** The row's days ascending (they come so from the index; sorted here only should they not). */
function ascending(row: HoldingSeriesRow): HoldingSeriesRow {
  const { days, quantities } = row;
  for (let i = 1; i < days.length; i++) {
    if (days[i]! < days[i - 1]!) {
      const order = days.map((_, j) => j).sort((a, b) => days[a]! - days[b]!);
      return {
        ...row,
        days: order.map((j) => days[j]!),
        quantities: order.map((j) => quantities[j]!) as number[] | bigint[],
      };
    }
  }
  return row;
}
