import { Decimal } from 'decimal.js';
import { digitCount, pow10 } from './bigint-round.js';

/** Cost per unit only orders lots: 24 significant digits are plenty (and the order HIFO has always used). */
const DIGITS = 24;
export const RankDecimal = Decimal.clone({ precision: DIGITS, rounding: Decimal.ROUND_HALF_EVEN });

const MANTISSA = pow10(DIGITS);
/** Keeps the exponent field of a key positive. */
const EXPONENT_OFFSET = 1_000_000;

/**
 * A HIFO rank as one bigint that orders like the 24-digit unit cost it stands for: a positive value
 * m × 10^x (m of exactly 24 digits) is (x + offset) · 10^24 + m, a negative one its negation, zero 0.
 * Comparing two bigints is much cheaper than comparing two Decimals in the heap's sift loops.
 */
function key(negative: boolean, m: bigint, x: number): bigint {
  const k = BigInt(x + EXPONENT_OFFSET) * MANTISSA + m;
  return negative ? -k : k;
}

/**
 * The rank of `cost` (units of 10^-scale) for `quantity` base units: RankDecimal's cost ÷ quantity,
 * correctly rounded half-even to 24 significant digits, computed with bigints.
 */
export function rankOf(cost: bigint, quantity: bigint, scale: number): bigint {
  if (quantity === 0n || cost === 0n) return 0n;
  const negative = cost < 0n;
  const c = negative ? -cost : cost;
  // Shift so the integer quotient has 25 or 26 digits: enough to round to 24.
  const shift = DIGITS + 1 + digitCount(quantity) - digitCount(c);
  const num = shift >= 0 ? c * pow10(shift) : c;
  const den = shift >= 0 ? quantity : quantity * pow10(-shift);
  const n = num / den;
  const inexact = n * den !== num;
  const drop = n >= pow10(DIGITS + 1) ? 2 : 1;
  const unit = pow10(drop);
  let m = n / unit;
  const twice = 2n * (n - m * unit);
  if (twice > unit || (twice === unit && (inexact || (m & 1n) === 1n))) m += 1n;
  let x = drop - shift - scale;
  if (m === MANTISSA) {
    m /= 10n;
    x += 1;
  }
  return key(negative, m, x);
}

/** The rank of a unit cost given as a Decimal (a restored lot's `unitCost`). */
export function rankOfDecimal(unitCost: Decimal): bigint {
  if (unitCost.isZero()) return 0n;
  const [mantissa, exponent] = unitCost
    .abs()
    .toExponential(DIGITS - 1)
    .split('e') as [string, string];
  return key(unitCost.isNegative(), BigInt(mantissa.replace('.', '')), Number(exponent) - (DIGITS - 1));
}

/** The unit cost a rank stands for, as the lot's `unitCost`. */
export function rankToDecimal(rank: bigint): Decimal {
  if (rank === 0n) return new RankDecimal(0);
  const k = rank < 0n ? -rank : rank;
  const x = Number(k / MANTISSA) - EXPONENT_OFFSET;
  return new RankDecimal(`${rank < 0n ? '-' : ''}${k % MANTISSA}e${x}`);
}
