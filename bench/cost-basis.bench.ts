// Cost-basis engine: full recompute of one user with 100,000 events (acquisitions, disposals, swaps,
// income, fees and transfers across 20 tokens and 3 wallets) per method, and an incremental
// recompute resuming from a checkpoint 1,000 events before the end.
import { Decimal } from 'decimal.js';
import type { Bench, BenchResult } from './bench.js';
import {
  COST_BASIS_METHODS,
  DEFAULT_COST_BASIS_SETTINGS,
  computeCostBasis,
  type CostBasisEvent,
} from '../src/domain/cost-basis/index.js';

const N = 100_000;
let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

function makeEvents(): CostBasisEvent[] {
  const wallets = ['w1', 'w2', 'w3'];
  const units = ['lovelace', ...Array.from({ length: 19 }, (_, i) => `token${i}`)];
  const bal = new Map<string, bigint>();
  const get = (k: string) => bal.get(k) ?? 0n;
  const events: CostBasisEvent[] = [];
  let time = Date.UTC(2021, 0, 1);
  const money = () => new Decimal(int(1, 10_000_000)).div(100);
  while (events.length < N) {
    time += int(0, 1_200_000);
    const w = wallets[int(0, 2)]!;
    const u = units[int(0, units.length - 1)]!;
    const k = `${w}|${u}`;
    const base = {
      id: `x${events.length}`,
      seq: events.length,
      time,
      walletId: w,
      unit: u,
      decimals: u === 'lovelace' ? 6 : 0,
    };
    const r = rand();
    const have = get(k);
    const part = have > 0n ? BigInt(int(1, Number(have > 1_000_000n ? 1_000_000n : have))) : 0n;
    if (r < 0.4 || have === 0n) {
      const q = BigInt(int(1, 1_000_000));
      events.push({ ...base, kind: 'acquire', quantity: q, value: money() });
      bal.set(k, have + q);
    } else if (r < 0.6) {
      events.push({ ...base, kind: 'dispose', quantity: part, value: money() });
      bal.set(k, have - part);
    } else if (r < 0.75) {
      const b = units[int(0, units.length - 1)]!;
      if (b === u) continue;
      const bq = BigInt(int(1, 1_000_000));
      events.push({
        ...base,
        kind: 'swap',
        quantity: part,
        boughtUnit: b,
        boughtDecimals: b === 'lovelace' ? 6 : 0,
        boughtQuantity: bq,
        value: money(),
      });
      bal.set(k, have - part);
      bal.set(`${w}|${b}`, get(`${w}|${b}`) + bq);
    } else if (r < 0.85) {
      const q = BigInt(int(1, 5_000_000));
      events.push({ ...base, unit: 'lovelace', decimals: 6, kind: 'income', quantity: q, value: money() });
      bal.set(`${w}|lovelace`, get(`${w}|lovelace`) + q);
    } else if (r < 0.9 && get(`${w}|lovelace`) > 200_000n) {
      events.push({
        ...base,
        unit: 'lovelace',
        decimals: 6,
        kind: 'fee',
        quantity: 170_000n,
        value: new Decimal('0.05'),
      });
      bal.set(`${w}|lovelace`, get(`${w}|lovelace`) - 170_000n);
    } else {
      const to = wallets.filter((x) => x !== w)[int(0, 1)]!;
      events.push({ ...base, kind: 'transfer', quantity: part, fromWallet: w, toWallet: to });
      bal.set(k, have - part);
      bal.set(`${to}|${u}`, get(`${to}|${u}`) + part);
    }
  }
  return events;
}

function timed<T>(f: () => T): [number, T] {
  const t0 = performance.now();
  const r = f();
  return [performance.now() - t0, r];
}

const bench: Bench = {
  name: 'cost-basis',
  async run() {
    const events = makeEvents();
    const results: BenchResult[] = [];
    const only = process.env['COST_BASIS_BENCH_METHODS']?.split(',');
    for (const method of COST_BASIS_METHODS.filter((m) => !only || only.includes(m))) {
      const settings = { ...DEFAULT_COST_BASIS_SETTINGS, method };
      computeCostBasis(events.slice(0, 5000), settings); // warm-up
      const cpAt = events.length - 1000;
      const [full, r] = timed(() => computeCostBasis(events, settings));
      const cp = computeCostBasis(events, settings, { checkpointAt: [cpAt], until: cpAt }).checkpoints[0]!;
      const [incremental] = timed(() => computeCostBasis(events, settings, { from: cp }));
      results.push({
        name: `full recompute, ${method} (${N.toLocaleString('en-US')} events, ${r.disposals.length.toLocaleString('en-US')} disposal rows)`,
        value: full,
        unit: 'ms',
        target: { value: 2000, better: 'lower' },
      });
      results.push({
        name: `incremental recompute, ${method} (last 1,000 events from a checkpoint)`,
        value: incremental,
        unit: 'ms',
        baseline: { name: 'full recompute', value: full },
        note: method === 'uk' ? 'UK re-runs its 30-day look-ahead over every event' : undefined,
      });
    }
    return results;
  },
};
export default bench;
