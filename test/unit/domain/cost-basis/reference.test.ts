import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import {
  COST_BASIS_METHODS,
  computeCostBasis,
  type CostBasisEvent,
  type CostBasisMethod,
  type CostBasisResult,
  type CostBasisTotals,
  type FeePolicy,
} from '../../../../src/domain/cost-basis/index.js';
import { prng } from './random-events.js';
import { settings } from './support.js';

/*
 * The optimized engine (scaled bigints, bigint HIFO keys, UK pre-matching) against a plain reference
 * written here with decimal.js: every money operation is a 60-digit half-even Decimal, a share of a cost
 * or proceeds is `total × part / whole` rounded half-even to 18 places with the rest kept on the lot,
 * and each method picks its lots by scanning a plain list. Results must be equal as strings.
 */

const M = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
/** HIFO orders lots by their unit cost at 24 significant digits. */
const Rank = Decimal.clone({ precision: 24, rounding: Decimal.ROUND_HALF_EVEN });
const ZERO = new M(0);
const DAY = 86_400_000;

function share(total: Decimal, part: bigint, whole: bigint): Decimal {
  if (part === whole) return total;
  if (part === 0n || whole === 0n) return ZERO;
  return total.times(part.toString()).div(whole.toString()).toDecimalPlaces(18, Decimal.ROUND_HALF_EVEN);
}

const money = (v: Decimal | null): Decimal => (v === null ? ZERO : new M(v));

type Leg =
  | { t: 'in'; unit: string; wallet: string; q: bigint; cost: Decimal }
  | { t: 'out'; unit: string; wallet: string; q: bigint; proceeds: Decimal }
  | { t: 'remove'; unit: string; wallet: string; q: bigint }
  | { t: 'move'; unit: string; wallet: string; to: string; q: bigint };

/** add_to_basis: the fees of `e`'s transaction if `e` is its first acquire/swap (else first dispose). */
function attachedFee(events: readonly CostBasisEvent[], e: CostBasisEvent, policy: FeePolicy): Decimal {
  if (policy !== 'add_to_basis' || e.txId === undefined) return ZERO;
  const tx = events.filter((x) => x.txId === e.txId);
  const target =
    tx.find((x) => x.kind === 'acquire' || x.kind === 'swap') ?? tx.find((x) => x.kind === 'dispose');
  if (tx.length < 2 || target !== e) return ZERO;
  let sum = ZERO;
  for (const f of tx) if (f.kind === 'fee' && f.value !== null) sum = sum.plus(f.value);
  return sum;
}

function legsOf(events: readonly CostBasisEvent[], e: CostBasisEvent, policy: FeePolicy): Leg[] {
  const base = { unit: e.unit, wallet: e.walletId, q: e.quantity };
  const value = 'value' in e ? money(e.value) : ZERO;
  const fee = attachedFee(events, e, policy);
  switch (e.kind) {
    case 'acquire':
      return [{ t: 'in', ...base, cost: value.plus(fee) }];
    case 'income':
      return [{ t: 'in', ...base, cost: value }];
    case 'dispose':
      return [{ t: 'out', ...base, proceeds: value.minus(fee) }];
    case 'swap':
      return [
        { t: 'out', ...base, proceeds: value },
        { t: 'in', unit: e.boughtUnit, wallet: e.walletId, q: e.boughtQuantity, cost: value.plus(fee) },
      ];
    case 'loss':
      return [{ t: 'out', ...base, proceeds: ZERO }];
    case 'fee':
      return policy === 'disposal' ? [{ t: 'out', ...base, proceeds: value }] : [{ t: 'remove', ...base }];
    case 'transfer':
      return [{ t: 'move', ...base, wallet: e.fromWallet, to: e.toWallet }];
    case 'deposit':
      return [{ t: 'move', ...base, to: `${e.walletId}#deposit` }];
    case 'deposit_refund':
      return [{ t: 'move', ...base, wallet: `${e.walletId}#deposit`, to: e.walletId }];
  }
}

interface Piece {
  quantity: bigint;
  cost: Decimal;
  acquiredAt: number | null;
}

