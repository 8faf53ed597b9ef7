import type { Decimal } from 'decimal.js';
import type { CostBasisMethod } from '../settings.js';
import type { KeyedLeg } from '../legs.js';

/**
 * An open holding with its basis, as results and checkpoints show it. Pooled methods report one lot
 * per (unit, wallet) with `acquiredAt: null`.
 */
export interface Lot {
  /** Id of the acquiring event (kept through transfers). */
  id: string;
  /** Event index of the acquisition: tie-breaker for lots acquired at the same time. */
  seq: number;
  unit: string;
  decimals: number;
  walletId: string;
  quantity: bigint;
  /** Total cost of `quantity`. */
  cost: Decimal;
  /** Cost per base unit when acquired (kept through splits and transfers): HIFO's order, set by it. */
  unitCost?: Decimal;
  /** Unix ms; null for a pool. */
  acquiredAt: number | null;
}

/**
 * An open lot inside a run: a `Lot` with its money in FixedMoney units (fixed/fixed-money.ts) and
 * HIFO's unit cost as a rank key, so the hot loops do bigint arithmetic only.
 */
export interface OpenLot extends Omit<Lot, 'cost' | 'unitCost'> {
  cost: bigint;
  /** HIFO's order (fixed/hifo-rank.ts), set when the lot first enters a heap; kept through splits and transfers. */
  rank?: bigint;
}

/** How a piece of a disposal found its basis. */
export type MatchRule = 'lot' | 'pool' | 'same_day' | 'bed_and_breakfast' | 'section_104';

export interface MatchedPiece {
  quantity: bigint;
  /** FixedMoney units. */
  cost: bigint;
  /** Unix ms of the matched acquisition; null when matched against a pool. */
  acquiredAt: number | null;
  rule: MatchRule;
}

export interface Match {
  pieces: MatchedPiece[];
  /** Quantity no lot covered (taken at zero basis, flagged `missing_basis`). Never negative. */
  unmatched: bigint;
}

export interface TakeRequest {
  /** Leg key (event index × 4 + leg index): the UK strategy looks up its pre-matched acquisitions by it. */
  key: number;
  unit: string;
  walletId: string;
  quantity: bigint;
  time: number;
}

export interface MoveRequest extends TakeRequest {
  toWallet: string;
}

/** State of a strategy: copies of its lots or pools (Decimals are immutable, so shared). */
export interface StrategySnapshot {
  method: CostBasisMethod;
  lots?: Lot[];
  pools?: PoolState[];
}

export interface PoolState {
  unit: string;
  decimals: number;
  quantity: bigint;
  cost: Decimal;
  wallets: Array<[string, bigint]>;
}

/** JSON form of a StrategySnapshot (bigints and Decimals as strings). */
export interface StrategySnapshotJson {
  method: CostBasisMethod;
  lots?: LotJson[];
  pools?: PoolJson[];
}

export interface LotJson {
  id: string;
  seq: number;
  unit: string;
  decimals: number;
  walletId: string;
  quantity: string;
  cost: string;
  unitCost?: string;
  acquiredAt: number | null;
}

export interface PoolJson {
  unit: string;
  decimals: number;
  quantity: string;
  cost: string;
  wallets: Array<[string, string]>;
}

/**
 * One lot-matching method. The engine feeds it legs in event order, money in its run's FixedMoney
 * units; `holdings` and `snapshot` convert back to Decimals and `restore` from them.
 */
export interface LotStrategy {
  readonly method: CostBasisMethod;
  /** True when disposals match a pool, so no holding period (term 'n/a'). */
  readonly pooled: boolean;
  /** Called once with every leg of the run before the first one is applied (UK 30-day rule). */
  prepare?(legs: readonly KeyedLeg[]): void;
  acquire(lot: OpenLot, key: number): void;
  /** A taxable disposal. */
  dispose(req: TakeRequest): Match;
  /** A non-taxable removal (a fee under add_to_basis): the basis leaves with the quantity. */
  remove(req: TakeRequest): Match;
  /** A move between the user's own wallets (or into/out of a deposit): returns the quantity not found. */
  move(req: MoveRequest): bigint;
  holdings(): Lot[];
  snapshot(): StrategySnapshot;
  restore(snapshot: StrategySnapshot): void;
}
