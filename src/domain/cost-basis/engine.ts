import { FixedMoney, scaleFor } from './fixed/fixed-money.js';
import { emptyRunTotals, runTotalsOf, totalsOf } from './fixed/run-totals.js';
import { effectsOf, type DisposalFlag, type EventEffects, type KeyedLeg, type Leg } from './legs.js';
import { createLotStrategy } from './methods/factory.js';
import type { Lot, LotStrategy, MatchedPiece, MatchRule } from './methods/lot-strategy.js';
import type { Checkpoint, CostBasisResult, CostBasisWarning, Disposal, IncomeRow, Term } from './result.js';
import type { CostBasisSettings } from './settings.js';
import { compareEvents, type CostBasisEvent } from './types.js';
import { assertResumable } from './checkpoint.js';

export interface ComputeOptions {
  /** Resume after `from.eventCount` events instead of starting empty; `events` is still the full list. */
  from?: Checkpoint;
  /** Event counts after which to take a checkpoint (0 … events.length). */
  checkpointAt?: readonly number[];
  /** Stop after this many events (the UK look-ahead still sees them all). Default: all. */
  until?: number;
}

const DAY = 86_400_000;

function isLong(acquiredAt: number, soldAt: number): boolean {
  const d = new Date(acquiredAt);
  const anniversary = Date.UTC(d.getUTCFullYear() + 1, d.getUTCMonth(), d.getUTCDate());
  return Math.floor(soldAt / DAY) > Math.floor(anniversary / DAY);
}

function byHolding(a: Lot, b: Lot): number {
  return (
    (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0) ||
    (a.walletId < b.walletId ? -1 : a.walletId > b.walletId ? 1 : 0) ||
    (a.acquiredAt ?? 0) - (b.acquiredAt ?? 0) ||
    a.seq - b.seq ||
    (a.quantity > b.quantity ? -1 : a.quantity < b.quantity ? 1 : 0) ||
    a.cost.cmp(b.cost)
  );
}

interface Group {
  term: Term;
  quantity: bigint;
  cost: bigint;
  from: number | null;
  to: number | null;
  /** In the order first seen. */
  rules: MatchRule[];
}

function newGroup(term: Term): Group {
  return { term, quantity: 0n, cost: 0n, from: null, to: null, rules: [] };
}

/** One engine run: strategy plus the outputs so far. */
class Run {
  disposals: Disposal[] = [];
  income: IncomeRow[] = [];
  warnings: CostBasisWarning[] = [];
  totals = emptyRunTotals();

  constructor(
    readonly settings: CostBasisSettings,
    readonly strategy: LotStrategy,
    readonly fm: FixedMoney,
  ) {}

  private warn(kind: CostBasisWarning['kind'], e: CostBasisEvent, unit: string, quantity: bigint): void {
    this.warnings.push({ kind, eventId: e.id, walletId: e.walletId, time: e.time, unit, quantity });
    if (kind === 'missing_basis') this.totals.missingBasis++;
    else this.totals.missingPrice++;
  }

  apply(e: CostBasisEvent, i: number, fx: EventEffects): void {
    const t = this.totals;
    const fm = this.fm;
    t.events++;
    if (fx.missingPrice) this.warn('missing_price', e, e.unit, e.quantity);
    if (e.kind === 'fee') {
      t.fees = fm.add(t.fees, fx.feeValue);
      if (this.settings.feePolicy === 'add_to_basis' && !fx.feeAttached)
        t.unattachedFees = fm.add(t.unattachedFees, fx.feeValue);
    }
    if (e.kind === 'income') {
      const value = fx.legs[0]!.t === 'in' ? fx.legs[0]!.cost : 0n;
      t.income = fm.add(t.income, value);
      this.income.push({
        eventId: e.id,
        walletId: e.walletId,
        date: e.time,
        unit: e.unit,
        decimals: e.decimals,
        quantity: e.quantity,
        value: fm.toDecimal(value),
        missingPrice: fx.missingPrice,
      });
    }
    fx.legs.forEach((leg, n) => this.applyLeg(e, i * 4 + n, leg, fx.missingPrice));
  }

