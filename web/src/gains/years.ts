import type { GainsReport } from '../api/types.js';

/**
 * Tax years: a label is the calendar year the tax year starts in (`2024` with a 6 April start is
 * 6 Apr 2024 – 5 Apr 2025), as the API's `year` parameter reads it.
 */

function parseStart(taxYearStart: string): { month: number; day: number } {
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(taxYearStart);
  const month = m ? Number(m[1]) : 1;
  const day = m ? Number(m[2]) : 1;
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? { month, day } : { month: 1, day: 1 };
}

/** The tax year (label) an instant falls in, in UTC. */
export function taxYearOf(iso: string, taxYearStart: string): number | null {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return null;
  const { month, day } = parseStart(taxYearStart);
  const year = t.getUTCFullYear();
  return t.getTime() >= Date.UTC(year, month - 1, day) ? year : year - 1;
}

/** `2024`, `4-6` → `6 Apr 2024 – 5 Apr 2025`; `1-1` → `2024` (a calendar year needs no range). */
export function taxYearLabel(year: number, taxYearStart: string): string {
  const { month, day } = parseStart(taxYearStart);
  if (month === 1 && day === 1) return String(year);
  const fmt = (d: Date) =>
    d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const start = new Date(Date.UTC(year, month - 1, day));
  const end = new Date(Date.UTC(year + 1, month - 1, day) - 86_400_000);
  return `${fmt(start)} – ${fmt(end)}`;
}

/**
 * Every tax year with data in a report (disposals, income, warnings), with the years already known
 * (a one-year report keeps the others in the list) and the current one; newest first.
 */
export function yearOptions(
  report: GainsReport | undefined,
  known: readonly number[] = [],
  now: Date = new Date(),
): number[] {
  const years = new Set(known);
  if (report) {
    const start = report.taxYearStart;
    for (const y of report.realized.byYear) years.add(y.year);
    for (const y of report.income.byYear) years.add(y.year);
    const times = [...report.disposals.map((d) => d.dateSold), ...report.warnings.map((w) => w.time)];
    for (const t of times) {
      const y = taxYearOf(t, start);
      if (y !== null) years.add(y);
    }
    const current = taxYearOf(now.toISOString(), start);
    if (current !== null) years.add(current);
  }
  return [...years].sort((a, b) => b - a);
}