interface Taken {
  pieces: Piece[];
  unmatched: bigint;
}

interface RefLot {
  id: string;
  /** Event index × 4 + leg index of the acquisition: breaks ties between lots of the same time. */
  order: number;
  unit: string;
  wallet: string;
  quantity: bigint;
  cost: Decimal;
  acquiredAt: number;
  rank: Decimal;
}

/** What the reference needs of a method. `key` is the leg's event index × 4 + leg index. */
interface RefMethod {
  pooled: boolean;
  acquire(leg: Extract<Leg, { t: 'in' }>, id: string, time: number, key: number): void;
  dispose(leg: Extract<Leg, { t: 'out' }>, key: number): Taken;
  remove(leg: Extract<Leg, { t: 'remove' }>): Taken;
  /** Returns the quantity not found. */
  move(leg: Extract<Leg, { t: 'move' }>): bigint;
  lots(): Array<{
    id: string;
    unit: string;
    wallet: string;
    quantity: bigint;
    cost: Decimal;
    at: number | null;
  }>;
}

/** FIFO / LIFO / HIFO: a plain list of lots; each take scans the disposing wallet's lots for the next one. */
function lotMethod(method: 'fifo' | 'lifo' | 'hifo'): RefMethod {
  let lots: RefLot[] = [];
  const older = (a: RefLot, b: RefLot) => a.acquiredAt - b.acquiredAt || a.order - b.order;
  const next = (unit: string, wallet: string): RefLot | undefined => {
    // A stable sort: pieces of one lot that met again keep the order they arrived in.
    const mine = lots.filter((l) => l.unit === unit && l.wallet === wallet).sort(older);
    if (method === 'fifo') return mine[0];
    if (method === 'lifo') return mine[mine.length - 1];
    let best = mine[0];
    for (const l of mine) if (l.rank.gt(best!.rank)) best = l;
    return best;
  };
  const add = (lot: RefLot) => {
    const same = lots.find((l) => l.id === lot.id && l.order === lot.order && l.wallet === lot.wallet);
    if (method === 'hifo' && same) {
      same.quantity += lot.quantity;
      same.cost = same.cost.plus(lot.cost);
    } else lots.push(lot);
  };
  const take = (unit: string, wallet: string, q: bigint): { taken: RefLot[]; left: bigint } => {
    const taken: RefLot[] = [];
    let left = q;
    for (let lot = next(unit, wallet); left > 0n && lot; lot = next(unit, wallet)) {
      if (lot.quantity <= left) {
        lots = lots.filter((l) => l !== lot);
        taken.push(lot);
        left -= lot.quantity;
      } else {
        const cost = share(lot.cost, left, lot.quantity);
        taken.push({ ...lot, quantity: left, cost });
        lot.quantity -= left;
        lot.cost = lot.cost.minus(cost);
        left = 0n;
      }
    }
    return { taken, left };
  };
  const asPieces = ({ taken, left }: { taken: RefLot[]; left: bigint }): Taken => ({
    pieces: taken.map((l) => ({ quantity: l.quantity, cost: l.cost, acquiredAt: l.acquiredAt })),
    unmatched: left,
  });
  return {
    pooled: false,
    acquire: (leg, id, time, key) =>
      add({
        id,
        order: key,
        unit: leg.unit,
        wallet: leg.wallet,
        quantity: leg.q,
        cost: leg.cost,
        acquiredAt: time,
        rank: leg.cost.isZero() ? new Rank(0) : new Rank(leg.cost).div(leg.q.toString()),
      }),
    dispose: (leg) => asPieces(take(leg.unit, leg.wallet, leg.q)),
    remove: (leg) => asPieces(take(leg.unit, leg.wallet, leg.q)),
    move: (leg) => {
      const { taken, left } = take(leg.unit, leg.wallet, leg.q);
      for (const l of taken) add({ ...l, wallet: leg.to });
      return left;
    },
    lots: () =>
      lots.map((l) => ({
        id: l.id,
        unit: l.unit,
        wallet: l.wallet,
        quantity: l.quantity,
        cost: l.cost,
        at: l.acquiredAt,
      })),
  };
}

