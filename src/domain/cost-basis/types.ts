import type { Decimal } from 'decimal.js';

/**
 * Normalized cost-basis events. The engine reads them in array order, which must be sorted by
 * `time`, then `seq` (a stable sequence number; `normalizeEvents` assigns it). Quantities are bigint
 * base units (lovelace, token base units with `decimals`); values are totals in the base currency
 * (not per unit), `null` when no price was known (flagged `missing_price`, counted as 0).
 *
 * Mapping of what a wallet does to these kinds (see normalize.ts for the exact rules):
 *   buy / receive from outside, token or NFT mint ........ acquire (mint at FMV; no price → missing_price)
 *   sell / send to outside, token burn ................... dispose (burn: proceeds 0)
 *   move between two of the user's own wallets ........... transfer (not a disposal: lots keep date and cost)
 *   DEX swap, NFT purchase (ADA→NFT), NFT sale (NFT→ADA),
 *   liquidity add (tokens→LP token), liquidity remove .... swap (disposal of the sold unit at FMV plus
 *                                                           acquisition of the bought unit at the same FMV)
 *   staking reward ....................................... income (FMV becomes the lot's cost)
 *   transaction fee ...................................... fee (see FeePolicy)
 *   stake-key deposit / its refund ....................... deposit / deposit_refund (not a disposal)
 *   collateral lost by a failed script transaction ....... loss (disposal with zero proceeds)
 */
export type CostBasisEventKind =
  'acquire' | 'dispose' | 'transfer' | 'swap' | 'income' | 'fee' | 'deposit' | 'deposit_refund' | 'loss';

interface EventBase {
  /** Unique, stable id (`txHash:n`, `reward:<wallet>:<epoch>`): warnings and disposals name it. */
  id: string;
  /** The transaction the event belongs to: a fee attaches to another event of the same transaction. */
  txId?: string;
  /** Tie-breaker after `time`. */
  seq: number;
  /** Unix milliseconds. */
  time: number;
  walletId: string;
  unit: string;
  decimals: number;
  quantity: bigint;
}

export interface AcquireEvent extends EventBase {
  kind: 'acquire';
  /** Total cost in the base currency. */
  value: Decimal | null;
}

export interface DisposeEvent extends EventBase {
  kind: 'dispose';
  /** Total proceeds in the base currency. */
  value: Decimal | null;
}

/** From `fromWallet` (= `walletId`) to `toWallet`, both the user's. */
export interface TransferEvent extends EventBase {
  kind: 'transfer';
  fromWallet: string;
  toWallet: string;
}

/** `unit`/`quantity` sold, `boughtUnit`/`boughtQuantity` bought, both at `value` (fair market value). */
export interface SwapEvent extends EventBase {
  kind: 'swap';
  boughtUnit: string;
  boughtDecimals: number;
  boughtQuantity: bigint;
  value: Decimal | null;
}

export interface IncomeEvent extends EventBase {
  kind: 'income';
  value: Decimal | null;
}

/** Lovelace paid as a transaction fee; `value` is its FMV. */
export interface FeeEvent extends EventBase {
  kind: 'fee';
  value: Decimal | null;
}

/** Refundable stake-key deposit paid (`deposit`) or refunded (`deposit_refund`): ADA kept with its basis. */
export interface DepositEvent extends EventBase {
  kind: 'deposit' | 'deposit_refund';
}

/** Collateral consumed by a failed script transaction: a disposal with zero proceeds. */
export interface LossEvent extends EventBase {
  kind: 'loss';
}

export type CostBasisEvent =
  AcquireEvent | DisposeEvent | TransferEvent | SwapEvent | IncomeEvent | FeeEvent | DepositEvent | LossEvent;

/** Events in engine order: time, then seq. */
export function compareEvents(a: CostBasisEvent, b: CostBasisEvent): number {
  return a.time - b.time || a.seq - b.seq;
}

/** Pseudo-wallet holding a wallet's stake-key deposit (its lots keep their basis there). */
export function depositWalletOf(walletId: string): string {
  return `${walletId}#deposit`;
}
