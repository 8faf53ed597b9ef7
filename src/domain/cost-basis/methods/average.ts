import type { FixedMoney } from '../fixed/fixed-money.js';
import { PoolBook } from './pool-book.js';
import type {
  Lot,
  LotStrategy,
  Match,
  MoveRequest,
  OpenLot,
  StrategySnapshot,
  TakeRequest,
} from './lot-strategy.js';

/**
 * Running weighted-average cost per unit, pooled across all the user's wallets: every disposal takes
 * `pool cost × quantity / pool quantity`. Transfers between own wallets only move wallet quantities.
 */
export class AverageCostStrategy implements LotStrategy {
  readonly method = 'average' as const;
  readonly pooled = true;
  private readonly book: PoolBook;

  constructor(fm: FixedMoney) {
    this.book = new PoolBook(fm);
  }

  acquire(lot: OpenLot): void {
    if (lot.quantity <= 0n) return;
    const p = this.book.pool(lot.unit, lot.decimals);
    p.quantity += lot.quantity;
    p.cost = this.book.fm.add(p.cost, lot.cost);
    this.book.addToWallet(p, lot.walletId, lot.quantity);
  }

  dispose(req: TakeRequest): Match {
    const p = this.book.pools.get(req.unit);
    if (!p) return { pieces: [], unmatched: req.quantity };
    const { quantity, cost } = this.book.takeFromPool(p, req.quantity);
    this.book.takeFromWallets(p, req.walletId, quantity);
    return {
      pieces: quantity > 0n ? [{ quantity, cost, acquiredAt: null, rule: 'pool' }] : [],
      unmatched: req.quantity - quantity,
    };
  }

  remove(req: TakeRequest): Match {
    return this.dispose(req);
  }

  move(req: MoveRequest): bigint {
    const p = this.book.pools.get(req.unit);
    if (!p) return req.quantity;
    const left = this.book.takeFrom(p, req.walletId, req.quantity);
    this.book.addToWallet(p, req.toWallet, req.quantity - left);
    return left;
  }

  holdings(): Lot[] {
    return this.book.holdings();
  }

  snapshot(): StrategySnapshot {
    return this.book.snapshot(this.method);
  }

  restore(s: StrategySnapshot): void {
    this.book.restore(s);
  }
}
