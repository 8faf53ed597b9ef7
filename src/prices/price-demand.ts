/** A unit some wallet holds (or held) and the first day it was held: the days its prices are needed from. */
export interface HeldUnit {
  unit: string;
  /** `YYYY-MM-DD`. */
  firstDay: string;
}

/**
 * What prices the system needs: the units in any snapshot and since when. Only units and days cross
 * this port, never whose they are; the price table is public data.
 */
export interface PriceDemand {
  heldUnits(): Promise<HeldUnit[]>;
  /** Units with no latest price in `currency` observed since `since` (ever, when omitted). */
  unitsWithoutLatest(units: readonly string[], currency: string, since?: Date): Promise<string[]>;
}
