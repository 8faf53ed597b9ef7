import { Decimal } from 'decimal.js';

/**
 * The cost-basis engine's own Decimal: 60 significant digits, half-to-even. Every money value the
 * engine computes is an instance of this clone (inputs are converted on the way in), so a division
 * never rounds at decimal.js's default 20 digits. Quantities are never Decimals: they stay bigint base units.
 */
export const Money = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
export type Money = Decimal;

export const ZERO: Decimal = new Money(0);

/** Converts any Decimal (possibly of another clone) or decimal text into a `Money`. */
export function money(value: Decimal.Value): Decimal {
  return new Money(value);
}

export function bigDec(q: bigint): Decimal {
  return new Money(q.toString());
}

/** Decimal places a computed share keeps (half-to-even); the remainder stays with the lot or row. */
export const SHARE_PLACES = 18;

/**
 * `total × part / whole`, rounded to SHARE_PLACES: the share of a lot's cost (or a disposal's
 * proceeds) for part of its quantity. Callers keep `total − share` as the rest, so pieces always sum
 * to the whole exactly and totals never drift.
 */
export function share(total: Decimal, part: bigint, whole: bigint): Decimal {
  if (part === whole) return total;
  if (whole === 0n || part === 0n) return ZERO;
  return total
    .times(part.toString())
    .div(whole.toString())
    .toDecimalPlaces(SHARE_PLACES, Money.ROUND_HALF_EVEN);
}

const tens: Decimal[] = [];
function tenPow(decimals: number): Decimal {
  return (tens[decimals] ??= new Money(10).pow(decimals));
}

/** Value of `quantity` base units of a token with `decimals`, at `pricePerWhole` (price of one whole token). */
export function valueOf(quantity: bigint, decimals: number, pricePerWhole: Decimal): Decimal {
  return money(pricePerWhole).times(quantity.toString()).div(tenPow(decimals));
}
