import type { FixedMoney } from '../fixed/fixed-money.js';
import type { KeyedLeg } from '../legs.js';
import { PoolBook } from './pool-book.js';
import type {
  Lot,
  OpenLot,
  LotStrategy,
  Match,
  MatchedPiece,
  MoveRequest,
  StrategySnapshot,
  TakeRequest,
} from './lot-strategy.js';

export const DAY_MS = 86_400_000;
/** The bed-and-breakfast window: acquisitions in the 30 days after a disposal's day. */
export const UK_LOOKAHEAD_DAYS = 30;

/** All acquisitions of one unit on one UTC day: HMRC treats them as a single acquisition. */
interface DayGroup {
  day: number;
  quantity: bigint;
  cost: bigint;
  reserved: bigint;
  reservedCost: bigint;
  /** Key of the day's first acquisition leg: the unmatched rest joins the pool there. */
  firstKey: number;
}

interface PendingDisposal {
  key: number;
  day: number;
  left: bigint;
}

/**
 * HMRC share matching (CG51560, Cryptoassets Manual CRYPTO22200–22300), per unit across all wallets:
 *  1. same day: acquisitions on the disposal's UTC day (all of them as one acquisition);
 *  2. bed and breakfast: acquisitions in the next 30 days, earliest first, earlier disposals first;
 *  3. the Section 104 pool (average cost of everything not matched by 1 or 2).
 * Rules 1–2 need look-ahead, so `prepare` matches the whole ordered leg list once (O(n log n)) and the
 * chronological pass then applies the pool. All disposals of a day are matched in event order (HMRC
 * treats them as one disposal; the totals are the same). Fee removals (add_to_basis) are not disposals:
 * they take pool cost only. Days are UTC days.
 */
export class UkPoolingStrategy implements LotStrategy {
  readonly method = 'uk' as const;
  readonly pooled = true;
  private readonly book: PoolBook;
  private matches = new Map<number, MatchedPiece[]>();
  private poolEntries = new Map<number, { quantity: bigint; cost: bigint }>();

  constructor(private readonly fm: FixedMoney) {
    this.book = new PoolBook(fm);
  }

  prepare(legs: readonly KeyedLeg[]): void {
    const fm = this.fm;
    const groups = new Map<string, Map<number, DayGroup>>();
    const disposals = new Map<string, PendingDisposal[]>();
    for (const { key, time, leg } of legs) {
      const day = Math.floor(time / DAY_MS);
      if (leg.t === 'in' && leg.quantity > 0n) {
        let byDay = groups.get(leg.unit);
        if (!byDay) groups.set(leg.unit, (byDay = new Map()));
        const g = byDay.get(day);
        if (g) {
          g.quantity += leg.quantity;
          g.cost = fm.add(g.cost, leg.cost);
        } else
          byDay.set(day, {
            day,
            quantity: leg.quantity,
            cost: leg.cost,
            reserved: 0n,
            reservedCost: 0n,
            firstKey: key,
          });
      } else if (leg.t === 'out' && leg.quantity > 0n) {
        let list = disposals.get(leg.unit);
        if (!list) disposals.set(leg.unit, (list = []));
        list.push({ key, day, left: leg.quantity });
      }
    }
    this.matches = new Map();
    this.poolEntries = new Map();
    for (const [unit, byDay] of groups) {
      const list = disposals.get(unit) ?? [];
      const match = (d: PendingDisposal, g: DayGroup, rule: 'same_day' | 'bed_and_breakfast') => {
        const free = g.quantity - g.reserved;
        const q = d.left < free ? d.left : free;
        if (q <= 0n) return;
        const cost = fm.share(fm.sub(g.cost, g.reservedCost), q, g.quantity - g.reserved);
        g.reserved += q;
        g.reservedCost = fm.add(g.reservedCost, cost);
        d.left -= q;
        let pieces = this.matches.get(d.key);
        if (!pieces) this.matches.set(d.key, (pieces = []));
        pieces.push({ quantity: q, cost, acquiredAt: g.day * DAY_MS, rule });
      };
      for (const d of list) {
        const g = byDay.get(d.day);
        if (g) match(d, g, 'same_day');
      }
      const days = [...byDay.keys()].sort((a, b) => a - b);
      for (const d of list) {
        if (d.left === 0n) continue;
        let lo = 0;
        let hi = days.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (days[mid]! <= d.day) lo = mid + 1;
          else hi = mid;
        }
        for (let k = lo; k < days.length && days[k]! <= d.day + UK_LOOKAHEAD_DAYS && d.left > 0n; k++)
          match(d, byDay.get(days[k]!)!, 'bed_and_breakfast');
      }
      for (const g of byDay.values())
        if (g.quantity > g.reserved)
          this.poolEntries.set(g.firstKey, {
            quantity: g.quantity - g.reserved,
            cost: g.reserved === 0n ? g.cost : fm.sub(g.cost, g.reservedCost),
          });
    }
  }

  acquire(lot: OpenLot, key: number): void {
    if (lot.quantity <= 0n) return;
    const p = this.book.pool(lot.unit, lot.decimals);
    this.book.addToWallet(p, lot.walletId, lot.quantity);
    const entry = this.poolEntries.get(key);
    if (entry) {
      p.quantity += entry.quantity;
      p.cost = this.fm.add(p.cost, entry.cost);
    }
  }

  dispose(req: TakeRequest): Match {
    const pieces = [...(this.matches.get(req.key) ?? [])];
    let left = req.quantity;
    for (const piece of pieces) left -= piece.quantity;
    const p = this.book.pools.get(req.unit);
    if (p && left > 0n) {
      const { quantity, cost } = this.book.takeFromPool(p, left);
      if (quantity > 0n) pieces.push({ quantity, cost, acquiredAt: null, rule: 'section_104' });
      left -= quantity;
    }
    // The whole quantity leaves the wallets, matched or not: an acquisition the 30-day rule matched to
    // an earlier disposal is held but never joins the pool, so wallets can hold more than the pool.
    if (p) this.book.takeFromWallets(p, req.walletId, req.quantity);
    return { pieces, unmatched: left };
  }

  remove(req: TakeRequest): Match {
    const p = this.book.pools.get(req.unit);
    if (!p) return { pieces: [], unmatched: req.quantity };
    const { quantity, cost } = this.book.takeFromPool(p, req.quantity);
    this.book.takeFromWallets(p, req.walletId, req.quantity);
    return {
      pieces: quantity > 0n ? [{ quantity, cost, acquiredAt: null, rule: 'section_104' }] : [],
      unmatched: req.quantity - quantity,
    };
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
