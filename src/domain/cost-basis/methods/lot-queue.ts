import { byAcquisition, type LotContainer } from './lot-container.js';
import type { OpenLot } from './lot-strategy.js';

/**
 * Lots kept in acquisition order in an array with a moving head: a deque when consumed from the
 * front (FIFO), a stack when consumed from the back (LIFO). New acquisitions append in O(1); a lot
 * arriving by transfer keeps its old date and is inserted by binary search.
 */
export class LotQueue implements LotContainer {
  private lots: OpenLot[] = [];
  private head = 0;

  constructor(private readonly end: 'front' | 'back') {}

  get size(): number {
    return this.lots.length - this.head;
  }

  add(lot: OpenLot): void {
    const lots = this.lots;
    if (lots.length === this.head || byAcquisition(lots[lots.length - 1]!, lot) <= 0) {
      lots.push(lot);
      return;
    }
    let lo = this.head;
    let hi = lots.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (byAcquisition(lots[mid]!, lot) <= 0) lo = mid + 1;
      else hi = mid;
    }
    lots.splice(lo, 0, lot);
  }

  peek(): OpenLot | undefined {
    if (this.size === 0) return undefined;
    return this.end === 'front' ? this.lots[this.head] : this.lots[this.lots.length - 1];
  }

  take(): void {
    if (this.size === 0) return;
    if (this.end === 'back') {
      this.lots.pop();
      return;
    }
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.lots.length) {
      this.lots = this.lots.slice(this.head);
      this.head = 0;
    }
  }

  all(): OpenLot[] {
    return this.lots.slice(this.head);
  }
}