  private applyLeg(e: CostBasisEvent, key: number, leg: Leg, missingPrice: boolean): void {
    if (leg.quantity <= 0n) return;
    const req = { key, unit: leg.unit, walletId: leg.walletId, quantity: leg.quantity, time: e.time };
    switch (leg.t) {
      case 'in':
        this.strategy.acquire(
          {
            id: e.id,
            seq: key,
            unit: leg.unit,
            decimals: leg.decimals,
            walletId: leg.walletId,
            quantity: leg.quantity,
            cost: leg.cost,
            acquiredAt: e.time,
          },
          key,
        );
        return;
      case 'move': {
        const unmatched = this.strategy.move({ ...req, toWallet: leg.toWallet });
        if (unmatched > 0n) this.warn('missing_basis', e, leg.unit, unmatched);
        return;
      }
      case 'remove': {
        const m = this.strategy.remove(req);
        for (const p of m.pieces)
          this.totals.feeBasisRemoved = this.fm.add(this.totals.feeBasisRemoved, p.cost);
        if (m.unmatched > 0n) this.warn('missing_basis', e, leg.unit, m.unmatched);
        return;
      }
      case 'out': {
        const m = this.strategy.dispose(req);
        if (m.unmatched > 0n) this.warn('missing_basis', e, leg.unit, m.unmatched);
        this.record(e, leg, m.pieces, m.unmatched, missingPrice);
        return;
      }
    }
  }

  private record(
    e: CostBasisEvent,
    leg: Extract<Leg, { t: 'out' }>,
    pieces: MatchedPiece[],
    unmatched: bigint,
    missingPrice: boolean,
  ): void {
    const pooled = this.strategy.pooled;
    const fm = this.fm;
    // At most two groups: short then long, or one 'n/a' for pooled methods (in the `first` slot).
    let first: Group | null = null;
    let long: Group | null = null;
    for (const p of pieces) {
      const term: Term = pooled
        ? 'n/a'
        : p.acquiredAt !== null && isLong(p.acquiredAt, e.time)
          ? 'long'
          : 'short';
      const g = term === 'long' ? (long ??= newGroup(term)) : (first ??= newGroup(term));
      g.quantity += p.quantity;
      g.cost = fm.add(g.cost, p.cost);
      if (!g.rules.includes(p.rule)) g.rules.push(p.rule);
      if (p.acquiredAt !== null) {
        g.from = g.from === null || p.acquiredAt < g.from ? p.acquiredAt : g.from;
        g.to = g.to === null || p.acquiredAt > g.to ? p.acquiredAt : g.to;
      }
    }
    if (unmatched > 0n) (first ??= newGroup(pooled ? 'n/a' : 'short')).quantity += unmatched;
    const ordered = first ? (long ? [first, long] : [first]) : long ? [long] : [];
    const baseFlags: DisposalFlag[] = [];
    if (leg.flag) baseFlags.push(leg.flag);
    if (missingPrice) baseFlags.push('missing_price');
    let proceedsLeft = leg.proceeds;
    const t = this.totals;
    ordered.forEach((g, n) => {
      const proceeds =
        n === ordered.length - 1 ? proceedsLeft : fm.share(leg.proceeds, g.quantity, leg.quantity);
      proceedsLeft = fm.sub(proceedsLeft, proceeds);
      const gain = fm.sub(proceeds, g.cost);
      const missing = unmatched > 0n && g.term === (pooled ? 'n/a' : 'short');
      const various = g.rules.includes('pool') || g.rules.includes('section_104') || g.from !== g.to;
      this.disposals.push({
        eventId: e.id,
        walletId: leg.walletId,
        unit: leg.unit,
        decimals: leg.decimals,
        quantity: g.quantity,
        dateAcquired: g.rules.length === 0 ? null : various ? 'various' : g.from,
        acquiredRange: g.from === null ? null : [g.from, g.to!],
        dateSold: e.time,
        proceeds: fm.toDecimal(proceeds),
        cost: fm.toDecimal(g.cost),
        gain: fm.toDecimal(gain),
        term: g.term,
        rules: g.rules,
        flags: missing ? [...baseFlags, 'missing_basis'] : baseFlags.slice(),
      });
      t.proceeds = fm.add(t.proceeds, proceeds);
      t.cost = fm.add(t.cost, g.cost);
      t.gain = fm.add(t.gain, gain);
      if (g.term === 'short') t.shortTermGain = fm.add(t.shortTermGain, gain);
      else if (g.term === 'long') t.longTermGain = fm.add(t.longTermGain, gain);
    });
  }

