import type { FixedMoney } from '../fixed/fixed-money.js';
import { LotHeap } from './lot-heap.js';
import { PerWalletLots } from './per-wallet-lots.js';

/** Highest in, first out, per wallet: the lot with the highest cost per unit first (a heap). */
export function hifoStrategy(fm: FixedMoney): PerWalletLots {
  return new PerWalletLots('hifo', () => new LotHeap(fm), fm);
}
