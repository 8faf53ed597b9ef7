import type { FixedMoney } from '../fixed/fixed-money.js';
import type { CostBasisMethod } from '../settings.js';
import type { LotContainer } from './lot-container.js';
import type {
  Lot,
  LotStrategy,
  Match,
  MatchedPiece,
  MoveRequest,
  OpenLot,
  StrategySnapshot,
  TakeRequest,
} from './lot-strategy.js';
import { lotOf, openLotOf } from './open-lot.js';

/**
 * Lots kept per unit and per wallet, consumed in the order the container gives (FIFO, LIFO, HIFO).
 * A disposal only takes lots of the disposing wallet; a transfer moves lots (split if need be) to the
 * other wallet with their acquisition date and cost.
 */
export class PerWalletLots implements LotStrategy {
  readonly pooled = false;
  private books = new Map<string, Map<string, LotContainer>>();

  constructor(
    readonly method: CostBasisMethod,
    private readonly container: () => LotContainer,
    private readonly fm: FixedMoney,
  ) {}

  private book(unit: string, walletId: string): LotContainer {
    let byWallet = this.books.get(unit);
    if (!byWallet) this.books.set(unit, (byWallet = new Map()));
    let c = byWallet.get(walletId);
    if (!c) byWallet.set(walletId, (c = this.container()));
    return c;
  }

  acquire(lot: OpenLot): void {
    if (lot.quantity > 0n) this.book(lot.unit, lot.walletId).add(lot);
  }

  /** Takes `quantity` from the wallet's lots in method order into `taken` (the last one split if need be). */
  private take(req: TakeRequest, taken: OpenLot[]): bigint {
    const c = this.books.get(req.unit)?.get(req.walletId);
    let left = req.quantity;
    while (left > 0n && c) {
      const lot = c.peek();
      if (!lot) break;
      if (lot.quantity <= left) {
        c.take();
        left -= lot.quantity;
        taken.push(lot);
      } else {
        const cost = this.fm.share(lot.cost, left, lot.quantity);
        lot.quantity -= left;
        lot.cost = this.fm.sub(lot.cost, cost);
        taken.push({ ...lot, quantity: left, cost });
        left = 0n;
      }
    }
    return left;
  }

  dispose(req: TakeRequest): Match {
    const taken: OpenLot[] = [];
    const unmatched = this.take(req, taken);
    const pieces: MatchedPiece[] = taken.map((l) => ({
      quantity: l.quantity,
      cost: l.cost,
      acquiredAt: l.acquiredAt,
      rule: 'lot',
    }));
    return { pieces, unmatched };
  }

  remove(req: TakeRequest): Match {
    return this.dispose(req);
  }

  move(req: MoveRequest): bigint {
    const moved: OpenLot[] = [];
    const unmatched = this.take(req, moved);
    if (moved.length) {
      const to = this.book(req.unit, req.toWallet);
      for (const l of moved) to.add({ ...l, walletId: req.toWallet });
    }
    return unmatched;
  }

  holdings(): Lot[] {
    const out: Lot[] = [];
    for (const byWallet of this.books.values())
      for (const c of byWallet.values()) for (const l of c.all()) out.push(lotOf(l, this.fm));
    return out;
  }

  snapshot(): StrategySnapshot {
    return { method: this.method, lots: this.holdings() };
  }

  restore(s: StrategySnapshot): void {
    this.books = new Map();
    for (const l of s.lots ?? []) this.book(l.unit, l.walletId).add(openLotOf(l, this.fm));
  }
}
