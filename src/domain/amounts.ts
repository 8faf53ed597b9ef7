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
