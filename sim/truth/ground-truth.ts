import { compareRewards } from '../generator/staking-rules.js';
import { sharedPriceModel, type PriceModel } from '../generator/price-model.js';
import { dexPoolsOf } from '../generator/dex-pools.js';
import type { TxAction } from '../../src/domain/vocabulary.js';
import { addValue, type ChainModel } from '../model/chain-model.js';
import type { SimOutput, SimTx } from '../model/types.js';
import type { SimWallet } from '../generator/chain-generator.js';
import type { ProtocolScripts } from '../generator/protocol-scripts.js';

/**
 * The expected per-wallet records, computed from the chain model by docs/ledger-rules.md for a user who
 * tracks every wallet of one `owner`. This is the simulator's own implementation of the rules (the
 * ledger core has another); tests compare the two.
 */

export interface TruthRecord {
  txHash: string;
  blockHeight: number;
  netLovelace: string;
  fee: string;
  deposit: string;
  withdrawal: string;
  flows: Record<string, string>;
  action: TxAction;
  protocol: string | null;
  link: string | null;
}

export interface TruthWallet {
  id: string;
  owner: string;
  kind: 'stake' | 'payment';
  address: string;
  addresses: string[];
  expected: {
    transactions: TruthRecord[];
    balanceLovelace: string;
    tokens: Record<string, string>;
    controlledAmount?: string;
    withdrawableAmount?: string;
    /** Stake wallets of a generated chain: every reward paid so far, in Blockfrost's listing order. */
    rewards?: TruthReward[];
    /** Active stake and pool per epoch (`/accounts/{s}/history`). */
    history?: Array<{ activeEpoch: number; amount: string; poolId: string }>;
    rewardsSumLovelace?: string;
    withdrawnLovelace?: string;
  };
}

export interface TruthReward {
  epoch: number;
  /** Member and leader rewards: epoch + 2; a pool deposit refund: its epoch. */
  spendableEpoch: number;
  amount: string;
  poolId: string;
  type: 'member' | 'leader' | 'pool_deposit_refund';
}

/** A generated chain's pools as `/pools/{id}/metadata` describes them. */
export interface TruthPool {
  poolId: string;
  ticker: string | null;
  name: string | null;
  /** `none` (no metadata registered) or Blockfrost's error code. */
  metadataError: string | null;
}

interface KnownScripts {
  orders: Map<string, string>;
  listings: Map<string, string>;
  /** Every script payment credential the registry knows, with its protocol. */
  scripts: Map<string, string>;
}

function knownScripts(scripts: ProtocolScripts): KnownScripts {
  const orders = new Map<string, string>();
  const listings = new Map<string, string>();
  const all = new Map<string, string>();
  for (const d of scripts.dexes) {
    orders.set(d.orderAddress, d.protocol);
    all.set(d.orderScriptHash, d.protocol);
    all.set(d.poolScriptHash, d.protocol);
  }
  listings.set(scripts.jpgstore.listingAddress, scripts.jpgstore.protocol);
  all.set(scripts.jpgstore.listingScriptHash, scripts.jpgstore.protocol);
  return { orders, listings, scripts: all };
}

/**
 * docs/ledger-rules.md: a batcher transaction is a refund when the wallet's outputs hold every token the
 * order output held and no other token (an ADA-only order: no token at all); anything else is a fill.
 * Lovelace is ignored: a token→ADA fill pays only ADA, so "received nothing new" cannot tell it apart.
 */
function returnsOrder(order: SimOutput, ownOutputs: readonly SimOutput[]): boolean {
  const offered = new Set<string>();
  for (const a of order.assets ?? []) if (a.quantity > 0n) offered.add(a.unit);
  const received = new Set<string>();
  for (const o of ownOutputs) for (const a of o.assets ?? []) if (a.quantity > 0n) received.add(a.unit);
  if (received.size !== offered.size) return false;
  for (const u of offered) if (!received.has(u)) return false;
  return true;
}

export class GroundTruth {
  private readonly known: KnownScripts;
  private readonly byPayment = new Map<string, number>();
  private readonly byStake = new Map<string, number>();
  private readonly groups = new Map<string, number[]>();

