import { taxYearRange, type TaxYearStart } from '../domain/cost-basis/index.js';
import { GainsInputError } from './gains-settings.js';

/** A report's period: a tax year, a [from, to) range of UTC days, or all time (nulls). */
export interface GainsPeriod {
  year: number | null;
  /** Unix ms, inclusive. */
  from: number | null;
  /** Unix ms, exclusive. */
  to: number | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function dayMs(field: string, value: string): number {
  const ms = DAY.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value)
    throw new GainsInputError(`${field} must be a calendar date YYYY-MM-DD`);
  return ms;
}

/** Checks and resolves `year` (a tax-year label) or `from`/`to` (YYYY-MM-DD, to exclusive). */
export function resolvePeriod(
  input: { year?: string | undefined; from?: string | undefined; to?: string | undefined },
  start: TaxYearStart,
): GainsPeriod {
  if (input.year !== undefined && (input.from !== undefined || input.to !== undefined))
    throw new GainsInputError('give either year or from/to, not both');
  if (input.year !== undefined) {
    if (!/^\d{4}$/.test(input.year) || Number(input.year) < 2017 || Number(input.year) > 2100)
      throw new GainsInputError('year must be a tax-year label from 2017 to 2100, such as 2024');
    const r = taxYearRange(Number(input.year), start);
    return { year: Number(input.year), from: r.start, to: r.end };
  }
  const from = input.from !== undefined ? dayMs('from', input.from) : null;
  const to = input.to !== undefined ? dayMs('to', input.to) : null;
  if (from !== null && to !== null && from >= to) throw new GainsInputError('`from` must be before `to`');
  return { year: null, from, to };
}

/** The engine-side scope of a period: a tax year or a range (open ends as far as they go). */
export function periodScope(p: GainsPeriod): { year?: number; range?: { from: number; to: number } } {
  if (p.year !== null) return { year: p.year };
  if (p.from === null && p.to === null) return {};
  return { range: { from: p.from ?? 0, to: p.to ?? 8.64e15 } };
}