/**
 * Average cost and UK pooling: one pool (quantity, cost) per unit across wallets, plus how much each
 * wallet holds. A disposal takes from the disposing wallet's holding first, then the other wallets'
 * in id order. UK: `prepare` matches disposals to same-day, then next-30-day acquisitions first.
 */
function poolMethod(method: 'average' | 'uk', legs: ReadonlyArray<{ key: number; time: number; leg: Leg }>) {
  const pools = new Map<string, { quantity: bigint; cost: Decimal }>();
  const held = new Map<string, Map<string, bigint>>();
  const wallets = (unit: string) => held.get(unit) ?? held.set(unit, new Map()).get(unit)!;
  const give = (unit: string, wallet: string, q: bigint) =>
    q > 0n && wallets(unit).set(wallet, (wallets(unit).get(wallet) ?? 0n) + q);
  const takeFrom = (unit: string, wallet: string, q: bigint): bigint => {
    const have = wallets(unit).get(wallet) ?? 0n;
    const t = have < q ? have : q;
    wallets(unit).set(wallet, have - t);
    return q - t;
  };
  const takeFromWallets = (unit: string, wallet: string, q: bigint) => {
    let left = takeFrom(unit, wallet, q);
    for (const w of [...wallets(unit).keys()].sort()) left = takeFrom(unit, w, left);
  };
  const fromPool = (unit: string, q: bigint): Piece | null => {
    const p = pools.get(unit);
    if (!p || p.quantity === 0n) return null;
    const quantity = p.quantity < q ? p.quantity : q;
    const cost = share(p.cost, quantity, p.quantity);
    p.quantity -= quantity;
    p.cost = p.quantity === 0n ? ZERO : p.cost.minus(cost);
    return { quantity, cost, acquiredAt: null };
  };

  // UK rules 1 and 2, matched up front: per unit and UTC day, all acquisitions are one.
  const matched = new Map<number, Piece[]>();
  /** Acquisition leg key → what of its day's acquisitions joins the Section 104 pool there. */
  const toPool = new Map<number, { quantity: bigint; cost: Decimal }>();
  const poolEntry = (leg: Extract<Leg, { t: 'in' }>, key: number) =>
    method === 'average' ? { quantity: leg.q, cost: leg.cost } : toPool.get(key);
  if (method === 'uk') {
    const days = new Map<
      string,
      { day: number; firstKey: number; quantity: bigint; cost: Decimal; used: bigint; usedCost: Decimal }
    >();
    for (const { key, time, leg } of legs) {
      if (leg.t !== 'in') continue;
      const day = Math.floor(time / DAY);
      const g = days.get(`${leg.unit}|${day}`);
      if (g) {
        g.quantity += leg.q;
        g.cost = g.cost.plus(leg.cost);
      } else
        days.set(`${leg.unit}|${day}`, {
          day,
          firstKey: key,
          quantity: leg.q,
          cost: leg.cost,
          used: 0n,
          usedCost: ZERO,
        });
    }
    const outs = legs.flatMap(({ key, time, leg }) =>
      leg.t === 'out' ? [{ key, unit: leg.unit, day: Math.floor(time / DAY), left: leg.q }] : [],
    );
    const match = (d: (typeof outs)[number], day: number) => {
      const g = days.get(`${d.unit}|${day}`);
      if (!g || d.left === 0n || g.used === g.quantity) return;
      const q = d.left < g.quantity - g.used ? d.left : g.quantity - g.used;
      const cost = share(g.cost.minus(g.usedCost), q, g.quantity - g.used);
      g.used += q;
      g.usedCost = g.usedCost.plus(cost);
      d.left -= q;
      matched.set(d.key, [...(matched.get(d.key) ?? []), { quantity: q, cost, acquiredAt: day * DAY }]);
    };
    for (const d of outs) match(d, d.day);
    for (const d of outs) for (let day = d.day + 1; day <= d.day + 30; day++) match(d, day);
    for (const g of days.values())
      if (g.quantity > g.used)
        toPool.set(g.firstKey, {
          quantity: g.quantity - g.used,
          cost: g.used === 0n ? g.cost : g.cost.minus(g.usedCost),
        });
  }

  const m: RefMethod = {
    pooled: true,
    acquire: (leg, _id, _time, key) => {
      give(leg.unit, leg.wallet, leg.q);
      // The pool exists from the unit's first acquisition, even when a disposal took all of it.
      const p = pools.get(leg.unit) ?? pools.set(leg.unit, { quantity: 0n, cost: ZERO }).get(leg.unit)!;
      const entry = poolEntry(leg, key);
      if (!entry) return;
      p.quantity += entry.quantity;
      p.cost = p.cost.plus(entry.cost);
    },
    dispose: (leg, key) => {
      const pieces = [...(matched.get(key) ?? [])];
      const left = leg.q - pieces.reduce((s, p) => s + p.quantity, 0n);
      const pooled = left > 0n ? fromPool(leg.unit, left) : null;
      if (pooled) pieces.push(pooled);
      const unmatched = left - (pooled?.quantity ?? 0n);
      // What is sold leaves the wallets, whether a lot covered it or not.
      takeFromWallets(leg.unit, leg.wallet, leg.q);
      return { pieces, unmatched };
    },
    remove: (leg) => {
      const pooled = fromPool(leg.unit, leg.q);
      takeFromWallets(leg.unit, leg.wallet, leg.q);
      return { pieces: pooled ? [pooled] : [], unmatched: leg.q - (pooled?.quantity ?? 0n) };
    },
    move: (leg) => {
      const left = takeFrom(leg.unit, leg.wallet, leg.q);
      give(leg.unit, leg.to, leg.q - left);
      return left;
    },
    lots: () => {
      const out: ReturnType<RefMethod['lots']> = [];
      for (const [unit, p] of pools) {
        const mine = [...wallets(unit)].filter(([, q]) => q > 0n).sort(([a], [b]) => (a < b ? -1 : 1));
        const total = mine.reduce((s, [, q]) => s + q, 0n);
        let rest = p.cost;
        mine.forEach(([wallet, quantity], i) => {
          const cost = i === mine.length - 1 ? rest : share(p.cost, quantity, total);
          rest = rest.minus(cost);
          out.push({ id: `pool:${unit}`, unit, wallet, quantity, cost, at: null });
        });
      }
      return out;
    },
  };
  return m;
}

