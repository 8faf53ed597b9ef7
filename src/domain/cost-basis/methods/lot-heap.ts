import type { FixedMoney } from '../fixed/fixed-money.js';
import { rankOf } from '../fixed/hifo-rank.js';
import { byAcquisition, type LotContainer } from './lot-container.js';
import type { OpenLot } from './lot-strategy.js';

/** A lot in the heap: its rank is always set. */
type RankedLot = OpenLot & { rank: bigint };

/** A binary max-heap of lots by cost per unit (HIFO); ties: earliest acquisition first. */
export class LotHeap implements LotContainer {
  private heap: RankedLot[] = [];
  /** Pieces of one lot meeting again in a wallet (transfers back and forth) merge, so no two entries tie. */
  private byLot = new Map<string, RankedLot>();

  constructor(private readonly fm: FixedMoney) {}

  get size(): number {
    return this.heap.length;
  }

  private above(a: RankedLot, b: RankedLot): boolean {
    return a.rank > b.rank || (a.rank === b.rank && byAcquisition(a, b) < 0);
  }

  add(lot: OpenLot): void {
    const key = `${lot.id}|${lot.seq}`;
    const same = this.byLot.get(key);
    if (same) {
      same.quantity += lot.quantity;
      same.cost = this.fm.add(same.cost, lot.cost);
      return;
    }
    // Ranked once, when the lot first enters a heap: its pieces keep that rank wherever they go.
    lot.rank ??= rankOf(lot.cost, lot.quantity, this.fm.scale);
    const ranked = lot as RankedLot;
    this.byLot.set(key, ranked);
    const h = this.heap;
    h.push(ranked);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.above(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  peek(): OpenLot | undefined {
    return this.heap[0];
  }

  take(): void {
    const h = this.heap;
    if (h[0]) this.byLot.delete(`${h[0].id}|${h[0].seq}`);
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

  all(): OpenLot[] {
    return this.heap.slice().sort(byAcquisition);
  }
}
