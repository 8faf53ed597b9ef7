import type { FixedMoney } from '../fixed/fixed-money.js';
import type { CostBasisMethod } from '../settings.js';
import type { Lot, StrategySnapshot } from './lot-strategy.js';

/** One unit's pooled holding: total quantity and cost across wallets, plus each wallet's quantity. */
export interface Pool {
  unit: string;
  decimals: number;
  quantity: bigint;
  /** FixedMoney units. */
  cost: bigint;
  wallets: Map<string, bigint>;
}

/** The pools of a pooled method (average, UK), and the per-wallet quantities its reports need. */
export class PoolBook {
  pools = new Map<string, Pool>();

  constructor(readonly fm: FixedMoney) {}

  pool(unit: string, decimals: number): Pool {
    let p = this.pools.get(unit);
    if (!p) this.pools.set(unit, (p = { unit, decimals, quantity: 0n, cost: 0n, wallets: new Map() }));
    return p;
  }

  addToWallet(p: Pool, walletId: string, q: bigint): void {
    if (q === 0n) return;
    p.wallets.set(walletId, (p.wallets.get(walletId) ?? 0n) + q);
  }

  /**
   * Removes `q` from the wallets' quantities: the named wallet first, then (the basis being pooled)
   * the others in id order. Returns the quantity no wallet held.
   */
  takeFromWallets(p: Pool, walletId: string, q: bigint): bigint {
    let left = this.takeFrom(p, walletId, q);
    if (left > 0n)
      for (const w of [...p.wallets.keys()].sort()) {
        if (left === 0n) break;
        left = this.takeFrom(p, w, left);
      }
    return left;
  }

  takeFrom(p: Pool, walletId: string, q: bigint): bigint {
    const have = p.wallets.get(walletId) ?? 0n;
    const t = have < q ? have : q;
    if (t > 0n) {
      if (have === t) p.wallets.delete(walletId);
      else p.wallets.set(walletId, have - t);
    }
    return q - t;
  }

  /** Takes up to `q` out of the pool at its average cost. */
  takeFromPool(p: Pool, q: bigint): { quantity: bigint; cost: bigint } {
    const quantity = p.quantity < q ? p.quantity : q;
    if (quantity === 0n) return { quantity, cost: 0n };
    const cost = this.fm.share(p.cost, quantity, p.quantity);
    p.quantity -= quantity;
    p.cost = p.quantity === 0n ? 0n : this.fm.sub(p.cost, cost);
    return { quantity, cost };
  }

  /** One lot per (unit, wallet), the pool's cost shared by quantity. */
  holdings(): Lot[] {
    const out: Lot[] = [];
    for (const p of this.pools.values()) {
      const wallets = [...p.wallets.entries()].filter(([, q]) => q > 0n).sort(([a], [b]) => (a < b ? -1 : 1));
      const total = wallets.reduce((s, [, q]) => s + q, 0n);
      let costLeft = p.cost;
      wallets.forEach(([walletId, quantity], i) => {
        const cost = i === wallets.length - 1 ? costLeft : this.fm.share(p.cost, quantity, total);
        costLeft = this.fm.sub(costLeft, cost);
        out.push({
          id: `pool:${p.unit}`,
          seq: 0,
          unit: p.unit,
          decimals: p.decimals,
          walletId,
          quantity,
          cost: this.fm.toDecimal(cost),
          acquiredAt: null,
        });
      });
    }
    return out;
  }

  snapshot(method: CostBasisMethod): StrategySnapshot {
    return {
      method,
      pools: [...this.pools.values()].map((p) => ({
        ...p,
        cost: this.fm.toDecimal(p.cost),
        wallets: [...p.wallets.entries()],
      })),
    };
  }

  restore(s: StrategySnapshot): void {
    this.pools = new Map();
    for (const p of s.pools ?? [])
      this.pools.set(p.unit, { ...p, cost: this.fm.fromDecimal(p.cost), wallets: new Map(p.wallets) });
  }
}