function isLong(acquiredAt: number, soldAt: number): boolean {
  const a = new Date(acquiredAt);
  const anniversary = new Date(Date.UTC(a.getUTCFullYear() + 1, a.getUTCMonth(), a.getUTCDate()));
  return new Date(soldAt).toISOString().slice(0, 10) > anniversary.toISOString().slice(0, 10);
}

interface Outcome {
  disposals: string[];
  lots: string[];
  income: string[];
  warnings: string[];
  totals: string[];
}

const COMPARED_TOTALS = [
  'proceeds',
  'cost',
  'gain',
  'income',
  'fees',
  'feeBasisRemoved',
  'missingBasis',
  'missingPrice',
] as const;

function totalsText(t: Pick<CostBasisTotals, (typeof COMPARED_TOTALS)[number]>): string[] {
  return COMPARED_TOTALS.map((k) => `${k}=${t[k].toString()}`);
}

function reference(events: readonly CostBasisEvent[], method: CostBasisMethod, policy: FeePolicy): Outcome {
  const legs = events.flatMap((e, i) =>
    legsOf(events, e, policy).map((leg, n) => ({ key: i * 4 + n, time: e.time, leg, e })),
  );
  const m = method === 'average' || method === 'uk' ? poolMethod(method, legs) : lotMethod(method);
  const out: Outcome = { disposals: [], lots: [], income: [], warnings: [], totals: [] };
  const t = { proceeds: ZERO, cost: ZERO, gain: ZERO, income: ZERO, fees: ZERO, feeBasisRemoved: ZERO };
  let missingBasis = 0;
  let missingPrice = 0;
  const missing = (e: CostBasisEvent, unit: string, q: bigint) => {
    if (q === 0n) return;
    missingBasis++;
    out.warnings.push(`missing_basis ${e.id} ${unit} ${q}`);
  };
  for (const e of events) {
    if ('value' in e && e.value === null) {
      missingPrice++;
      out.warnings.push(`missing_price ${e.id} ${e.unit} ${e.quantity}`);
    }
    if (e.kind === 'fee') t.fees = t.fees.plus(money(e.value));
    if (e.kind === 'income') {
      t.income = t.income.plus(money(e.value));
      out.income.push(`${e.id} ${e.walletId} ${e.quantity} ${money(e.value).toString()}`);
    }
    for (const { key, leg } of legs.filter((l) => l.e === e)) {
      if (leg.t === 'in') m.acquire(leg, e.id, e.time, key);
      else if (leg.t === 'move') missing(e, leg.unit, m.move(leg));
      else if (leg.t === 'remove') {
        const r = m.remove(leg);
        for (const p of r.pieces) t.feeBasisRemoved = t.feeBasisRemoved.plus(p.cost);
        missing(e, leg.unit, r.unmatched);
      } else {
        const r = m.dispose(leg, key);
        missing(e, leg.unit, r.unmatched);
        // One row per term: short (with any quantity no lot covered) before long; pooled: one 'n/a' row.
        const rows = new Map<string, { q: bigint; cost: Decimal }>();
        const row = (term: string) => rows.get(term) ?? rows.set(term, { q: 0n, cost: ZERO }).get(term)!;
        for (const p of r.pieces) {
          const term = m.pooled ? 'n/a' : isLong(p.acquiredAt!, e.time) ? 'long' : 'short';
          row(term).q += p.quantity;
          row(term).cost = row(term).cost.plus(p.cost);
        }
        if (r.unmatched > 0n) row(m.pooled ? 'n/a' : 'short').q += r.unmatched;
        const ordered = [...rows].sort(([a], [b]) => (a === 'long' ? 1 : 0) - (b === 'long' ? 1 : 0));
        let proceedsLeft = leg.proceeds;
        ordered.forEach(([term, g], n) => {
          const proceeds = n === ordered.length - 1 ? proceedsLeft : share(leg.proceeds, g.q, leg.q);
          proceedsLeft = proceedsLeft.minus(proceeds);
          const gain = proceeds.minus(g.cost);
          const flagged = r.unmatched > 0n && term !== 'long';
          out.disposals.push(
            `${e.id} ${leg.wallet} ${leg.unit} q=${g.q} ${term} proceeds=${proceeds} cost=${g.cost} gain=${gain}${flagged ? ' missing_basis' : ''}`,
          );
          t.proceeds = t.proceeds.plus(proceeds);
          t.cost = t.cost.plus(g.cost);
          t.gain = t.gain.plus(gain);
        });
      }
    }
  }
  out.lots = m
    .lots()
    .map((l) => `${l.unit} ${l.wallet} ${l.id} ${l.at} q=${l.quantity} cost=${l.cost.toString()}`)
    .sort();
  out.totals = totalsText({ ...t, missingBasis, missingPrice });
  return out;
}

