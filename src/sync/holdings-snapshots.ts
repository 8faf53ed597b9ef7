import type { HoldingSnapshotRow } from '../db/repositories/snapshot-repository.js';

const DAY_MS = 86_400_000;

/** Start of the UTC day of `date`. */
export function utcDayStart(date: Date): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
}

/**
 * Daily holdings rows from a wallet's net flows per UTC day and unit (oldest first): one row per day on
 * which a unit's balance changed (the balance at the end of that day, 0 included when a token was
 * spent to nothing), restricted to days from `fromDay` on, plus a row for `today` for every unit still
 * held, so the latest row per unit is the current holding. Pure.
 */
export function buildHoldingRows(
  daily: ReadonlyArray<{ day: Date; unit: string; quantity: bigint }>,
  fromDay: Date,
  today: Date,
): HoldingSnapshotRow[] {
  const from = utcDayStart(fromDay).getTime();
  const todayStart = utcDayStart(today);
  const balance = new Map<string, bigint>();
  const lastRowDay = new Map<string, number>();
  const rows: HoldingSnapshotRow[] = [];
  const sorted = [...daily].sort((a, b) => a.day.getTime() - b.day.getTime() || (a.unit < b.unit ? -1 : 1));
  for (const d of sorted) {
    if (d.quantity === 0n) continue;
    const q = (balance.get(d.unit) ?? 0n) + d.quantity;
    balance.set(d.unit, q);
    const day = utcDayStart(d.day).getTime();
    if (day >= from) {
      rows.push({ asOf: new Date(day), tokenUnit: d.unit, quantity: q });
      lastRowDay.set(d.unit, day);
    }
  }
  for (const [unit, q] of balance) {
    if (q === 0n || lastRowDay.get(unit) === todayStart.getTime()) continue;
    if (todayStart.getTime() < from) continue;
    rows.push({ asOf: todayStart, tokenUnit: unit, quantity: q });
  }
  return rows;
}
