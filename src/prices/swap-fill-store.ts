import type { SettledSwap } from '../domain/prices/fill-prices.js';

/**
 * The users' synced swaps, as the fill price source reads them (port; plain SQL: `PgSwapFillStore`).
 * Only units and amounts leave it, never who traded: the prices it yields are public like the chain.
 */
export interface SwapFillStore {
  /** Filled swap Actions that moved `unit`, settled within the inclusive UTC days, with their fill's UTxOs. */
  settledSwaps(unit: string, from: string, to: string): Promise<SettledSwap[]>;
}
