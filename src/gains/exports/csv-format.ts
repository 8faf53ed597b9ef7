import type { Decimal } from 'decimal.js';
import { formatAmount } from '../../domain/amounts.js';
import type { TokenInfoRow } from '../../db/repositories/pg-portfolio-read-repository.js';

/** The symbol a tax tool sees for a unit: ADA, the token's ticker, else its name, else the unit. */
export function symbolOf(unit: string, tokens: ReadonlyMap<string, TokenInfoRow>): string {
  if (unit === 'lovelace') return 'ADA';
  const t = tokens.get(unit);
  return t?.ticker ?? t?.name ?? unit;
}

export function decimalsOf(unit: string, tokens: ReadonlyMap<string, TokenInfoRow>): number {
  return unit === 'lovelace' ? 6 : (tokens.get(unit)?.decimals ?? 0);
}

/** Exact decimal text of a base-unit quantity. */
export function quantityText(unit: string, q: bigint, tokens: ReadonlyMap<string, TokenInfoRow>): string {
  return formatAmount(q, decimalsOf(unit, tokens));
}

/** Money in exports: exact up to 8 places (the engine carries 18 after proration), trailing zeros cut. */
export function moneyText(d: Decimal): string {
  const s = d.toDecimalPlaces(8).toFixed();
  return s === '-0' ? '0' : s;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:mm:ss UTC`. */
export function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

/** `MM/DD/YYYY HH:MM:SS` in UTC. */
export function usStamp(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `MM/DD/YYYY` in UTC. */
export function usDate(ms: number): string {
  return usStamp(ms).slice(0, 10);
}
