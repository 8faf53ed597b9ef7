const powers: bigint[] = [1n];

/** 10^n (n ≥ 0), cached: scales and rounding units are a handful of powers used over and over. */
export function pow10(n: number): bigint {
  for (let i = powers.length; i <= n; i++) powers.push(powers[i - 1]! * 10n);
  return powers[n]!;
}

/** Decimal digits of |x| (1 for 0). */
export function digitCount(x: bigint): number {
  return (x < 0n ? -x : x).toString().length;
}

/** `n / d` rounded half to even, for d > 0 (symmetric for negative n, like decimal.js ROUND_HALF_EVEN). */
export function divHalfEven(n: bigint, d: bigint): bigint {
  const neg = n < 0n;
  const a = neg ? -n : n;
  let q = a / d;
  const twice = 2n * (a - q * d);
  if (twice > d || (twice === d && (q & 1n) === 1n)) q += 1n;
  return neg ? -q : q;
}

/** `x` rounded half to even to `digits` significant digits, in the same units as `x`. */
export function roundSignificant(x: bigint, digits: number): bigint {
  const extra = digitCount(x) - digits;
  if (extra <= 0) return x;
  const unit = pow10(extra);
  return divHalfEven(x, unit) * unit;
}
