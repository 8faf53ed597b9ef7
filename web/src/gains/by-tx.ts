import type { GainsDisposal } from '../api/types.js';
import { sumDecimals } from './decimal.js';

/**
 * The gain of each transaction's disposals (a transaction can dispose of several tokens, and a
 * disposal splits into short- and long-term parts): Σ gain per txHash, exact, for the history rows.
 * Rewards (no txHash) have no transaction row.
 */
export function gainsByTx(disposals: readonly GainsDisposal[]): Map<string, string> {
  const parts = new Map<string, string[]>();
  for (const d of disposals) {
    if (!d.txHash) continue;
    const list = parts.get(d.txHash) ?? [];
    list.push(d.gain);
    parts.set(d.txHash, list);
  }
  return new Map([...parts].map(([hash, gains]) => [hash, sumDecimals(gains)]));
}