/** The engine's result in the reference's terms. */
function outcomeOf(r: CostBasisResult): Outcome {
  const t = r.totals;
  return {
    disposals: r.disposals.map(
      (d) =>
        `${d.eventId} ${d.walletId} ${d.unit} q=${d.quantity} ${d.term} proceeds=${d.proceeds} cost=${d.cost} gain=${d.gain}${d.flags.includes('missing_basis') ? ' missing_basis' : ''}`,
    ),
    lots: r.lots
      .map((l) => `${l.unit} ${l.walletId} ${l.id} ${l.acquiredAt} q=${l.quantity} cost=${l.cost.toString()}`)
      .sort(),
    income: r.income.map((x) => `${x.eventId} ${x.walletId} ${x.quantity} ${x.value.toString()}`),
    warnings: r.warnings.map((w) => `${w.kind} ${w.eventId} ${w.unit} ${w.quantity}`),
    totals: totalsText(t),
  };
}

/** An event before the sequence gives it an id, seq and time. */
type Unplaced<E = CostBasisEvent> = E extends CostBasisEvent ? Omit<E, 'id' | 'seq' | 'time'> : never;

const UNITS: ReadonlyArray<[string, number]> = [
  ['lovelace', 6],
  ['A', 0],
  ['B', 8],
  ['C', 18],
];
const WALLETS = ['w1', 'w2', 'w3'];