  constructor(
    private readonly model: ChainModel,
    private readonly wallets: readonly SimWallet[],
    private readonly scripts: ProtocolScripts,
  ) {
    this.known = knownScripts(scripts);
    wallets.forEach((w, i) => {
      if (w.kind === 'stake') this.byStake.set(w.address, i);
      else this.byPayment.set(w.address, i);
      const g = this.groups.get(w.owner) ?? [];
      g.push(i);
      this.groups.set(w.owner, g);
    });
  }

  /** Index of the tracked wallet an address belongs to, or -1. */
  private walletOf(address: string): number {
    const p = this.byPayment.get(address);
    if (p !== undefined) return p;
    const stake = this.model.info(address).stakeAddress;
    if (stake) {
      const s = this.byStake.get(stake);
      if (s !== undefined) return s;
    }
    return -1;
  }

  /** The user's wallet that pays the fee: most lovelace supplied (collateral for failed txs), ties by address. */
  private payer(tx: SimTx, group: readonly number[]): number {
    const supplied = new Map<number, bigint>();
    for (const i of tx.validContract ? tx.inputs : tx.collateralInputs) {
      const w = this.walletOf(i.address);
      if (w < 0 || !group.includes(w)) continue;
      supplied.set(w, (supplied.get(w) ?? 0n) + i.lovelace);
    }
    let best = -1;
    let bestAmount = -1n;
    for (const [w, amount] of supplied) {
      if (
        amount > bestAmount ||
        (amount === bestAmount && this.wallets[w]!.address < this.wallets[best]!.address)
      ) {
        best = w;
        bestAmount = amount;
      }
    }
    return best;
  }

  private ordinalsOf(w: SimWallet): readonly number[] {
    if (w.kind === 'stake') return this.model.account(w.address)?.txOrdinals ?? [];
    return this.model.txOrdinalsOfAddress(w.address) ?? [];
  }

  record(walletIndex: number, tx: SimTx): TruthRecord {
    const w = this.wallets[walletIndex]!;
    const group = this.groups.get(w.owner)!;
    const own = (o: SimOutput): boolean => this.walletOf(o.address) === walletIndex;
    const net = new Map<string, bigint>([['lovelace', 0n]]);
    if (tx.validContract) {
      for (const o of tx.outputs) if (!o.collateralReturn && own(o)) addValue(net, o, 1n);
      for (const i of tx.inputs) if (own(i)) addValue(net, i, -1n);
    } else {
      for (const o of tx.outputs) if (o.collateralReturn && own(o)) addValue(net, o, 1n);
      for (const i of tx.collateralInputs) if (own(i)) addValue(net, i, -1n);
    }
    const payer = this.payer(tx, group);
    let fee = 0n;
    let deposit = 0n;
    if (payer === walletIndex) {
      if (tx.validContract) {
        fee = tx.fee;
        deposit = tx.deposit;
      } else {
        for (const i of tx.collateralInputs) fee += i.lovelace;
        for (const o of tx.outputs) if (o.collateralReturn) fee -= o.lovelace;
      }
    }
    let withdrawal = 0n;
    if (tx.validContract && w.kind === 'stake')
      for (const x of tx.withdrawals) if (x.stakeAddress === w.address) withdrawal += x.amount;
    const flows: Record<string, string> = {};
    for (const [unit, q] of net) if (q !== 0n) flows[unit] = q.toString();
    const { action, protocol, link } = this.categorize(walletIndex, tx, net, group);
    return {
      txHash: tx.hash,
      blockHeight: tx.block.height,
      netLovelace: net.get('lovelace')!.toString(),
      fee: fee.toString(),
      deposit: deposit.toString(),
      withdrawal: withdrawal.toString(),
      flows,
      action,
      protocol,
      link,
    };
  }

  private placedBy(output: SimOutput, walletIndex: number): boolean {
    const origin = this.model.tx(output.txHash);
    return (
      !!origin && origin.validContract && origin.inputs.some((i) => this.walletOf(i.address) === walletIndex)
    );
  }

