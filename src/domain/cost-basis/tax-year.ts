import type { TaxYearStart } from './settings.js';

/**
 * Tax years, in UTC. Labelling convention: a tax year is labelled by the calendar year in which it
 * STARTS. UK 2024 = 6 Apr 2024 – 5 Apr 2025 (HMRC calls it "2024 to 2025"); AU 2024 = 1 Jul 2024 –
 * 30 Jun 2025 (the ATO calls that "2025"); US 2024 = calendar 2024.
 */
export interface TaxYearRange {
  label: number;
  /** Inclusive, unix ms. */
  start: number;
  /** Exclusive, unix ms. */
  end: number;
}

function startOf(year: number, s: TaxYearStart): number {
  return Date.UTC(year, s.month - 1, s.day);
}

/** The tax year (its label) containing `time` (unix ms or Date). */
export function taxYearOf(time: number | Date, s: TaxYearStart): number {
  const t = typeof time === 'number' ? time : time.getTime();
  const y = new Date(t).getUTCFullYear();
  return t >= startOf(y, s) ? y : y - 1;
}

/** [start, end) of the tax year labelled `label`. */
export function taxYearRange(label: number, s: TaxYearStart): TaxYearRange {
  return { label, start: startOf(label, s), end: startOf(label + 1, s) };
}
