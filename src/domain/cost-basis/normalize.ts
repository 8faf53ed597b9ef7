import type { Decimal } from 'decimal.js';
import type { WalletRecord } from '../ledger/types.js';
import type { RewardType } from '../staking/staking-types.js';
import { money, valueOf } from './money.js';
import type { RewardPolicy } from './settings.js';
import type { CostBasisEvent } from './types.js';

/** The fields of a per-wallet record the normalizer reads. */
export type NormalizableRecord = Pick<
  WalletRecord,
  | 'walletAddress'
  | 'txHash'
  | 'blockTime'
  | 'txIndex'
  | 'action'
  | 'flows'
  | 'fee'
  | 'deposit'
  | 'withdrawal'
  | 'failed'
> & { link?: WalletRecord['link'] };

/** A staking reward credited to `walletId`'s reward account at `spendableAt`. */
export interface RewardInput {
  walletId: string;
  epoch: number;
  amount: bigint;
  spendableAt: Date | number;
  type?: RewardType;
  sourceKey?: string;
}

/** Price of ONE WHOLE token (1 ADA, not 1 lovelace) in the base currency at `time` (unix ms), or null. */
export type PriceLookup = (unit: string, time: number) => Decimal | null;

export interface NormalizeInput {
  records: readonly NormalizableRecord[];
  rewards?: readonly RewardInput[];
  price: PriceLookup;
  /** The user's wallet ids (`walletAddress` of records). */
  ownWallets: Iterable<string>;
  rewardPolicy: RewardPolicy;
  /** Decimals of a unit; default 6 for lovelace, 0 otherwise. */
  decimalsOf?: (unit: string) => number;
}

/** Escrow pseudo-wallet of a DEX order (its funds stay the user's until filled or refunded). */
export const orderWalletOf = (key: string) => `order:${key}`;
/** Pseudo-wallet holding the NFTs a wallet listed on a marketplace. */
export const listingWalletOf = (walletId: string) => `${walletId}#listing`;

type Draft = CostBasisEvent extends infer E
  ? E extends CostBasisEvent
    ? Omit<E, 'id' | 'seq' | 'txId' | 'time'>
    : never
  : never;

interface Item {
  time: number;
  order: number;
  sub: number;
  id: string;
  txId?: string;
  draft: Draft;
}

/**
 * Turns per-wallet records and staking rewards into ordered cost-basis events. Per transaction:
 *  - external lovelace = net lovelace + fee + deposit − withdrawal (net already contains those);
 *  - a failed script transaction (or `collateral_loss`) → `loss` of the collateral consumed (its fee);
 *  - fee > 0 → `fee` (first event of the transaction); deposit > 0 → `deposit`, < 0 → `deposit_refund`;
 *  - withdrawal → `income` under when_withdrawn, nothing under when_earned (the rewards are income
 *    when credited; a `reward_withdrawal` is then taxable only through its fee);
 *  - a unit leaving one own wallet and entering another in the same transaction → `transfer`
 *    (`self_transfer`, `internal_transfer`, change to a sibling wallet), before anything else is judged;
 *  - a DEX order (link role `order`, or `swap_order`) → `transfer` into the order's escrow wallet
 *    (`order:<link key>`); its fill or refund brings the escrow back and the difference is judged as
 *    below (a refund's lost ADA is a `fee`); a fill whose order is unknown → `acquire`;
 *  - `nft_listing` → `transfer` into `<wallet>#listing`; an `nft_sale` whose NFT left in the listing
 *    brings the earliest listed NFT back first;
 *  - what remains per wallet: units out and units in → `swap` (swap_fill, nft_purchase: ADA → NFT,
 *    nft_sale: NFT → ADA, liquidity_add: tokens → LP token at the FMV of what went in,
 *    liquidity_remove: LP → tokens; with several units on a side one swap per pair, split by value);
 *    only in → `acquire` at FMV (receive, token_mint, nft_mint; no price → value null = missing_price);
 *    only out → `dispose` at FMV (send; token_burn: proceeds 0).
 *  - rewards (when_earned) → `income` at their spendable time; a `pool_deposit_refund` → `deposit_refund`.
 * FMV of a swap: the value of what went out when every unit out has a price, else of what came in, else null.
 */