/**
 * A random sorted event sequence: buys, sells (sometimes beyond what the wallet holds), swaps, rewards,
 * fees (in a transaction with a buy/sell/swap or alone), own-wallet transfers, stake-key deposits,
 * collateral losses; same-day runs, gaps inside and beyond 30 days and past a year; quantities from
 * 1 to 10^30 base units; values from 10^-24 to 60-digit amounts, some unknown (null).
 */
function randomSequence(seed: number): CostBasisEvent[] {
  const rnd = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const digits = (n: number) => Array.from({ length: n }, (_, i) => int(i === 0 ? 1 : 0, 9)).join('');
  const quantity = (): bigint => {
    const r = rnd();
    if (r < 0.15) return BigInt(int(1, 9));
    if (r < 0.85) return BigInt(int(1, 2_000_000));
    return BigInt(digits(int(18, 30)));
  };
  const value = (): Decimal | null => {
    const r = rnd();
    if (r < 0.04) return null;
    if (r < 0.15) return new Decimal(`0.${'0'.repeat(int(0, 17))}${digits(int(1, 6))}`);
    if (r < 0.7) return new Decimal(`${int(0, 99_999)}.${digits(2)}`);
    if (r < 0.9) return new Decimal(`${digits(int(1, 8))}.${digits(int(3, 24))}`);
    return new Decimal(`${digits(36)}.${digits(24)}`);
  };
  const balance = new Map<string, bigint>();
  const held = (w: string, u: string) => balance.get(`${w}|${u}`) ?? 0n;
  const change = (w: string, u: string, q: bigint) => {
    const next = held(w, u) + q;
    balance.set(`${w}|${u}`, next < 0n ? 0n : next);
  };
  /** Mostly part of the balance; sometimes all of it or more than the wallet holds. */
  const some = (w: string, u: string): bigint => {
    const have = held(w, u);
    const r = rnd();
    if (r < 0.12 || have === 0n) return have + quantity();
    if (r < 0.25) return have;
    return have <= 1n ? have : 1n + ((have - 1n) * BigInt(int(0, 1000))) / 1000n;
  };
  const events: CostBasisEvent[] = [];
  let time = Date.UTC(2021, 1, 27, 10);
  let seq = 0;
  const push = (e: Unplaced, txId?: string) => {
    seq++;
    events.push({ ...e, id: `s${seed}e${seq}`, seq, time, ...(txId ? { txId } : {}) });
  };
  const n = int(20, 60);
  for (let i = 0; i < n; i++) {
    const step = rnd();
    time += step < 0.35 ? int(0, 3_000_000) : step < 0.85 ? int(1, 6) * DAY : int(20, 400) * DAY;
    const w = WALLETS[int(0, 2)]!;
    const [unit, decimals] = UNITS[int(0, UNITS.length - 1)]!;
    const tx = `s${seed}t${i}`;
    const r = rnd();
    const feeFirst = rnd() < 0.3;
    const fee = () => {
      push(
        {
          kind: 'fee',
          walletId: w,
          unit: 'lovelace',
          decimals: 6,
          quantity: BigInt(int(150_000, 400_000)),
          value: value(),
        },
        tx,
      );
      change(w, 'lovelace', -400_000n);
    };
    if (feeFirst && r < 0.7) fee();
    if (r < 0.32) {
      const q = quantity();
      push({ kind: 'acquire', walletId: w, unit, decimals, quantity: q, value: value() }, tx);
      change(w, unit, q);
    } else if (r < 0.52) {
      const q = some(w, unit);
      push({ kind: 'dispose', walletId: w, unit, decimals, quantity: q, value: value() }, tx);
      change(w, unit, -q);
    } else if (r < 0.66) {
      const [bought, boughtDecimals] = UNITS.filter(([u]) => u !== unit)[int(0, UNITS.length - 2)]!;
      const q = some(w, unit);
      const bq = quantity();
      push(
        {
          kind: 'swap',
          walletId: w,
          unit,
          decimals,
          quantity: q,
          boughtUnit: bought,
          boughtDecimals,
          boughtQuantity: bq,
          value: value(),
        },
        tx,
      );
      change(w, unit, -q);
      change(w, bought, bq);
    } else if (r < 0.7) {
      if (!feeFirst) fee();
    } else if (r < 0.78) {
      const q = BigInt(int(1, 9_000_000));
      push({ kind: 'income', walletId: w, unit: 'lovelace', decimals: 6, quantity: q, value: value() });
      change(w, 'lovelace', q);
    } else if (r < 0.92) {
      const to = WALLETS.filter((x) => x !== w)[int(0, 1)]!;
      const q = some(w, unit);
      push({ kind: 'transfer', walletId: w, unit, decimals, quantity: q, fromWallet: w, toWallet: to });
      change(w, unit, -q);
      change(to, unit, q);
    } else if (r < 0.97) {
      push({ kind: 'deposit', walletId: w, unit: 'lovelace', decimals: 6, quantity: 2_000_000n }, tx);
      change(w, 'lovelace', -2_000_000n);
      if (rnd() < 0.7) {
        time += int(1, 90) * DAY;
        push({ kind: 'deposit_refund', walletId: w, unit: 'lovelace', decimals: 6, quantity: 2_000_000n });
        change(w, 'lovelace', 2_000_000n);
      }
    } else {
      push({ kind: 'loss', walletId: w, unit: 'lovelace', decimals: 6, quantity: BigInt(int(1, 5_000_000)) });
      change(w, 'lovelace', -5_000_000n);
    }
    if (!feeFirst && r < 0.66 && rnd() < 0.3) fee();
  }
  return events;
}

