import { Decimal } from 'decimal.js';
import type { CostBasisEvent } from '../../../../src/domain/cost-basis/index.js';

/** mulberry32: a small seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomOptions {
  n?: number;
  wallets?: string[];
  units?: string[];
  transfers?: boolean;
  fees?: boolean;
  deposits?: boolean;
  /** Allow disposals beyond the wallet's balance (missing basis). */
  overdraw?: boolean;
  /** Sell every remaining balance at the end at this price per unit. */
  liquidateAt?: number;
}

/** A random, valid (sorted) event sequence; balances never go negative unless `overdraw`. */
export function randomEvents(seed: number, o: RandomOptions = {}): CostBasisEvent[] {
  const rnd = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const wallets = o.wallets ?? ['w1', 'w2', 'w3'];
  const units = o.units ?? ['lovelace', 'A', 'B', 'C'];
  const bal = new Map<string, bigint>();
  const key = (w: string, u: string) => `${w}|${u}`;
  const get = (w: string, u: string) => bal.get(key(w, u)) ?? 0n;
  const add = (w: string, u: string, q: bigint) => bal.set(key(w, u), get(w, u) + q);
  const events: CostBasisEvent[] = [];
  let time = Date.UTC(2022, 0, 1);
  let seq = 0;
  const money = () => new Decimal(int(1, 1_000_000)).div(100);
  const dec = (u: string) => (u === 'lovelace' ? 6 : 0);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test builds every kind
  const push = (e: Record<string, any>, txId?: string) => {
    seq++;
    events.push({ ...e, id: `r${seq}`, seq, time, ...(txId ? { txId } : {}) } as CostBasisEvent);
  };
  const take = (w: string, u: string): bigint => {
    const have = get(w, u);
    if (o.overdraw && rnd() < 0.1) return BigInt(int(1, 500)) + have;
    if (have === 0n) return 0n;
    return BigInt(int(1, Number(have > 100000n ? 100000n : have)));
  };
  for (let i = 0; i < (o.n ?? 60); i++) {
    time += int(0, 3) * 86_400_000 + int(0, 3_600_000);
    const w = wallets[int(0, wallets.length - 1)]!;
    const u = units[int(0, units.length - 1)]!;
    const r = rnd();
    const tx = `t${i}`;
    if (o.fees && rnd() < 0.3 && get(w, 'lovelace') > 200_000n) {
      push(
        {
          kind: 'fee',
          walletId: w,
          unit: 'lovelace',
          decimals: 6,
          quantity: 170_000n,
          value: new Decimal('0.07'),
        },
        tx,
      );
      add(w, 'lovelace', -170_000n);
    }
    if (r < 0.35) {
      const q = BigInt(int(1, 1000)) * (u === 'lovelace' ? 1_000_000n : 1n);
      push({ kind: 'acquire', walletId: w, unit: u, decimals: dec(u), quantity: q, value: money() }, tx);
      add(w, u, q);
    } else if (r < 0.55) {
      const q = take(w, u);
      if (q === 0n) continue;
      push({ kind: 'dispose', walletId: w, unit: u, decimals: dec(u), quantity: q, value: money() }, tx);
      add(w, u, get(w, u) < q ? -get(w, u) : -q);
    } else if (r < 0.7) {
      const q = take(w, u);
      const b = units.filter((x) => x !== u)[int(0, units.length - 2)]!;
      if (q === 0n) continue;
      const bq = BigInt(int(1, 1000)) * (b === 'lovelace' ? 1_000_000n : 1n);
      push(
        {
          kind: 'swap',
          walletId: w,
          unit: u,
          decimals: dec(u),
          quantity: q,
          boughtUnit: b,
          boughtDecimals: dec(b),
          boughtQuantity: bq,
          value: money(),
        },
        tx,
      );
      add(w, u, get(w, u) < q ? -get(w, u) : -q);
      add(w, b, bq);
    } else if (r < 0.8) {
      const q = BigInt(int(1, 5_000_000));
      push({ kind: 'income', walletId: w, unit: 'lovelace', decimals: 6, quantity: q, value: money() });
      add(w, 'lovelace', q);
    } else if (r < 0.93 && o.transfers) {
      const to = wallets.filter((x) => x !== w)[int(0, wallets.length - 2)]!;
      const have = get(w, u);
      if (have === 0n) continue;
      const q = BigInt(int(1, Number(have > 100000n ? 100000n : have)));
      push({
        kind: 'transfer',
        walletId: w,
        unit: u,
        decimals: dec(u),
        quantity: q,
        fromWallet: w,
        toWallet: to,
      });
      add(w, u, -q);
      add(to, u, q);
    } else if (o.deposits && get(w, 'lovelace') > 2_000_000n) {
      push({ kind: 'deposit', walletId: w, unit: 'lovelace', decimals: 6, quantity: 2_000_000n }, tx);
      add(w, 'lovelace', -2_000_000n);
      time += 86_400_000;
      push({ kind: 'deposit_refund', walletId: w, unit: 'lovelace', decimals: 6, quantity: 2_000_000n });
      add(w, 'lovelace', 2_000_000n);
    }
  }
  if (o.liquidateAt !== undefined) {
    time += 86_400_000;
    for (const [k, q] of [...bal.entries()].sort()) {
      if (q <= 0n) continue;
      const [w, u] = k.split('|') as [string, string];
      push({
        kind: 'dispose',
        walletId: w,
        unit: u,
        decimals: dec(u),
        quantity: q,
        value: new Decimal(o.liquidateAt).times(q.toString()),
      });
    }
  }
  return events;
}
