import type { Decimal } from 'decimal.js';
import { Money, SHARE_PLACES, share, ZERO } from '../money.js';
import { divHalfEven, pow10, roundSignificant } from './bigint-round.js';

const PRECISION = Money.precision;
/** Below this magnitude a scaled value has at most PRECISION digits, so Money would not round it. */
const UNROUNDED = pow10(PRECISION);
/**
 * A share whose 18-place quotient q (scaled by its divisor d) has d·(|q|+1) ≤ 10^(PRECISION−1) cannot
 * be moved onto a rounding tie by Money's 60-digit division, so rounding once to 18 places is exactly
 * what Money's divide-then-round gives (see `share`).
 */
const SINGLE_ROUNDING = pow10(PRECISION - 1);

/**
 * Money as bigints counting units of 10^-scale, with exactly the results the Money Decimal (60
 * significant digits, half-to-even) gives: every sum and share is exact integer arithmetic, then
 * rounded to 60 significant digits only when it has more (which Money would round too). One instance
 * per engine run; its scale covers every input value's decimal places, so conversion in is exact.
 * The engine's hot loops use it instead of allocating a Decimal per operation; results convert back
 * to Money at the boundary.
 */
export class FixedMoney {
  readonly scale: number;
  /** 10^(scale − SHARE_PLACES): one unit of the last place a share keeps. */
  private readonly shareUnit: bigint;

  constructor(scale: number) {
    if (!Number.isInteger(scale) || scale < SHARE_PLACES)
      throw new RangeError(`scale ${scale} below ${SHARE_PLACES}`);
    this.scale = scale;
    this.shareUnit = pow10(scale - SHARE_PLACES);
  }

  fromDecimal(d: Decimal): bigint {
    // Read decimal.js's coefficient words (base 1e7) and exponent directly: formatting every input
    // with toFixed and parsing it back cost more than the arithmetic it replaces.
    const words = d.d;
    if (!words) throw new RangeError(`${d.toString()} is not a finite amount`);
    let digits = String(words[0]);
    for (let i = 1; i < words.length; i++) digits += String(words[i]).padStart(7, '0');
    const shift = this.scale - (digits.length - 1 - d.e);
    let x = BigInt(digits);
    if (shift >= 0) x *= pow10(shift);
    else {
      const unit = pow10(-shift);
      if (x % unit !== 0n) throw new RangeError(`${d.toString()} has more than ${this.scale} decimal places`);
      x /= unit;
    }
    return d.s < 0 ? -x : x;
  }

  toDecimal(x: bigint): Decimal {
    return x === 0n ? ZERO : new Money(`${x}e-${this.scale}`);
  }

  /** Money's `plus`: the exact sum, rounded to 60 significant digits. */
  add(a: bigint, b: bigint): bigint {
    const r = a + b;
    return r < UNROUNDED && r > -UNROUNDED ? r : roundSignificant(r, PRECISION);
  }

  /** Money's `minus`. */
  sub(a: bigint, b: bigint): bigint {
    const r = a - b;
    return r < UNROUNDED && r > -UNROUNDED ? r : roundSignificant(r, PRECISION);
  }

  /**
   * money.ts `share` (`total × part / whole`, 60 digits each step, then half-even to 18 places).
   * Rounding the quotient to 60 digits first only changes the 18-place result when it lands exactly
   * on a tie that the exact quotient was not on; that needs a divisor too large for the exact
   * remainder to come that close, so small cases round once here and the rest take money.ts's path.
   */
  share(total: bigint, part: bigint, whole: bigint): bigint {
    if (part === whole) return total;
    if (whole === 0n || part === 0n) return 0n;
    let product = total * part;
    if (product >= UNROUNDED || product <= -UNROUNDED) product = roundSignificant(product, PRECISION);
    const d = whole * this.shareUnit;
    const a = product < 0n ? -product : product;
    if (d * (a / d + 1n) > SINGLE_ROUNDING)
      return this.fromDecimal(share(this.toDecimal(total), part, whole));
    return divHalfEven(product, d) * this.shareUnit;
  }
}

/** The smallest FixedMoney scale that holds `values` exactly, at least `atLeast` and the share places. */
export function scaleFor(values: readonly Decimal[], atLeast = 0): number {
  let scale = Math.max(SHARE_PLACES, atLeast);
  for (const v of values) {
    const dp = v.decimalPlaces();
    if (dp > scale) scale = dp;
  }
  return scale;
}
