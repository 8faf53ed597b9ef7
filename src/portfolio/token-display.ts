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

/** Exact decimal text of a base-unit quantity (lives in the domain; re-exported for the read side). */
export { formatAmount } from '../domain/amounts.js';
