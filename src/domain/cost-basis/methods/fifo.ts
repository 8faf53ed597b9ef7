import type { FixedMoney } from '../fixed/fixed-money.js';
import { LotQueue } from './lot-queue.js';
import { PerWalletLots } from './per-wallet-lots.js';

/** First in, first out, per wallet: the oldest lot of the disposing wallet first (a deque). */
export function fifoStrategy(fm: FixedMoney): PerWalletLots {
  return new PerWalletLots('fifo', () => new LotQueue('front'), fm);
}
