import { Decimal } from 'decimal.js';
import type {
  CostBasisEvent,
  CostBasisMethod,
  CostBasisResult,
  CostBasisSettings,
} from '../../../../src/domain/cost-basis/index.js';
import { DEFAULT_COST_BASIS_SETTINGS } from '../../../../src/domain/cost-basis/index.js';

/** Noon UTC of an ISO date, or the ISO timestamp as given. */
export const at = (date: string): number => Date.parse(date.length === 10 ? `${date}T12:00:00Z` : date);

export function settings(method: CostBasisMethod, more: Partial<CostBasisSettings> = {}): CostBasisSettings {
  return { ...DEFAULT_COST_BASIS_SETTINGS, method, ...more };
}

const d = (v: number | string | null) => (v === null ? null : new Decimal(v));

/** Builds events with increasing seq and ids e1, e2, … */
export function builder() {
  let seq = 0;
  const base = (date: string, unit: string, quantity: bigint | number, wallet: string, decimals = 0) => {
    seq++;
    return {
      id: `e${seq}`,
      seq,
      time: at(date),
      walletId: wallet,
      unit,
      decimals: unit === 'lovelace' ? 6 : decimals,
      quantity: BigInt(quantity),
    };
  };
  return {
    acquire: (date: string, unit: string, q: bigint | number, cost: number | string | null, wallet = 'w1') =>
      ({ ...base(date, unit, q, wallet), kind: 'acquire', value: d(cost) }) as CostBasisEvent,
    dispose: (
      date: string,
      unit: string,
      q: bigint | number,
      proceeds: number | string | null,
      wallet = 'w1',
    ) => ({ ...base(date, unit, q, wallet), kind: 'dispose', value: d(proceeds) }) as CostBasisEvent,
    income: (date: string, unit: string, q: bigint | number, value: number | string | null, wallet = 'w1') =>
      ({ ...base(date, unit, q, wallet), kind: 'income', value: d(value) }) as CostBasisEvent,
    transfer: (date: string, unit: string, q: bigint | number, from: string, to: string) =>
      ({ ...base(date, unit, q, from), kind: 'transfer', fromWallet: from, toWallet: to }) as CostBasisEvent,
    swap: (
      date: string,
      sold: string,
      soldQ: bigint | number,
      bought: string,
      boughtQ: bigint | number,
      value: number | string | null,
      wallet = 'w1',
    ) =>
      ({
        ...base(date, sold, soldQ, wallet),
        kind: 'swap',
        boughtUnit: bought,
        boughtDecimals: 0,
        boughtQuantity: BigInt(boughtQ),
        value: d(value),
      }) as CostBasisEvent,
    fee: (date: string, q: bigint | number, value: number | string | null, wallet = 'w1') =>
      ({ ...base(date, 'lovelace', q, wallet, 6), kind: 'fee', value: d(value) }) as CostBasisEvent,
    deposit: (
      date: string,
      q: bigint | number,
      wallet = 'w1',
      kind: 'deposit' | 'deposit_refund' = 'deposit',
    ) => ({ ...base(date, 'lovelace', q, wallet, 6), kind }) as CostBasisEvent,
    loss: (date: string, q: bigint | number, wallet = 'w1') =>
      ({ ...base(date, 'lovelace', q, wallet, 6), kind: 'loss' }) as CostBasisEvent,
  };
}

/** Gives events of one transaction a shared txId. */
export function inTx<T extends CostBasisEvent>(txId: string, ...events: T[]): T[] {
  return events.map((e) => ({ ...e, txId }));
}

/** A result with Decimals and bigints as strings, for toEqual. */
export function plain(r: CostBasisResult) {
  return JSON.parse(
    JSON.stringify(
      { lots: r.lots, disposals: r.disposals, income: r.income, warnings: r.warnings, totals: r.totals },
      (_k, v: unknown) =>
        typeof v === 'bigint' ? `${v}n` : v instanceof Object && 'toFixed' in v ? String(v) : v,
    ),
  ) as unknown;
}

export const str = (x: { toString(): string }) => x.toString();