const SEQUENCES = 160;
const generated = new Map<number, CostBasisEvent[]>();
const sequence = (seed: number) =>
  generated.get(seed) ?? generated.set(seed, randomSequence(seed)).get(seed)!;

describe('engine against a plain decimal.js reference (seeded random sequences)', () => {
  for (const method of COST_BASIS_METHODS)
    it(`${method}: every disposal, open lot, income row, warning and total is the reference's`, () => {
      for (let s = 0; s < SEQUENCES; s++) {
        const seed = 7000 + s;
        const events = sequence(seed);
        {
          const policy: FeePolicy = s % 2 ? 'disposal' : 'add_to_basis';
          const got = outcomeOf(computeCostBasis(events, settings(method, { feePolicy: policy })));
          const want = reference(events, method, policy);
          const where = `seed ${seed}, ${method}, ${policy} (randomSequence(${seed}))`;
          expect(got.disposals, where).toEqual(want.disposals);
          expect(got.lots, where).toEqual(want.lots);
          expect(got.income, where).toEqual(want.income);
          expect(got.warnings, where).toEqual(want.warnings);
          expect(got.totals, where).toEqual(want.totals);
        }
      }
    });

  it('the sequences cover what they are meant to', () => {
    const seen = new Set<string>();
    // The first 40 already have it all; the rest only add more of the same.
    for (let s = 0; s < 40; s++) {
      const events = sequence(7000 + s);
      for (const e of events) seen.add(e.kind);
      const fifo = computeCostBasis(events, settings('fifo', { feePolicy: 'disposal' }));
      const uk = computeCostBasis(events, settings('uk', { feePolicy: 'disposal' }));
      for (const d of fifo.disposals) seen.add(`term:${d.term}`);
      for (const d of uk.disposals) for (const rule of d.rules) seen.add(`rule:${rule}`);
      for (const w of fifo.warnings) seen.add(w.kind);
      if (fifo.disposals.some((d) => d.cost.precision(true) >= 60)) seen.add('60 digits');
    }
    expect([...seen].sort()).toEqual(
      [
        '60 digits',
        'acquire',
        'deposit',
        'deposit_refund',
        'dispose',
        'fee',
        'income',
        'loss',
        'missing_basis',
        'missing_price',
        'rule:bed_and_breakfast',
        'rule:same_day',
        'rule:section_104',
        'swap',
        'term:long',
        'term:short',
        'transfer',
      ].sort(),
    );
  });
});
