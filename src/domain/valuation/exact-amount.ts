import { Decimal } from 'decimal.js';
import { formatAmount } from '../amounts.js';

/**
 * An exact decimal as an integer mantissa and a count of decimal places: `mantissa / 10^scale`.
 * Valuation multiplies and adds these as bigints, so no value ever rounds (Decimal's operations
 * round to its precision, 20 significant digits by default) and a year of daily values for thirty
 * tokens costs bigint arithmetic, not thousands of Decimal objects.
 */
export interface ExactAmount {
  mantissa: bigint;
  scale: number;
}

const PLAIN = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses plain decimal text (`12`, `-0.5`, `0.000123`), as PostgreSQL's `numeric::text` gives it. */
export function exactFromText(text: string): ExactAmount {
  const m = PLAIN.exec(text);
  if (!m) throw new RangeError(`not a plain decimal: ${JSON.stringify(text)}`);
  const fraction = m[3] ?? '';
  const mantissa = BigInt(m[2]! + fraction);
  return { mantissa: m[1] ? -mantissa : mantissa, scale: fraction.length };
}

export function exactFromDecimal(d: Decimal): ExactAmount {
  return exactFromText(d.toFixed());
}

/** Exact decimal text, trailing zeros of the fraction dropped. */
export function exactText(a: ExactAmount): string {
  return formatAmount(a.mantissa, a.scale);
}

export function exactToDecimal(a: ExactAmount): Decimal {
  return new Decimal(exactText(a));
}

export function exactTimes(a: ExactAmount, b: ExactAmount): ExactAmount {
  return { mantissa: a.mantissa * b.mantissa, scale: a.scale + b.scale };
}

/** Value of `quantity` base units of a token with `decimals`, at `price` per whole token. */
export function valueOfQuantity(quantity: bigint, decimals: number, price: ExactAmount): ExactAmount {
  return { mantissa: quantity * price.mantissa, scale: decimals + price.scale };
}

const powers: bigint[] = [1n];
export function pow10(n: number): bigint {
  for (let i = powers.length; i <= n; i++) powers.push(powers[i - 1]! * 10n);
  return powers[n]!;
}

export function exactPlus(a: ExactAmount, b: ExactAmount): ExactAmount {
  if (a.scale === b.scale) return { mantissa: a.mantissa + b.mantissa, scale: a.scale };
  return a.scale > b.scale
    ? { mantissa: a.mantissa + b.mantissa * pow10(a.scale - b.scale), scale: a.scale }
    : { mantissa: a.mantissa * pow10(b.scale - a.scale) + b.mantissa, scale: b.scale };
}

export function exactMinus(a: ExactAmount, b: ExactAmount): ExactAmount {
  return exactPlus(a, { mantissa: -b.mantissa, scale: b.scale });
}

export const EXACT_ZERO: ExactAmount = { mantissa: 0n, scale: 0 };
export const EXACT_ONE: ExactAmount = { mantissa: 1n, scale: 0 };

/**
 * `a / b` rounded half-to-even to `places` decimal places (percentages). The only rounding in
 * valuation; null when `b` is zero.
 */
export function exactRatio(a: ExactAmount, b: ExactAmount, places: number): ExactAmount | null {
  if (b.mantissa === 0n) return null;
  // a/b = (a.m / 10^a.s) / (b.m / 10^b.s); scaled by 10^places: a.m · 10^(b.s + places) / (b.m · 10^a.s)
  let num = a.mantissa * pow10(b.scale + places);
  let den = b.mantissa * pow10(a.scale);
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const negative = num < 0n;
  const abs = negative ? -num : num;
  let q = abs / den;
  const r2 = (abs % den) * 2n;
  if (r2 > den || (r2 === den && q % 2n === 1n)) q += 1n;
  return { mantissa: negative ? -q : q, scale: places };
}

/** Rounds half-to-even to `places` (snapshot values are stored with 6 places). */
export function exactRound(a: ExactAmount, places: number): ExactAmount {
  if (a.scale <= places) return a;
  return exactRatio(a, EXACT_ONE, places)!;
}
