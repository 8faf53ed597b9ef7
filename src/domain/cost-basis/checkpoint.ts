import { money } from './money.js';
import type { Checkpoint, CostBasisTotals, CostBasisWarning, Disposal, IncomeRow } from './result.js';
import type { CostBasisSettings } from './settings.js';
import type { CostBasisEvent } from './types.js';
import { DAY_MS, UK_LOOKAHEAD_DAYS } from './methods/uk-pooling.js';
import type { StrategySnapshot, StrategySnapshotJson } from './methods/lot-strategy.js';

/** A checkpoint that does not fit the events or settings it is resumed with. */
export class CheckpointMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointMismatchError';
  }
}

export function assertResumable(
  cp: Checkpoint,
  events: readonly CostBasisEvent[],
  settings: CostBasisSettings,
): void {
  if (cp.version !== 1)
    throw new CheckpointMismatchError(`unsupported checkpoint version ${String(cp.version)}`);
  if (
    cp.method !== settings.method ||
    cp.feePolicy !== settings.feePolicy ||
    cp.currency !== settings.currency
  )
    throw new CheckpointMismatchError(
      `checkpoint was taken with ${cp.method}/${cp.feePolicy}/${cp.currency}, not ${settings.method}/${settings.feePolicy}/${settings.currency}`,
    );
  if (cp.eventCount > events.length)
    throw new CheckpointMismatchError(
      `checkpoint covers ${cp.eventCount} events, only ${events.length} given`,
    );
  if (cp.eventCount > 0 && events[cp.eventCount - 1]!.id !== cp.lastEventId)
    throw new CheckpointMismatchError(
      `event ${cp.eventCount - 1} is ${events[cp.eventCount - 1]!.id}, the checkpoint ends at ${String(cp.lastEventId)}`,
    );
}

/**
 * Whether resuming from `cp` gives the same result as a full run when the first changed (added,
 * removed or edited) event is at `firstChangedTime` (unix ms): the checkpoint must end strictly before
 * it, and for the UK method more than 30 days before it (a disposal's bed-and-breakfast window looks
 * 30 days ahead, and same-day matching a day), compared as UTC days.
 */
export function isCheckpointUsable(
  cp: Checkpoint,
  firstChangedTime: number,
  settings: CostBasisSettings,
): boolean {
  if (
    cp.method !== settings.method ||
    cp.feePolicy !== settings.feePolicy ||
    cp.currency !== settings.currency
  )
    return false;
  if (cp.lastEventTime === null) return true;
  if (settings.method !== 'uk') return cp.lastEventTime < firstChangedTime;
  return Math.floor(cp.lastEventTime / DAY_MS) + UK_LOOKAHEAD_DAYS < Math.floor(firstChangedTime / DAY_MS);
}

/** The checkpoint covering the most events that `isCheckpointUsable` allows, or null (full run). */
export function latestUsableCheckpoint(
  checkpoints: readonly Checkpoint[],
  firstChangedTime: number,
  settings: CostBasisSettings,
): Checkpoint | null {
  let best: Checkpoint | null = null;
  for (const cp of checkpoints)
    if (isCheckpointUsable(cp, firstChangedTime, settings) && (!best || cp.eventCount > best.eventCount))
      best = cp;
  return best;
}

type Json<T> = T extends bigint
  ? string
  : T extends { toFixed(): string; plus(x: unknown): unknown }
    ? string
    : T extends readonly (infer U)[]
      ? Json<U>[]
      : T extends object
        ? { [K in keyof T]: Json<T[K]> }
        : T;

/** JSON form of a checkpoint: bigints and Decimals as strings. */
export interface CheckpointJson {
  version: 1;
  method: Checkpoint['method'];
  feePolicy: Checkpoint['feePolicy'];
  currency: string;
  eventCount: number;
  lastEventId: string | null;
  lastEventTime: number | null;
  strategy: StrategySnapshotJson;
  disposals: Json<Disposal>[];
  income: Json<IncomeRow>[];
  warnings: Json<CostBasisWarning>[];
  totals: Json<CostBasisTotals>;
}