  private categorize(
    wi: number,
    tx: SimTx,
    net: Map<string, bigint>,
    group: readonly number[],
  ): { action: TxAction; protocol: string | null; link: string | null } {
    const w = this.wallets[wi]!;
    const own = (o: SimOutput): boolean => this.walletOf(o.address) === wi;
    const none = { protocol: null, link: null };
    // 1. collateral loss
    if (!tx.validContract && tx.collateralInputs.some(own)) return { action: 'collateral_loss', ...none };
    const regularOutputs = tx.outputs.filter((o) => !o.collateralReturn);
    const suppliedInputs = tx.inputs.some(own);
    const ownOutputs = regularOutputs.filter(own);
    // 2. protocol detectors
    if (tx.validContract) {
      if (suppliedInputs) {
        const order = regularOutputs.find((o) => this.known.orders.has(o.address));
        if (order)
          return {
            action: 'swap_order',
            protocol: this.known.orders.get(order.address)!,
            link: `${tx.hash}#${order.index}`,
          };
      }
      for (const input of tx.inputs) {
        const protocol = this.known.orders.get(input.address);
        if (!protocol || ownOutputs.length === 0 || !this.placedBy(input, wi)) continue;
        return {
          action: returnsOrder(input, ownOutputs) ? 'swap_refund' : 'swap_fill',
          protocol,
          link: `${input.txHash}#${input.index}`,
        };
      }
      if (suppliedInputs) {
        const listing = regularOutputs.find((o) => this.known.listings.has(o.address) && o.assets?.length);
        if (listing)
          return { action: 'nft_listing', protocol: this.known.listings.get(listing.address)!, link: null };
      }
      const market = tx.inputs.find((i) => this.known.listings.has(i.address));
      if (market) {
        const protocol = this.known.listings.get(market.address)!;
        const netLovelace = net.get('lovelace')!;
        const gainsToken = [...net].some(([u, q]) => u !== 'lovelace' && q > 0n);
        if (gainsToken && netLovelace < 0n) return { action: 'nft_purchase', protocol, link: null };
        if (netLovelace > 0n && this.placedBy(market, wi))
          return { action: 'nft_sale', protocol, link: null };
      }
      // 3. mint / burn
      const minted = tx.mints.filter((m) => m.quantity > 0n);
      if (minted.some((m) => (net.get(m.unit) ?? 0n) > 0n)) {
        return { action: minted.every((m) => m.quantity === 1n) ? 'nft_mint' : 'token_mint', ...none };
      }
      if (tx.mints.some((m) => m.quantity < 0n && (net.get(m.unit) ?? 0n) < 0n))
        return { action: 'token_burn', ...none };
      // 4. account events
      if (w.kind === 'stake') {
        const certs = tx.certs.filter((c) => c.stakeAddress === w.address);
        if (certs.some((c) => c.kind === 'registration')) return { action: 'stake_registration', ...none };
        if (certs.some((c) => c.kind === 'deregistration'))
          return { action: 'stake_deregistration', ...none };
        if (certs.some((c) => c.kind === 'delegation')) return { action: 'delegation', ...none };
        if (tx.withdrawals.some((x) => x.stakeAddress === w.address))
          return { action: 'reward_withdrawal', ...none };
      }
    }
    // 5. transfers
    const parties = [...(tx.validContract ? tx.inputs : tx.collateralInputs), ...regularOutputs];
    if (parties.length && parties.every(own)) return { action: 'self_transfer', ...none };
    const involved = new Set<number>();
    let allUser = parties.length > 0;
    for (const o of parties) {
      const owner = this.walletOf(o.address);
      if (owner < 0 || !group.includes(owner)) {
        allUser = false;
        break;
      }
      involved.add(owner);
    }
    if (allUser && involved.size >= 2) return { action: 'internal_transfer', ...none };
    const netLovelace = net.get('lovelace')!;
    let gains = false;
    let loses = false;
    for (const [u, q] of net) {
      if (u === 'lovelace') continue;
      if (q > 0n) gains = true;
      if (q < 0n) loses = true;
    }
    if (netLovelace > 0n || (gains && !loses)) return { action: 'receive', ...none };
    return { action: 'send', ...none };
  }

