import type { Decimal } from 'decimal.js';
import { money, ZERO } from './money.js';
import type { FeePolicy } from './settings.js';
import { depositWalletOf, type CostBasisEvent } from './types.js';

export type DisposalFlag = 'missing_basis' | 'missing_price' | 'fee' | 'loss' | 'swap';

/** What an event does to the lots, one strategy call each. */
export type Leg =
  | { t: 'in'; unit: string; decimals: number; walletId: string; quantity: bigint; cost: Decimal }
  | {
      t: 'out';
      unit: string;
      decimals: number;
      walletId: string;
      quantity: bigint;
      proceeds: Decimal;
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
  feeValue: Decimal;
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

function attachedFee(events: readonly CostBasisEvent[], i: number): Decimal {
  const { target, lo, hi } = feeTarget(events, i);
  if (target !== i) return ZERO;
  let sum = ZERO;
  for (let j = lo; j < hi; j++) {
    const e = events[j]!;
    if (e.kind === 'fee' && e.value !== null) sum = sum.plus(money(e.value));
  }
  return sum;
}

function hasFeeNeighbour(events: readonly CostBasisEvent[], i: number): boolean {
  const tx = events[i]!.txId;
  if (tx === undefined) return false;
  return (i > 0 && events[i - 1]!.txId === tx) || (i + 1 < events.length && events[i + 1]!.txId === tx);
}

/** The legs and side facts of `events[i]`, a pure function of the event list and the fee policy. */
export function effectsOf(events: readonly CostBasisEvent[], i: number, feePolicy: FeePolicy): EventEffects {
  const e = events[i]!;
  const base = { unit: e.unit, decimals: e.decimals, walletId: e.walletId, quantity: e.quantity };
  const fx: EventEffects = { legs: [], missingPrice: false, feeValue: ZERO, feeAttached: false };
  const valueOf = (v: Decimal | null): Decimal => {
    if (v === null) {
      fx.missingPrice = true;
      return ZERO;
    }
    return money(v);
  };
  const fee = () =>
    feePolicy === 'add_to_basis' && hasFeeNeighbour(events, i) ? attachedFee(events, i) : ZERO;
  switch (e.kind) {
    case 'acquire':
      fx.legs.push({ t: 'in', ...base, cost: valueOf(e.value).plus(fee()) });
      break;
    case 'income':
      fx.legs.push({ t: 'in', ...base, cost: valueOf(e.value) });
      break;
    case 'dispose':
      fx.legs.push({ t: 'out', ...base, proceeds: valueOf(e.value).minus(fee()), flag: null });
      break;
    case 'swap': {
      const v = valueOf(e.value);
      fx.legs.push({ t: 'out', ...base, proceeds: v, flag: 'swap' });
      fx.legs.push({
        t: 'in',
        unit: e.boughtUnit,
        decimals: e.boughtDecimals,
        walletId: e.walletId,
        quantity: e.boughtQuantity,
        cost: v.plus(fee()),
      });
      break;
    }
    case 'loss':
      fx.legs.push({ t: 'out', ...base, proceeds: ZERO, flag: 'loss' });
      break;
    case 'fee':
      fx.feeValue = valueOf(e.value);
      if (feePolicy === 'disposal') {
        fx.legs.push({ t: 'out', ...base, proceeds: fx.feeValue, flag: 'fee' });
      } else {
        fx.legs.push({ t: 'remove', ...base });
        fx.feeAttached = e.txId !== undefined && feeTarget(events, i).target >= 0;
      }
      break;
    case 'transfer':
      fx.legs.push({ t: 'move', ...base, walletId: e.fromWallet, toWallet: e.toWallet });
      break;
    case 'deposit':
      fx.legs.push({ t: 'move', ...base, toWallet: depositWalletOf(e.walletId) });
      break;
    case 'deposit_refund':
      fx.legs.push({ t: 'move', ...base, walletId: depositWalletOf(e.walletId), toWallet: e.walletId });
      break;
  }
  return fx;
}