export function normalizeEvents(input: NormalizeInput): CostBasisEvent[] {
  const own = new Set(input.ownWallets);
  const decimalsOf = input.decimalsOf ?? ((u: string) => (u === 'lovelace' ? 6 : 0));
  const value = (unit: string, q: bigint, time: number): Decimal | null => {
    const p = input.price(unit, time);
    return p === null ? null : valueOf(q, decimalsOf(unit), p);
  };
  const items: Item[] = [];
  const escrow = new Map<string, Map<string, bigint>>();
  const listings = new Map<string, Map<string, bigint>>();

  const records = [...input.records].sort(
    (a, b) =>
      a.blockTime - b.blockTime ||
      a.txIndex - b.txIndex ||
      (a.txHash < b.txHash ? -1 : a.txHash > b.txHash ? 1 : 0) ||
      (a.walletAddress < b.walletAddress ? -1 : a.walletAddress > b.walletAddress ? 1 : 0),
  );
  for (let start = 0; start < records.length;) {
    let end = start + 1;
    while (end < records.length && records[end]!.txHash === records[start]!.txHash) end++;
    normalizeTx(records.slice(start, end));
    start = end;
  }

  function normalizeTx(group: NormalizableRecord[]): void {
    const first = group[0]!;
    const time = first.blockTime * 1000;
    const drafts: Draft[] = [];
    const ev = (d: Draft) => drafts.push(d);
    const common = (walletId: string, unit: string, quantity: bigint) => ({
      walletId,
      unit,
      decimals: decimalsOf(unit),
      quantity,
    });
    const residual = new Map<NormalizableRecord, Map<string, bigint>>();
    for (const r of group) {
      const flows = new Map(r.flows);
      const lovelace = (flows.get('lovelace') ?? 0n) + r.fee + r.deposit - r.withdrawal;
      if (lovelace === 0n) flows.delete('lovelace');
      else flows.set('lovelace', lovelace);
      for (const [u, q] of flows) if (q === 0n) flows.delete(u);
      if (r.failed || r.action === 'collateral_loss') {
        if (r.fee > 0n) ev({ kind: 'loss', ...common(r.walletAddress, 'lovelace', r.fee) });
        continue;
      }
      if (r.fee > 0n)
        ev({
          kind: 'fee',
          ...common(r.walletAddress, 'lovelace', r.fee),
          value: value('lovelace', r.fee, time),
        });
      if (r.deposit > 0n) ev({ kind: 'deposit', ...common(r.walletAddress, 'lovelace', r.deposit) });
      if (r.deposit < 0n) ev({ kind: 'deposit_refund', ...common(r.walletAddress, 'lovelace', -r.deposit) });
      if (r.withdrawal > 0n && input.rewardPolicy === 'when_withdrawn')
        ev({
          kind: 'income',
          ...common(r.walletAddress, 'lovelace', r.withdrawal),
          value: value('lovelace', r.withdrawal, time),
        });
      residual.set(r, flows);
    }
    const live = group.filter((r) => residual.has(r));
    // Own wallet → own wallet in the same transaction.
    const units = new Set(live.flatMap((r) => [...residual.get(r)!.keys()]));
    for (const unit of units) {
      for (const from of live) {
        if (!own.has(from.walletAddress)) continue;
        const fromFlows = residual.get(from)!;
        for (const to of live) {
          const out = fromFlows.get(unit) ?? 0n;
          if (out >= 0n) break;
          if (to === from || !own.has(to.walletAddress)) continue;
          const toFlows = residual.get(to)!;
          const inn = toFlows.get(unit) ?? 0n;
          if (inn <= 0n) continue;
          const q = -out < inn ? -out : inn;
          ev({
            kind: 'transfer',
            ...common(from.walletAddress, unit, q),
            fromWallet: from.walletAddress,
            toWallet: to.walletAddress,
          });
          fromFlows.set(unit, out + q);
          toFlows.set(unit, inn - q);
        }
      }
    }
    for (const r of live) {
      const flows = residual.get(r)!;
      for (const [u, q] of flows) if (q === 0n) flows.delete(u);
      const w = r.walletAddress;
      const role = r.link?.role ?? (r.action === 'swap_order' ? 'order' : undefined);
      if (role === 'order') {
        const key = r.link?.key ?? r.txHash;
        const held = escrow.get(key) ?? new Map<string, bigint>();
        for (const [u, q] of flows)
          if (q < 0n) {
            ev({ kind: 'transfer', ...common(w, u, -q), fromWallet: w, toWallet: orderWalletOf(key) });
            held.set(u, (held.get(u) ?? 0n) - q);
            flows.delete(u);
          }
        escrow.set(key, held);
      } else if ((role === 'fill' || role === 'refund') && r.link && escrow.has(r.link.key)) {
        const held = escrow.get(r.link.key)!;
        escrow.delete(r.link.key);
        for (const [u, q] of held) {
          ev({
            kind: 'transfer',
            ...common(orderWalletOf(r.link.key), u, q),
            fromWallet: orderWalletOf(r.link.key),
            toWallet: w,
          });
          flows.set(u, (flows.get(u) ?? 0n) - q);
        }
        for (const [u, q] of flows) if (q === 0n) flows.delete(u);
        const only = [...flows.entries()];
        if (only.length === 1 && only[0]![0] === 'lovelace' && only[0]![1] < 0n) {
          // A refund (or a fill) that only cost the batcher's ADA: a fee.
          ev({
            kind: 'fee',
            ...common(w, 'lovelace', -only[0]![1]),
            value: value('lovelace', -only[0]![1], time),
          });
          flows.clear();
        }
      } else if (r.action === 'nft_listing') {
        const listed = listings.get(w) ?? new Map<string, bigint>();
        for (const [u, q] of flows)
          if (q < 0n && u !== 'lovelace') {
            ev({ kind: 'transfer', ...common(w, u, -q), fromWallet: w, toWallet: listingWalletOf(w) });
            listed.set(u, (listed.get(u) ?? 0n) - q);
            flows.delete(u);
          }
        listings.set(w, listed);
      } else if (r.action === 'nft_sale') {
        const tokenOut = [...flows].some(([u, q]) => u !== 'lovelace' && q < 0n);
        const listed = listings.get(w);
        const firstListed = listed ? [...listed][0] : undefined;
        if (!tokenOut && firstListed) {
          const [u, q] = firstListed;
          listed!.delete(u);
          ev({
            kind: 'transfer',
            ...common(listingWalletOf(w), u, q),
            fromWallet: listingWalletOf(w),
            toWallet: w,
          });
          flows.set(u, (flows.get(u) ?? 0n) - q);
        }
      }
      exchange(r, flows, time, ev, common);
    }
    drafts.forEach((draft, n) =>
      items.push({
        time,
        order: first.txIndex,
        sub: n,
        id: `${first.txHash}:${n}`,
        txId: first.txHash,
        draft,
      }),
    );
  }

  function exchange(
    r: NormalizableRecord,
    flows: Map<string, bigint>,
    time: number,
    ev: (d: Draft) => void,
    common: (
      w: string,
      u: string,
      q: bigint,
    ) => { walletId: string; unit: string; decimals: number; quantity: bigint },
  ): void {
    const w = r.walletAddress;
    const outs = [...flows].filter(([, q]) => q < 0n).map(([u, q]) => [u, -q] as const);
    const ins = [...flows].filter(([, q]) => q > 0n);
    if (outs.length === 0) {
      for (const [u, q] of ins) ev({ kind: 'acquire', ...common(w, u, q), value: value(u, q, time) });
      return;
    }
    if (ins.length === 0) {
      for (const [u, q] of outs)
        ev({
          kind: 'dispose',
          ...common(w, u, q),
          value: r.action === 'token_burn' && u !== 'lovelace' ? money(0) : value(u, q, time),
        });
      return;
    }
    const outVals = outs.map(([u, q]) => value(u, q, time));
    const inVals = ins.map(([u, q]) => value(u, q, time));
    const outsPriced = outVals.every((v) => v !== null);
    const insPriced = inVals.every((v) => v !== null);
    const sum = (vs: (Decimal | null)[]) => vs.reduce<Decimal>((s, v) => s.plus(v!), money(0));
    const total = outsPriced ? sum(outVals) : insPriced ? sum(inVals) : null;
    // Weights for splitting a side across the other: values when all priced and non-zero, else equal.
    const weights = (vals: (Decimal | null)[], priced: boolean) =>
      priced && sum(vals).gt(0) ? vals.map((v) => v!) : vals.map(() => money(1));
    const wOut = weights(outVals, outsPriced);
    const wIn = weights(inVals, insPriced);
    const WOut = sum(wOut);
    const WIn = sum(wIn);
    const soldLeft = outs.map(([, q]) => q);
    const boughtLeft = ins.map(([, q]) => q);
    outs.forEach(([su, sq], i) => {
      ins.forEach(([bu, bq], j) => {
        const lastJ = j === ins.length - 1;
        const lastI = i === outs.length - 1;
        const sold = lastJ
          ? soldLeft[i]!
          : BigInt(money(sq.toString()).times(wIn[j]!).div(WIn).floor().toFixed());
        const bought = lastI
          ? boughtLeft[j]!
          : BigInt(money(bq.toString()).times(wOut[i]!).div(WOut).floor().toFixed());
        soldLeft[i]! -= sold;
        boughtLeft[j]! -= bought;
        ev({
          kind: 'swap',
          ...common(w, su, sold),
          boughtUnit: bu,
          boughtDecimals: decimalsOf(bu),
          boughtQuantity: bought,
          value: total === null ? null : total.times(wOut[i]!).div(WOut).times(wIn[j]!).div(WIn),
        });
      });
    });
  }

  if (input.rewardPolicy === 'when_earned')
    for (const rw of input.rewards ?? []) {
      const time = typeof rw.spendableAt === 'number' ? rw.spendableAt : rw.spendableAt.getTime();
      const id = `reward:${rw.sourceKey ?? `${rw.walletId}:${rw.epoch}:${rw.type ?? 'member'}`}`;
      const base = {
        walletId: rw.walletId,
        unit: 'lovelace',
        decimals: decimalsOf('lovelace'),
        quantity: rw.amount,
      };
      items.push({
        time,
        order: -1,
        sub: 0,
        id,
        draft:
          rw.type === 'pool_deposit_refund'
            ? { kind: 'deposit_refund', ...base }
            : { kind: 'income', ...base, value: value('lovelace', rw.amount, time) },
      });
    }

  items.sort(
    (a, b) =>
      a.time - b.time || a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || a.sub - b.sub,
  );
  return items
    .filter((it) => it.draft.quantity > 0n)
    .map(
      (it, seq) =>
        ({
          ...it.draft,
          id: it.id,
          seq,
          time: it.time,
          ...(it.txId ? { txId: it.txId } : {}),
        }) as CostBasisEvent,
    );
}