  checkpoint(events: readonly CostBasisEvent[], count: number): Checkpoint {
    const last = count > 0 ? events[count - 1]! : null;
    return {
      version: 1,
      method: this.settings.method,
      feePolicy: this.settings.feePolicy,
      currency: this.settings.currency,
      eventCount: count,
      lastEventId: last?.id ?? null,
      lastEventTime: last?.time ?? null,
      strategy: this.strategy.snapshot(),
      disposals: this.disposals.slice(),
      income: this.income.slice(),
      warnings: this.warnings.slice(),
      totals: totalsOf(this.totals, this.fm),
    };
  }
}

/** A FixedMoney holding every money value the run converts (event values, a checkpoint's state) exactly. */
function fixedMoneyOf(events: readonly CostBasisEvent[], from: Checkpoint | undefined): FixedMoney {
  let scale = 0;
  for (const e of events)
    if ('value' in e && e.value !== null) {
      const dp = e.value.decimalPlaces();
      if (dp > scale) scale = dp;
    }
  if (!from) return new FixedMoney(scaleFor([], scale));
  const t = from.totals;
  const restored = [t.proceeds, t.cost, t.gain, t.shortTermGain, t.longTermGain, t.income, t.fees];
  restored.push(t.feeBasisRemoved, t.unattachedFees);
  for (const l of from.strategy.lots ?? []) restored.push(l.cost);
  for (const p of from.strategy.pools ?? []) restored.push(p.cost);
  return new FixedMoney(scaleFor(restored, scale));
}

/**
 * Computes realized disposals, income, open lots and warnings for `events` (sorted by time, then
 * seq) under `settings`. With `options.from`, the events before `from.eventCount` are not processed
 * again (they must be the same events: the last one's id is checked); the result is identical to a
 * full run as long as the checkpoint was chosen with `latestUsableCheckpoint` (UK: ≥ 30 days before
 * the first changed event).
 */
export function computeCostBasis(
  events: readonly CostBasisEvent[],
  settings: CostBasisSettings,
  options: ComputeOptions = {},
): CostBasisResult {
  const from = options.from;
  if (from) assertResumable(from, events, settings);
  const fm = fixedMoneyOf(events, from);
  const strategy = createLotStrategy(settings.method, fm);
  const run = new Run(settings, strategy, fm);
  let start = 0;
  if (from) {
    strategy.restore(from.strategy);
    run.disposals = from.disposals.slice();
    run.income = from.income.slice();
    run.warnings = from.warnings.slice();
    run.totals = runTotalsOf(from.totals, fm);
    start = from.eventCount;
  }
  for (let i = Math.max(1, start); i < events.length; i++)
    if (compareEvents(events[i - 1]!, events[i]!) > 0)
      throw new RangeError(
        `events must be sorted by time then seq: ${events[i]!.id} comes after ${events[i - 1]!.id}`,
      );

  let effects: EventEffects[] | null = null;
  if (strategy.prepare) {
    effects = events.map((_, i) => effectsOf(events, i, settings.feePolicy, fm));
    const legs: KeyedLeg[] = [];
    effects.forEach((fx, i) =>
      fx.legs.forEach((leg, n) => legs.push({ key: i * 4 + n, time: events[i]!.time, leg })),
    );
    strategy.prepare(legs);
  }
  const wanted = new Set(options.checkpointAt ?? []);
  const checkpoints: Checkpoint[] = [];
  const end = Math.min(options.until ?? events.length, events.length);
  for (let i = start; i < end; i++) {
    if (wanted.has(i)) checkpoints.push(run.checkpoint(events, i));
    run.apply(events[i]!, i, effects ? effects[i]! : effectsOf(events, i, settings.feePolicy, fm));
  }
  if (wanted.has(end)) checkpoints.push(run.checkpoint(events, end));
  return {
    settings,
    lots: strategy.holdings().sort(byHolding),
    disposals: run.disposals,
    income: run.income,
    warnings: run.warnings,
    totals: totalsOf(run.totals, fm),
    checkpoints,
  };
}
