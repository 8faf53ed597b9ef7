import type { OpenLot } from './lot-strategy.js';

/** The open lots of one (unit, wallet), yielding the next lot its method consumes. */
export interface LotContainer {
  add(lot: OpenLot): void;
  /** The lot the method takes next, or undefined when empty. */
  peek(): OpenLot | undefined;
  /** Removes the lot `peek()` returned. */
  take(): void;
  readonly size: number;
  all(): OpenLot[];
}

/** Acquisition order: time, then event index. */
export function byAcquisition(a: OpenLot, b: OpenLot): number {
  return (a.acquiredAt ?? 0) - (b.acquiredAt ?? 0) || a.seq - b.seq;
}
