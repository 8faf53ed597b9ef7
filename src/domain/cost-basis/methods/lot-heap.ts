import type { Decimal } from 'decimal.js';
import { byAcquisition, type LotContainer } from './lot-container.js';
import type { Lot } from './lot-strategy.js';
import { Decimal as DecimalJs } from 'decimal.js';
import { ZERO } from '../money.js';

/** Cost per unit only orders lots: 24 significant digits are plenty and keep comparisons cheap. */
const RankDecimal = DecimalJs.clone({ precision: 24, rounding: DecimalJs.ROUND_HALF_EVEN });

interface Entry {
  lot: Lot;
  /** Cost per base unit when the lot entered (a partial take leaves it unchanged). */
  rank: Decimal;
}

/** A binary max-heap of lots by cost per unit (HIFO); ties: earliest acquisition first. */
export class LotHeap implements LotContainer {
  private heap: Entry[] = [];
  /** Pieces of one lot meeting again in a wallet (transfers back and forth) merge, so no two entries tie. */
  private byLot = new Map<string, Lot>();

  get size(): number {
    return this.heap.length;
  }

  private above(a: Entry, b: Entry): boolean {
    const c = a.rank.cmp(b.rank);
    if (c !== 0) return c > 0;
    const o = byAcquisition(a.lot, b.lot);
    return o < 0;
  }

  add(lot: Lot): void {
    const key = `${lot.id}|${lot.seq}`;
    const same = this.byLot.get(key);
    if (same) {
      same.quantity += lot.quantity;
      same.cost = same.cost.plus(lot.cost);
      return;
    }
    this.byLot.set(key, lot);
    const rank = (lot.unitCost ??=
      lot.quantity === 0n ? ZERO : new RankDecimal(lot.cost).div(lot.quantity.toString()));
    const h = this.heap;
    h.push({ lot, rank });
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.above(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  peek(): Lot | undefined {
    return this.heap[0]?.lot;
  }

  take(): void {
    const h = this.heap;
    if (h[0]) this.byLot.delete(`${h[0].lot.id}|${h[0].lot.seq}`);
    const last = h.pop();
    if (!last || h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < h.length && this.above(h[l]!, h[top]!)) top = l;
      if (r < h.length && this.above(h[r]!, h[top]!)) top = r;
      if (top === i) break;
      [h[i], h[top]] = [h[top]!, h[i]!];
      i = top;
    }
  }

  all(): Lot[] {
    return this.heap.map((e) => e.lot).sort(byAcquisition);
  }
}
