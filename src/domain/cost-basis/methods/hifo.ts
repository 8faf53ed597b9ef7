import { LotHeap } from './lot-heap.js';
import { PerWalletLots } from './per-wallet-lots.js';

/** Highest in, first out, per wallet: the lot with the highest cost per unit first (a heap). */
export function hifoStrategy(): PerWalletLots {
  return new PerWalletLots('hifo', () => new LotHeap());
}
