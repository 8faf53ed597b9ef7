import type { Decimal } from 'decimal.js';
import type { FixedMoney } from './fixed/fixed-money.js';
import type { FeePolicy } from './settings.js';
import { depositWalletOf, type CostBasisEvent } from './types.js';

export type DisposalFlag = 'missing_basis' | 'missing_price' | 'fee' | 'loss' | 'swap';

/** What an event does to the lots, one strategy call each. Money is in the run's FixedMoney units. */
export type Leg =
  | { t: 'in'; unit: string; decimals: number; walletId: string; quantity: bigint; cost: bigint }
  | {
      t: 'out';
      unit: string;
      decimals: number;
      walletId: string;
      quantity: bigint;
      proceeds: bigint;
      flag: DisposalFlag | null;
    }
  | { t: 'remove'; unit: string; decimals: number; walletId: string; quantity: bigint }
  | { t: 'move'; unit: string; decimals: number; walletId: string; toWallet: string; quantity: bigint };

/** A leg with its key (event index × 4 + leg index) and its event's time. */
export interface KeyedLeg {
  key: number;
  time: number;
  leg: Leg;
}

export interface EventEffects {
  legs: Leg[];
  /** The event's value was null (counted as 0). */
  missingPrice: boolean;
  /** Fee value (fee events). */
  feeValue: bigint;
  /** A fee event whose value went onto another event of its transaction (add_to_basis). */
  feeAttached: boolean;
}

const ATTACH_FIRST = new Set(['acquire', 'swap']);

/** The event of `events[i]`'s transaction a fee attaches to: its first acquire or swap, else first dispose. */
function feeTarget(events: readonly CostBasisEvent[], i: number): { target: number; lo: number; hi: number } {
  const tx = events[i]!.txId;
  let lo = i;
  let hi = i + 1;
  if (tx !== undefined) {
    while (lo > 0 && events[lo - 1]!.txId === tx) lo--;
    while (hi < events.length && events[hi]!.txId === tx) hi++;
  }
  let target = -1;
  for (let j = lo; j < hi && target < 0; j++) if (ATTACH_FIRST.has(events[j]!.kind)) target = j;
  for (let j = lo; j < hi && target < 0; j++) if (events[j]!.kind === 'dispose') target = j;
  return { target, lo, hi };
}

function attachedFee(events: readonly CostBasisEvent[], i: number, fm: FixedMoney): bigint {
  const { target, lo, hi } = feeTarget(events, i);
  if (target !== i) return 0n;
  let sum = 0n;
  for (let j = lo; j < hi; j++) {
    const e = events[j]!;
    if (e.kind === 'fee' && e.value !== null) sum = fm.add(sum, fm.fromDecimal(e.value));
  }
  return sum;
}

function hasFeeNeighbour(events: readonly CostBasisEvent[], i: number): boolean {
  const tx = events[i]!.txId;
  if (tx === undefined) return false;
  return (i > 0 && events[i - 1]!.txId === tx) || (i + 1 < events.length && events[i + 1]!.txId === tx);
}

/** An event's value in `fm`'s units; a null one counts as 0 and flags the event. */
function valueIn(v: Decimal | null, fx: EventEffects, fm: FixedMoney): bigint {
  if (v !== null) return fm.fromDecimal(v);
  fx.missingPrice = true;
  return 0n;
}

/** The fee value `events[i]` carries under `feePolicy` (add_to_basis: its transaction's fees, if it is their target). */
function feeOf(events: readonly CostBasisEvent[], i: number, feePolicy: FeePolicy, fm: FixedMoney): bigint {
  return feePolicy === 'add_to_basis' && hasFeeNeighbour(events, i) ? attachedFee(events, i, fm) : 0n;
}

/**
 * The legs and side facts of `events[i]`, a pure function of the event list and the fee policy; money
 * in `fm`'s units (with Money's rounding, so the same sums as Decimals would give).
 */
export function effectsOf(
  events: readonly CostBasisEvent[],
  i: number,
  feePolicy: FeePolicy,
  fm: FixedMoney,
): EventEffects {
  const e = events[i]!;
  // Leg literals spell out every field (no spread of a shared base): this runs once per event.
  const fx: EventEffects = { legs: [], missingPrice: false, feeValue: 0n, feeAttached: false };
  switch (e.kind) {
    case 'acquire':
      fx.legs.push({
        t: 'in',
        unit: e.unit,
        decimals: e.decimals,
        walletId: e.walletId,
        quantity: e.quantity,
        cost: fm.add(valueIn(e.value, fx, fm), feeOf(events, i, feePolicy, fm)),
      });
      break;
    case 'income':
      fx.legs.push({
        t: 'in',
        unit: e.unit,
        decimals: e.decimals,
        walletId: e.walletId,
        quantity: e.quantity,
        cost: valueIn(e.value, fx, fm),
      });
      break;
    case 'dispose':
      fx.legs.push({
        t: 'out',
        unit: e.unit,
        decimals: e.decimals,
        walletId: e.walletId,
        quantity: e.quantity,
        proceeds: fm.sub(valueIn(e.value, fx, fm), feeOf(events, i, feePolicy, fm)),
        flag: null,
      });
      break;
    case 'swap': {
      const v = valueIn(e.value, fx, fm);
      fx.legs.push({
        t: 'out',
        unit: e.unit,
        decimals: e.decimals,
        walletId: e.walletId,
        quantity: e.quantity,
        proceeds: v,
        flag: 'swap',
      });
      fx.legs.push({
        t: 'in',
        unit: e.boughtUnit,
        decimals: e.boughtDecimals,
        walletId: e.walletId,
        quantity: e.boughtQuantity,
        cost: fm.add(v, feeOf(events, i, feePolicy, fm)),
      });
      break;
    }
    case 'loss':
      fx.legs.push({
        t: 'out',
        unit: e.unit,
        decimals: e.decimals,
        walletId: e.walletId,
        quantity: e.quantity,
        proceeds: 0n,
        flag: 'loss',
      });
      break;
    case 'fee':
      fx.feeValue = valueIn(e.value, fx, fm);
      if (feePolicy === 'disposal') {
        fx.legs.push({
          t: 'out',
          unit: e.unit,
          decimals: e.decimals,
          walletId: e.walletId,
          quantity: e.quantity,
          proceeds: fx.feeValue,
          flag: 'fee',
        });
      } else {
        fx.legs.push({
          t: 'remove',
          unit: e.unit,
          decimals: e.decimals,
          walletId: e.walletId,
          quantity: e.quantity,
        });
        fx.feeAttached = e.txId !== undefined && feeTarget(events, i).target >= 0;
      }
      break;
    case 'transfer':
      fx.legs.push({
        t: 'move',
        unit: e.unit,
        decimals: e.decimals,
        quantity: e.quantity,
        walletId: e.fromWallet,
        toWallet: e.toWallet,
      });
      break;
    case 'deposit':
      fx.legs.push({
        t: 'move',
        unit: e.unit,
        decimals: e.decimals,
        walletId: e.walletId,
        quantity: e.quantity,
        toWallet: depositWalletOf(e.walletId),
      });
      break;
    case 'deposit_refund':
      fx.legs.push({
        t: 'move',
        unit: e.unit,
        decimals: e.decimals,
        quantity: e.quantity,
        walletId: depositWalletOf(e.walletId),
        toWallet: e.walletId,
      });
      break;
  }
  return fx;
}