  wallet(walletIndex: number): TruthWallet {
    const w = this.wallets[walletIndex]!;
    const transactions = this.ordinalsOf(w).map((ord) => this.record(walletIndex, this.model.txs[ord]!));
    const addresses =
      w.kind === 'stake' ? [...(this.model.account(w.address)?.addresses ?? [])] : [w.address];
    const balance = new Map<string, bigint>([['lovelace', 0n]]);
    for (const a of addresses) for (const o of this.model.utxosOf(a)) addValue(balance, o, 1n);
    const tokens: Record<string, string> = {};
    for (const [unit, q] of balance) if (unit !== 'lovelace' && q !== 0n) tokens[unit] = q.toString();
    const lovelace = balance.get('lovelace')!;
    const expected: TruthWallet['expected'] = { transactions, balanceLovelace: lovelace.toString(), tokens };
    if (w.kind === 'stake') {
      const acc = this.model.account(w.address);
      const withdrawable = acc ? this.model.withdrawable(acc) : 0n;
      expected.controlledAmount = (lovelace + withdrawable).toString();
      expected.withdrawableAmount = withdrawable.toString();
      if (acc && !acc.recorded) {
        expected.rewards = [...acc.rewards].sort(compareRewards).map((r) => ({
          epoch: r.epoch,
          spendableEpoch: r.type === 'pool_deposit_refund' ? r.epoch : r.epoch + 2,
          amount: r.amount.toString(),
          poolId: r.poolId,
          type: r.type,
        }));
        expected.history = acc.history.map((h) => ({
          activeEpoch: h.activeEpoch,
          amount: h.amount.toString(),
          poolId: h.poolId,
        }));
        expected.rewardsSumLovelace = this.model.rewardsSum(acc).toString();
        expected.withdrawnLovelace = this.model.withdrawalsSum(acc).toString();
      }
    }
    return { id: w.id, owner: w.owner, kind: w.kind, address: w.address, addresses, expected };
  }

  /** Streams the whole truth document as JSON (a 1,000 × 1,000 chain is hundreds of MB). */
  write(seed: number | null, out: (chunk: string) => void): void {
    const tip = this.model.tip;
    out(
      `{"seed":${seed === null ? 'null' : seed},"tip":${JSON.stringify({ height: tip?.height ?? 0, hash: tip?.hash ?? '' })},"wallets":[`,
    );
    for (let i = 0; i < this.wallets.length; i++) out((i ? ',' : '') + JSON.stringify(this.wallet(i)));
    // Prices: `ada[currency][day]` is ADA's price at 00:00 UTC that day (the simulated CoinGecko's
    // daily point and Kraken's candle open) from the chain's first day to today; `tokens[unit].ADA[day]`
    // is the deepest generated DEX pool's end-of-day price.
    const first = this.model.blocks[0];
    const ada = first
      ? adaPriceTruth(sharedPriceModel(), utcDay(first.time), new Date().toISOString().slice(0, 10))
      : {};
    const prices = { ada, tokens: dexPoolsOf(this.model, this.scripts).priceTruth() };
    const epochs = first && this.model.pools.size > 0 ? { first: first.epoch, tip: tip!.epoch } : null;
    const pools: TruthPool[] = [...this.model.pools.values()].map((p) => ({
      poolId: p.poolId,
      ticker: p.metadata.kind === 'ok' ? p.metadata.ticker : null,
      name: p.metadata.kind === 'ok' ? p.metadata.name : null,
      metadataError: p.metadata.kind === 'ok' ? null : p.metadata.kind === 'none' ? 'none' : p.metadata.code,
    }));
    out(
      `],"prices":${JSON.stringify(prices)},"epochs":${JSON.stringify(epochs)},"pools":${JSON.stringify(pools)}}`,
    );
  }
}

function utcDay(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** ADA's price truth per currency and day in [first, last]. */
function adaPriceTruth(
  model: PriceModel,
  first: string,
  last: string,
): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const c of model.currencies) {
    const days: Record<string, string> = {};
    for (let d = first; d <= last; d = nextDay(d)) {
      const p = model.adaPrice(c, d);
      if (p !== null) days[d] = p;
    }
    out[c] = days;
  }
  return out;
}
