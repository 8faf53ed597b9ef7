import type { TokenInfoRow } from '../db/repositories/pg-portfolio-read-repository.js';

/** What the API shows about a token unit. */
export interface TokenDisplay {
  unit: string;
  name: string | null;
  ticker: string | null;
  decimals: number;
}

export const LOVELACE: TokenDisplay = { unit: 'lovelace', name: 'Cardano', ticker: 'ADA', decimals: 6 };

export function tokenDisplay(unit: string, info: TokenInfoRow | undefined): TokenDisplay {
  if (unit === 'lovelace') return LOVELACE;
  return { unit, name: info?.name ?? null, ticker: info?.ticker ?? null, decimals: info?.decimals ?? 0 };
}

/**
 * Exact decimal string of an integer quantity with `decimals` applied (no floating point). A number
 * must be a safe integer (the history sums in numbers while that holds).
 */
export function formatAmount(quantity: bigint | number, decimals: number): string {
  if (decimals <= 0) return quantity.toString();
  const negative = quantity < 0;
  let digits = (negative ? -quantity : quantity).toString();
  if (digits.length <= decimals) digits = '0'.repeat(decimals + 1 - digits.length) + digits;
  const cut = digits.length - decimals;
  // Trailing zeros of the fraction dropped with a scan, not a regex: this runs for every point of
  // a history chart (thousands of times per request).
  let end = digits.length;
  while (end > cut && digits.charCodeAt(end - 1) === 48) end--;
  const whole = digits.slice(0, cut);
  const text = end > cut ? `${whole}.${digits.slice(cut, end)}` : whole;
  return negative ? `-${text}` : text;
}
