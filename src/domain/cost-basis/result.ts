import type { Decimal } from 'decimal.js';
import type { DisposalFlag } from './legs.js';
import type { Lot, MatchRule, StrategySnapshot } from './methods/lot-strategy.js';
import type { CostBasisSettings, CostBasisMethod, FeePolicy } from './settings.js';

/**
 * Holding period: `long` when sold on a later UTC date than the first anniversary of the acquisition
 * (IRS "more than one year"); `n/a` for pooled methods (average, uk), which have no holding period.
 */
export type Term = 'short' | 'long' | 'n/a';

/** One realized disposal row: an event's disposal, split by term when its lots differ. */
export interface Disposal {
  eventId: string;
  walletId: string;
  unit: string;
  decimals: number;
  quantity: bigint;
  /** Unix ms when every matched piece has the same date; 'various' otherwise; null when nothing matched. */
  dateAcquired: number | 'various' | null;
  /** Earliest and latest matched acquisition (null for a pool or nothing matched). */
  acquiredRange: [number, number] | null;
  dateSold: number;
  proceeds: Decimal;
  cost: Decimal;
  gain: Decimal;
  term: Term;
  rules: MatchRule[];
  flags: DisposalFlag[];
}

export interface IncomeRow {
  eventId: string;
  walletId: string;
  date: number;
  unit: string;
  decimals: number;
  quantity: bigint;
  /** FMV; 0 when no price was known (then `missingPrice`). */
  value: Decimal;
  missingPrice: boolean;
}

export interface CostBasisWarning {
  kind: 'missing_basis' | 'missing_price';
  eventId: string;
  walletId: string;
  time: number;
  unit: string;
  /** missing_basis: the quantity no lot covered; missing_price: the event's quantity. */
  quantity: bigint;
}

export interface CostBasisTotals {
  proceeds: Decimal;
  cost: Decimal;
  gain: Decimal;
  /** Gains of rows with term short / long (pooled methods' rows are 'n/a' and in neither). */
  shortTermGain: Decimal;
  longTermGain: Decimal;
  income: Decimal;
  /** FMV of every fee event. */
  fees: Decimal;
  /** add_to_basis: basis of the ADA spent on fees, removed without gain or loss. */
  feeBasisRemoved: Decimal;
  /** add_to_basis: fee FMV of transactions with nothing to attach it to. */
  unattachedFees: Decimal;
  missingBasis: number;
  missingPrice: number;
  events: number;
}

/** The engine's state after `eventCount` events, enough to resume (see checkpoint.ts). */
export interface Checkpoint {
  version: 1;
  method: CostBasisMethod;
  feePolicy: FeePolicy;
  currency: string;
  eventCount: number;
  lastEventId: string | null;
  lastEventTime: number | null;
  strategy: StrategySnapshot;
  disposals: readonly Disposal[];
  income: readonly IncomeRow[];
  warnings: readonly CostBasisWarning[];
  totals: CostBasisTotals;
}

export interface CostBasisResult {
  settings: CostBasisSettings;
  /** Open lots (pooled methods: one per unit and wallet). */
  lots: Lot[];
  disposals: Disposal[];
  income: IncomeRow[];
  warnings: CostBasisWarning[];
  totals: CostBasisTotals;
  /** Checkpoints asked for with `checkpointAt`, in order. */
  checkpoints: Checkpoint[];
}
