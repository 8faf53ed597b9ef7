/** The unit Blockfrost uses for ADA. */
export const LOVELACE = 'lovelace';

/** Per-unit quantities. Exact integers only: money never goes through floating point. */
export type UnitAmounts = Map<string, bigint>;

/** Adds `quantity` of `unit` to `into`, deleting the entry when it reaches zero. */
export function addAmount(into: UnitAmounts, unit: string, quantity: bigint): void {
  const next = (into.get(unit) ?? 0n) + quantity;
  if (next === 0n) into.delete(unit);
  else into.set(unit, next);
}

/** Policy id (first 56 hex characters) of a unit; '' for lovelace. */
export function policyOf(unit: string): string {
  return unit === LOVELACE ? '' : unit.slice(0, 56);
}

/** Hex asset name of a unit. */
export function assetNameOf(unit: string): string {
  return unit === LOVELACE ? '' : unit.slice(56);
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

/** Inverse of formatAmount: base units of a decimal amount with at most `decimals` places. */
export function parseAmount(amount: string, decimals: number): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!m || (m[3]?.length ?? 0) > decimals)
    throw new RangeError(`not an amount with ${decimals} decimals: ${amount}`);
  const units = BigInt(m[2]! + (m[3] ?? '').padEnd(decimals, '0'));
  return m[1] ? -units : units;
}