const s = (x: { toString(): string }) => x.toString();

function snapshotJson(x: StrategySnapshot): StrategySnapshotJson {
  return {
    method: x.method,
    ...(x.lots && {
      lots: x.lots.map(({ unitCost, ...l }) => ({
        ...l,
        quantity: s(l.quantity),
        cost: s(l.cost),
        ...(unitCost && { unitCost: s(unitCost) }),
      })),
    }),
    ...(x.pools && {
      pools: x.pools.map((p) => ({
        ...p,
        quantity: s(p.quantity),
        cost: s(p.cost),
        wallets: p.wallets.map(([w, q]) => [w, s(q)] as [string, string]),
      })),
    }),
  };
}

function snapshotOf(x: StrategySnapshotJson): StrategySnapshot {
  return {
    method: x.method,
    ...(x.lots && {
      lots: x.lots.map(({ unitCost, ...l }) => ({
        ...l,
        quantity: BigInt(l.quantity),
        cost: money(l.cost),
        ...(unitCost !== undefined && { unitCost: money(unitCost) }),
      })),
    }),
    ...(x.pools && {
      pools: x.pools.map((p) => ({
        ...p,
        quantity: BigInt(p.quantity),
        cost: money(p.cost),
        wallets: p.wallets.map(([w, q]) => [w, BigInt(q)] as [string, bigint]),
      })),
    }),
  };
}

export function serializeCheckpoint(cp: Checkpoint): CheckpointJson {
  const t = cp.totals;
  return {
    ...cp,
    strategy: snapshotJson(cp.strategy),
    disposals: cp.disposals.map((d) => ({
      ...d,
      quantity: s(d.quantity),
      proceeds: s(d.proceeds),
      cost: s(d.cost),
      gain: s(d.gain),
      acquiredRange: d.acquiredRange ? [d.acquiredRange[0], d.acquiredRange[1]] : null,
      rules: [...d.rules],
      flags: [...d.flags],
    })),
    income: cp.income.map((r) => ({ ...r, quantity: s(r.quantity), value: s(r.value) })),
    warnings: cp.warnings.map((w) => ({ ...w, quantity: s(w.quantity) })),
    totals: {
      ...t,
      proceeds: s(t.proceeds),
      cost: s(t.cost),
      gain: s(t.gain),
      shortTermGain: s(t.shortTermGain),
      longTermGain: s(t.longTermGain),
      income: s(t.income),
      fees: s(t.fees),
      feeBasisRemoved: s(t.feeBasisRemoved),
      unattachedFees: s(t.unattachedFees),
    },
  };
}

export function parseCheckpoint(json: CheckpointJson): Checkpoint {
  if (json.version !== 1)
    throw new CheckpointMismatchError(`unsupported checkpoint version ${String(json.version)}`);
  const t = json.totals;
  return {
    ...json,
    strategy: snapshotOf(json.strategy),
    disposals: json.disposals.map((d) => ({
      ...d,
      quantity: BigInt(d.quantity),
      proceeds: money(d.proceeds),
      cost: money(d.cost),
      gain: money(d.gain),
      acquiredRange: d.acquiredRange ? [d.acquiredRange[0]!, d.acquiredRange[1]!] : null,
    })),
    income: json.income.map((r) => ({ ...r, quantity: BigInt(r.quantity), value: money(r.value) })),
    warnings: json.warnings.map((w) => ({ ...w, quantity: BigInt(w.quantity) })),
    totals: {
      ...t,
      proceeds: money(t.proceeds),
      cost: money(t.cost),
      gain: money(t.gain),
      shortTermGain: money(t.shortTermGain),
      longTermGain: money(t.longTermGain),
      income: money(t.income),
      fees: money(t.fees),
      feeBasisRemoved: money(t.feeBasisRemoved),
      unattachedFees: money(t.unattachedFees),
    },
  };
}
