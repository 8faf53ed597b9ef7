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

/** Exact decimal string of an integer quantity with `decimals` applied (no floating point). */
export function formatAmount(quantity: bigint, decimals: number): string {
  if (decimals <= 0) return quantity.toString();
  const negative = quantity < 0n;
  const digits = (negative ? -quantity : quantity).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, -decimals);
  const fraction = digits.slice(-decimals).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? '.' + fraction : ''}`;
}
