import type { FixedMoney } from '../fixed/fixed-money.js';
import { rankOfDecimal, rankToDecimal } from '../fixed/hifo-rank.js';
import type { Lot, OpenLot } from './lot-strategy.js';

/** A run's open lot as results and snapshots show it (same key order as the lots the engine made). */
export function lotOf(l: OpenLot, fm: FixedMoney): Lot {
  const lot: Lot = {
    id: l.id,
    seq: l.seq,
    unit: l.unit,
    decimals: l.decimals,
    walletId: l.walletId,
    quantity: l.quantity,
    cost: fm.toDecimal(l.cost),
    acquiredAt: l.acquiredAt,
  };
  if (l.rank !== undefined) lot.unitCost = rankToDecimal(l.rank);
  return lot;
}

/** A snapshot's lot back in a run's units. */
export function openLotOf(l: Lot, fm: FixedMoney): OpenLot {
  const lot: OpenLot = {
    id: l.id,
    seq: l.seq,
    unit: l.unit,
    decimals: l.decimals,
    walletId: l.walletId,
    quantity: l.quantity,
    cost: fm.fromDecimal(l.cost),
    acquiredAt: l.acquiredAt,
  };
  if (l.unitCost !== undefined) lot.rank = rankOfDecimal(l.unitCost);
  return lot;
}
