import type { Decimal } from 'decimal.js';
import { byAcquisition, type LotContainer } from './lot-container.js';
import type { Lot } from './lot-strategy.js';

interface Entry {
  lot: Lot;
  /** Cost per base unit when the lot entered (a partial take leaves it unchanged). */
  rank: Decimal;
}

/** A binary max-heap of lots by cost per unit (HIFO); ties: earliest acquisition first. */
export class LotHeap implements LotContainer {
  private heap: Entry[] = [];

  get size(): number {
    return this.heap.length;
  }

  private above(a: Entry, b: Entry): boolean {
    const c = a.rank.cmp(b.rank);
    if (c !== 0) return c > 0;
    const o = byAcquisition(a.lot, b.lot);
    if (o !== 0) return o < 0;
    // Pieces of one lot (split by transfers): the larger first; identical pieces are interchangeable.
    return a.lot.quantity !== b.lot.quantity ? a.lot.quantity > b.lot.quantity : a.lot.cost.gt(b.lot.cost);
  }

  add(lot: Lot): void {
    const rank = lot.unitCost;
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
