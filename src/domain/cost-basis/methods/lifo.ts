import type { FixedMoney } from '../fixed/fixed-money.js';
import { LotQueue } from './lot-queue.js';
import { PerWalletLots } from './per-wallet-lots.js';

/** Last in, first out, per wallet: the newest lot of the disposing wallet first (a stack). */
export function lifoStrategy(fm: FixedMoney): PerWalletLots {
  return new PerWalletLots('lifo', () => new LotQueue('back'), fm);
}
