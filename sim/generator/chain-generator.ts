import { ChainModel } from '../model/chain-model.js';
import type {
  SimAsset,
  SimBlock,
  SimCert,
  SimMetadata,
  SimOutput,
  SimRedeemer,
  SimTx,
  SimWithdrawal,
  TokenAmount,
} from '../model/types.js';
import { baseAddress, bech32Id, enterpriseAddress, rewardAddress } from '../util/cardano-address.js';
import { Prng } from '../util/prng.js';
import {
  EPOCH_SLOTS,
  epochStartSlot,
  leaderReward,
  POOL_DEPOSIT,
  poolMetadataFor,
  REFUND_AFTER_EPOCHS,
  SHELLEY_SLOT,
  SHELLEY_TIME,
} from './staking-rules.js';
import type { DexScripts, ProtocolScripts } from './protocol-scripts.js';

/** A wallet the generator drives; the ground truth is written per wallet. */
export interface SimWallet {
  id: string;
  owner: string;
  kind: 'stake' | 'payment';
  /** `stake1…` for a stake account, the `addr1…` enterprise address for a payment-only wallet. */
  address: string;
  /** Payment addresses the generator pays to and from. */
  addresses: string[];
}

export interface GeneratorOptions {
  seed: number;
  wallets: number;
  /** Transactions each wallet takes part in (approximately: counterparts and fills may add a few). */
  txsPerWallet: number;
  scripts: ProtocolScripts;
}

interface WalletState {
  wallet: SimWallet;
  ownerIndex: number;
  utxos: SimOutput[];
  remaining: number;
  /** Policies this wallet minted (it holds their keys, so it may burn). */
  policies: Set<string>;
}

interface PendingOrder {
  output: SimOutput;
  dex: DexScripts;
  placer: WalletState;
  receiver: string;
  /** The unit the order buys: a market token, or `lovelace` (a token → ADA order). */
  wantUnit: string;
  height: number;
  /** How the batcher settled it (set when the batch is emitted; a rollback of the batch reopens it). */
  outcome?: 'fill' | 'refund';
  /** A fill's exchange at the pool (set with `outcome`). */
  execution?: FillTruth;
}

/** What the pool took and paid for one filled order, in base units (lovelace for ADA): its exact price. */
export interface FillTruth {
  /** The batch transaction and its block time (seconds). */
  txHash: string;
  time: number;
  /** Of the offered unit: what the pool took (the order's ADA beyond batcher fee and deposit, or its token). */
  paid: bigint;
  /** Of the wanted unit: what the pool paid out. */
  received: bigint;
}

/** A settled DEX order as the generator meant it: lets tests check the truth against the intent. */
export interface SettledOrder {
  /** The order output, `txHash#index` (the link key of its records). */
  key: string;
  /** What the order offers / wants: a unit or `lovelace`. */
  offered: string;
  wanted: string;
  outcome: 'fill' | 'refund';
  /** Set for a fill. */
  execution?: FillTruth;
}

interface PendingListing {
  output: SimOutput;
  seller: WalletState;
  payTo: string;
  price: bigint;
  height: number;
}

interface DraftOutput {
  address: string;
  lovelace: bigint;
  assets?: TokenAmount[] | null;
  dataHash?: string | null;
  inlineDatum?: string | null;
  collateralReturn?: boolean;
}

interface PayOptions {
  unit?: string;
  quantity?: bigint;
  extra?: number;
  metadata?: SimMetadata[];
  certs?: SimCert[];
  deposit?: bigint;
  withdrawal?: SimWithdrawal;
  mints?: TokenAmount[];
}

interface Draft {
  inputs: SimOutput[];
  collateral?: SimOutput[];
  refs?: SimOutput[];
  outputs: DraftOutput[];
  fee: bigint;
  deposit?: bigint;
  withdrawals?: SimWithdrawal[];
  certs?: SimCert[];
  mints?: TokenAmount[];
  metadata?: SimMetadata[];
  redeemers?: number;
  scriptHashes?: string[];
  valid?: boolean;
  size: number;
}

const ADA = 1_000_000n;
/** Shared empty arrays: most transactions have no certificates, mints, withdrawals… (saves ~200 B each). */
const NONE: never[] = [];
const STAKE_DEPOSIT = 2_000_000n;
const START_SLOT = 110_000_000;
const MARKET_TOKENS = [
  'MIN',
  'SUNDAE',
  'WRT',
  'HOSKY',
  'iUSD',
  'DJED',
  'SNEK',
  'INDY',
  'LQ',
  'COPI',
  'AGIX',
  'MILK',
];

/** Slot → epoch and UNIX time on mainnet's Shelley-era clock. */
export function slotClock(slot: number): { epoch: number; epochSlot: number; time: number } {
  const since = slot - SHELLEY_SLOT;
  return {
    epoch: 208 + Math.floor(since / EPOCH_SLOTS),
    epochSlot: since % EPOCH_SLOTS,
    time: SHELLEY_TIME + since,
  };
}

function hexOf(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}

/**
 * Builds a deterministic chain for a set of generated wallets, one block at a time, applying every
 * transaction to the model as it goes (so later transactions spend earlier outputs, rewards follow
 * balances). The same seed gives the same chain byte for byte.
 */
export class ChainGenerator {
  readonly model = new ChainModel();
  readonly wallets: SimWallet[] = [];
  private readonly prng: Prng;
  private readonly states: WalletState[] = [];
  private readonly owners: WalletState[][] = [];
  private readonly externals: string[] = [];
  private readonly pools: string[] = [];
  private readonly marketUnits: string[] = [];
  private readonly exchange: string;
  private readonly batcher: string;
  private readonly jpgFee: string;
  private readonly cip68Store: string;
  private pendingOrders: PendingOrder[] = [];
  private pendingListings: PendingListing[] = [];
  /** Orders and listings already settled, kept so a rollback of their settlement reopens them. */
  private settled: Array<PendingOrder | PendingListing> = [];
  private block: SimBlock | null = null;
  private slotGap: number;
  private nextSlot = START_SLOT;
  private nftCounter = 0;
  /** `invalid_hereafter` of the current block's transactions (one string per block, not per tx). */
  private ttl = '';

  constructor(private readonly options: GeneratorOptions) {
    this.prng = new Prng(options.seed);
    const p = this.prng;
    for (let i = 0; i < 40; i++) {
      const hex = p.hex(28);
      const poolId = bech32Id('pool', hex);
      this.pools.push(poolId);
      this.model.pools.set(poolId, { poolId, hex, metadata: poolMetadataFor(i) });
    }
    for (let i = 0; i < 200; i++) {
      const addr = baseAddress({ hash: p.hex(28), script: false }, { hash: p.hex(28), script: false });
      this.externals.push(addr);
    }
    this.exchange = enterpriseAddress({ hash: p.hex(28), script: false });
    this.batcher = enterpriseAddress({ hash: p.hex(28), script: false });
    this.jpgFee = enterpriseAddress({ hash: p.hex(28), script: false });
    this.cip68Store = enterpriseAddress({ hash: p.hex(28), script: true });
    for (const ticker of MARKET_TOKENS) {
      const policy = p.hex(28);
      const unit = policy + hexOf(ticker);
      this.marketUnits.push(unit);
      this.model.assets.set(unit, {
        unit,
        policyId: policy,
        assetName: hexOf(ticker),
        mintOrdinals: [],
        supply: 0n,
        preMint: { txHash: p.hex(32), quantity: 1_000_000_000_000_000n },
        onchainMetadata: null,
        onchainMetadataStandard: null,
        metadata: {
          name: ticker,
          description: `${ticker} token`,
          ticker,
          url: `https://${ticker.toLowerCase()}.example`,
          logo: null,
          decimals: 6,
        },
      });
    }
    this.makeWallets();
    const expectedTxs = Math.max(1, options.wallets * options.txsPerWallet * 0.75);
    const expectedBlocks = Math.max(1, expectedTxs / 22);
    // Spread the chain over ~20 epochs so accounts earn rewards in many epochs.
    this.slotGap = Math.max(20, Math.floor((20 * EPOCH_SLOTS) / expectedBlocks));
  }

  private makeWallets(): void {
    const p = this.prng;
    const n = this.options.wallets;
    // A couple of payment-only (enterprise) wallets, about one in ten.
    const paymentEvery = n >= 3 ? Math.max(3, Math.min(10, Math.floor(n / 2))) : Infinity;
    let owner: WalletState[] = [];
    let ownerSize = p.range(1, 3);
    for (let i = 0; i < n; i++) {
      if (owner.length >= ownerSize) {
        this.owners.push(owner);
        owner = [];
        ownerSize = p.range(1, 3);
      }
      const ownerIndex = this.owners.length;
      const id = `w${String(i + 1).padStart(4, '0')}`;
      const ownerId = `o${String(ownerIndex + 1).padStart(4, '0')}`;
      let wallet: SimWallet;
      if (i % paymentEvery === paymentEvery - 1) {
        const address = enterpriseAddress({ hash: p.hex(28), script: false });
        wallet = { id, owner: ownerId, kind: 'payment', address, addresses: [address] };
        this.model.setInfo(address, {
          type: 'shelley',
          script: false,
          paymentHash: null,
          stakeAddress: null,
        });
      } else {
        const stake = { hash: p.hex(28), script: false };
        const stakeAddress = rewardAddress(stake);
        const addresses: string[] = [];
        const count = p.range(2, 5);
        for (let a = 0; a < count; a++) {
          const address = baseAddress({ hash: p.hex(28), script: false }, stake);
          addresses.push(address);
          this.model.setInfo(address, { type: 'shelley', script: false, paymentHash: null, stakeAddress });
        }
        wallet = { id, owner: ownerId, kind: 'stake', address: stakeAddress, addresses };
      }
      const state: WalletState = {
        wallet,
        ownerIndex,
        utxos: [],
        remaining: this.options.txsPerWallet,
        policies: new Set(),
      };
      this.wallets.push(wallet);
      this.states.push(state);
      owner.push(state);
    }
    if (owner.length) this.owners.push(owner);
  }

  /** Generates the initial chain: blocks until every wallet has taken part in its share of transactions. */
  generate(): ChainModel {
    const active = this.states.filter((s) => s.remaining > 0);
    while (active.length > 0) {
      this.beginBlock(this.slotGap);
      const target = this.prng.range(8, 36);
      this.runScheduled(target);
      while (this.block!.txs.length < target && active.length > 0) {
        const i = this.prng.int(active.length);
        const w = active[i]!;
        if (w.remaining <= 0) {
          // Counterparts and fills use up a wallet's share too: drop it lazily when picked.
          active[i] = active[active.length - 1]!;
          active.pop();
          continue;
        }
        this.act(w);
      }
      this.endBlock();
    }
    return this.model;
  }

  /** Appends `count` blocks with new transactions for existing wallets (live mode, rollback refill). */
  appendBlocks(count: number): SimBlock {
    for (let b = 0; b < count; b++) {
      this.beginBlock(20);
      const target = this.prng.range(3, 12);
      this.runScheduled(target);
      let guard = 0;
      while (this.block!.txs.length < target && guard++ < 200) this.act(this.prng.pick(this.states));
      this.endBlock();
    }
    return this.model.tip!;
  }

  /**
   * Rolls back `depth` blocks and replaces them with as many blocks holding different transactions.
   * Returns the dropped blocks (oldest first), so a caller can tell which transactions left the chain.
   */
  rollback(depth: number): SimBlock[] {
    const dropped = this.model.rollback(depth);
    this.rebuildState();
    this.nextSlot = (this.model.tip?.slot ?? START_SLOT) + 1;
    this.appendBlocks(dropped.length);
    return dropped;
  }

  /** The DEX orders whose batch transaction is in the chain, with what they offered and wanted. */
  settledOrders(): SettledOrder[] {
    const out: SettledOrder[] = [];
    for (const o of this.settled) {
      if (!('dex' in o) || !o.outcome) continue;
      out.push({
        key: `${o.output.txHash}#${o.output.index}`,
        offered: o.output.assets?.[0]?.unit ?? 'lovelace',
        wanted: o.wantUnit,
        outcome: o.outcome,
        ...(o.execution ? { execution: o.execution } : {}),
      });
    }
    return out;
  }

  /** Re-derives each wallet's spendable outputs and the open orders/listings from the model. */
  private rebuildState(): void {
    const owner = new Map<string, WalletState>();
    for (const s of this.states) {
      s.utxos = [];
      for (const a of s.wallet.addresses) owner.set(a, s);
    }
    for (const tx of this.model.txs) {
      for (const o of tx.outputs) {
        if (!o.created || o.consumedBy) continue;
        const s = owner.get(o.address);
        if (s) s.utxos.push(o);
      }
    }
    const live = (o: SimOutput): boolean =>
      o.created && o.consumedBy === null && this.model.tx(o.txHash) !== undefined;
    const reopened = this.settled.filter((p) => live(p.output));
    this.settled = this.settled.filter(
      (p) => !live(p.output) && this.model.tx(p.output.txHash) !== undefined,
    );
    this.pendingOrders = [
      ...this.pendingOrders,
      ...reopened.filter((p): p is PendingOrder => 'dex' in p),
    ].filter((p) => live(p.output));
    this.pendingListings = [
      ...this.pendingListings,
      ...reopened.filter((p): p is PendingListing => 'seller' in p),
    ].filter((p) => live(p.output));
  }

  // ---- blocks --------------------------------------------------------------------------------------

  private beginBlock(gap: number): void {
    const p = this.prng;
    const prev = this.model.tip;
    const slot = prev
      ? Math.max(this.nextSlot, prev.slot + Math.max(1, Math.round(gap * (0.5 + p.next()))))
      : this.nextSlot;
    this.nextSlot = slot + 1;
    const clock = slotClock(slot);
    const height = prev ? prev.height + 1 : 9_500_000;
    const block: SimBlock = {
      height,
      hash: p.hex(32),
      slot,
      time: clock.time,
      epoch: clock.epoch,
      epochSlot: clock.epochSlot,
      slotLeader: p.pick(this.pools),
      size: 0,
      blockVrf: bech32Id('vrf_vk', p.hex(32)),
      opCert: p.hex(32),
      opCertCounter: String(p.range(1, 20)),
      txs: [],
    };
    if (prev) for (let e = prev.epoch + 1; e <= clock.epoch; e++) this.payRewards(e, height);
    this.model.beginBlock(block);
    this.block = block;
    this.ttl = String(slot + 7200);
  }

  private endBlock(): void {
    const block = this.block!;
    block.size = 1000 + block.txs.reduce((s, t) => s + t.size, 0);
    this.block = null;
  }

  /**
   * Entering epoch `epoch`: members earn the rewards of epoch `epoch - 2` (spendable from now on); the
   * first stake wallet runs the pool it delegates to and earns its leader reward too; the second gets a
   * retired pool's deposit back once (staking-rules.ts).
   */
  private payRewards(epoch: number, atHeight: number): void {
    const stakeStates = this.states.filter((s) => s.wallet.kind === 'stake');
    const firstEpoch = this.model.blocks[0]?.epoch ?? epoch;
    for (const s of stakeStates) {
      const acc = this.model.account(s.wallet.address);
      if (!acc || !acc.registered) continue;
      if (s === stakeStates[1] && epoch === firstEpoch + REFUND_AFTER_EPOCHS) {
        const retired = this.pools[5]!;
        acc.rewards.push({
          epoch,
          type: 'pool_deposit_refund',
          amount: POOL_DEPOSIT,
          poolId: retired,
          atHeight,
        });
      }
      if (!acc.poolId || acc.activeEpoch === null) continue;
      const balance = acc.utxoLovelace;
      if (acc.activeEpoch <= epoch)
        acc.history.push({
          activeEpoch: epoch,
          amount: balance + this.model.withdrawable(acc),
          poolId: acc.poolId,
          atHeight,
        });
      if (acc.activeEpoch > epoch - 2) continue;
      if (balance > 0n) {
        const amount = (balance * 3n) / 10_000n + BigInt(this.prng.range(1, 5000));
        acc.rewards.push({ epoch: epoch - 2, type: 'member', amount, poolId: acc.poolId, atHeight });
      }
      if (s === stakeStates[0])
        acc.rewards.push({
          epoch: epoch - 2,
          type: 'leader',
          amount: leaderReward(epoch - 2),
          poolId: acc.poolId,
          atHeight,
        });
    }
  }

  /**
   * Crosses `count` epoch boundaries: each time one block at the start of the next epoch (paying that
   * boundary's rewards), with new transactions like any appended block.
   */
  advanceEpochs(count: number): SimBlock {
    for (let i = 0; i < count; i++) {
      const epoch = this.model.tip!.epoch;
      this.nextSlot = Math.max(this.nextSlot, epochStartSlot(epoch + 1) + 1);
      this.appendBlocks(1);
    }
    return this.model.tip!;
  }

  // ---- building transactions ---------------------------------------------------------------------

  private external(): string {
    return this.prng.pick(this.externals);
  }

  /** An input owned by someone the model does not track (synthetic previous output). */
  private foreignInput(
    address: string,
    lovelace: bigint,
    assets: TokenAmount[] | null = null,
    datum: { hash: string | null; inline: string | null } | null = null,
  ): SimOutput {
    return {
      txHash: this.prng.hex(32),
      index: this.prng.int(4),
      address,
      lovelace,
      assets,
      dataHash: datum?.hash ?? null,
      inlineDatum: datum?.inline ?? null,
      referenceScriptHash: null,
      collateralReturn: false,
      created: true,
      consumedBy: null,
      inModel: false,
    };
  }

  /**
   * A datum shown inline. Its `data_hash` is the blake2b-256 of the CBOR, computed when served (null
   * here): hashing every datum up front cost 7% of generation time.
   */
  private datum(): { hash: null; inline: string } {
    const inline = Buffer.from(
      `d8799fd8799f581c${this.prng.hex(28)}ff1a${this.prng.hex(4)}ff`,
      'latin1',
    ).toString('latin1');
    return { hash: null, inline };
  }

  /** A datum known only by hash (Plutus V1 style): no CBOR is shown, so any 32 bytes will do. */
  private datumHash(): { hash: string; inline: null } {
    return { hash: this.prng.hex(32), inline: null };
  }

  private feeFor(
    inputs: number,
    outputs: number,
    extra: number,
    scripts: number,
  ): { fee: bigint; size: number } {
    const size = 160 + 108 * inputs + 68 * outputs + extra + scripts * 420;
    return { fee: BigInt(155_381 + 44 * size + scripts * 180_000), size };
  }

  private changeAddress(w: WalletState): string {
    return this.prng.pick(w.wallet.addresses);
  }

  /**
   * Picks inputs from a wallet until they cover `lovelace` (and `unit`/`quantity` when given).
   * Removes them from the wallet's pool; returns null (pool untouched) when the wallet cannot pay.
   */
  private select(w: WalletState, lovelace: bigint, unit?: string, quantity = 0n): SimOutput[] | null {
    const picked: SimOutput[] = [];
    let ada = 0n;
    let tok = 0n;
    if (unit) {
      const idx = w.utxos.findIndex((o) => o.assets?.some((a) => a.unit === unit));
      if (idx < 0) return null;
      const o = w.utxos[idx]!;
      picked.push(o);
      w.utxos[idx] = w.utxos[w.utxos.length - 1]!;
      w.utxos.pop();
      ada += o.lovelace;
      tok += o.assets!.find((a) => a.unit === unit)!.quantity;
      if (tok < quantity) {
        w.utxos.push(...picked);
        return null;
      }
    }
    // Wallets consolidate now and then, as real ones do: it keeps each pool of outputs small.
    const extra = w.utxos.length > 24 ? 3 : 0;
    while (ada < lovelace || (extra && picked.length < extra && w.utxos.length > 0)) {
      if (w.utxos.length === 0 || picked.length >= 12) {
        w.utxos.push(...picked);
        return null;
      }
      // Prefer ADA-only outputs for ADA: spending a token bundle re-creates it in the change.
      let idx = this.prng.int(w.utxos.length);
      for (let k = 0; k < 3 && w.utxos[idx]!.assets && ada < lovelace; k++)
        idx = this.prng.int(w.utxos.length);
      const o = w.utxos[idx]!;
      w.utxos[idx] = w.utxos[w.utxos.length - 1]!;
      w.utxos.pop();
      picked.push(o);
      ada += o.lovelace;
    }
    return picked.slice(); // exact-size copy: a pushed-into array keeps room for 17 entries
  }

  /** Change of a wallet-funded transaction: inputs (+ withdrawals + mints) − payments − fee − deposit. */
  private change(
    inputs: SimOutput[],
    outputs: DraftOutput[],
    fee: bigint,
    extra: { deposit?: bigint; withdrawal?: bigint; mints?: TokenAmount[] } = {},
  ): { lovelace: bigint; assets: TokenAmount[] | null } {
    let ada = -fee - (extra.deposit ?? 0n) + (extra.withdrawal ?? 0n);
    if (!extra.mints && inputs.every((i) => !i.assets) && outputs.every((o) => !o.assets)) {
      for (const i of inputs) ada += i.lovelace;
      for (const o of outputs) ada -= o.lovelace;
      return { lovelace: ada, assets: null };
    }
    const units = new Map<string, bigint>();
    // Token amounts are never mutated, so an unchanged one is shared with the input it came from
    // (wallets carry bundles of tokens from change to change: copying them dominated the heap).
    const seen = new Map<string, TokenAmount>();
    for (const i of inputs) {
      ada += i.lovelace;
      if (i.assets) {
        for (const a of i.assets) {
          units.set(a.unit, (units.get(a.unit) ?? 0n) + a.quantity);
          seen.set(a.unit, a);
        }
      }
    }
    for (const m of extra.mints ?? []) units.set(m.unit, (units.get(m.unit) ?? 0n) + m.quantity);
    for (const o of outputs) {
      ada -= o.lovelace;
      if (o.assets) for (const a of o.assets) units.set(a.unit, (units.get(a.unit) ?? 0n) - a.quantity);
    }
    const assets: TokenAmount[] = [];
    for (const [unit, quantity] of units) {
      if (quantity < 0n) throw new Error(`generator: negative change of ${unit}`);
      if (quantity > 0n) {
        const same = seen.get(unit);
        assets.push(same && same.quantity === quantity ? same : { unit, quantity });
      }
    }
    return { lovelace: ada, assets: assets.length ? assets.slice() : null };
  }

  /** Finishes a draft into a transaction, applies it to the model and returns it. */
  private emit(d: Draft): SimTx {
    const block = this.block!;
    const hash = this.prng.hex(32);
    const valid = d.valid ?? true;
    const tx: SimTx = {
      hash,
      block,
      index: block.txs.length,
      ordinal: this.model.nextOrdinal(),
      inputs: d.inputs,
      collateralInputs: d.collateral ?? NONE,
      referenceInputs: d.refs ?? NONE,
      outputs: [],
      fee: d.fee,
      deposit: d.deposit ?? 0n,
      size: d.size,
      invalidBefore: null,
      invalidHereafter: this.ttl,
      validContract: valid,
      withdrawals: d.withdrawals ?? NONE,
      certs: d.certs ?? NONE,
      mints: d.mints ?? NONE,
      metadata: d.metadata ?? NONE,
      redeemers: NONE,
      cbor: null,
      treasuryDonation: 0n,
    };
    tx.outputs = d.outputs.map((o, index) => ({
      txHash: hash,
      index,
      address: o.address,
      lovelace: o.lovelace,
      assets: o.assets && o.assets.length ? o.assets : null,
      dataHash: o.dataHash ?? null,
      inlineDatum: o.inlineDatum ?? null,
      referenceScriptHash: null,
      collateralReturn: o.collateralReturn ?? false,
      created: valid !== (o.collateralReturn ?? false),
      consumedBy: null,
      inModel: true,
    }));
    const scripts = d.scriptHashes ?? NONE;
    if (scripts.length) tx.redeemers = new Array<SimRedeemer>(0);
    for (let r = 0; r < scripts.length; r++) {
      const redeemer: SimRedeemer = {
        purpose: 'spend',
        index: r,
        scriptHash: scripts[r]!,
        redeemerDataHash: this.prng.hex(32),
        datumHash: this.prng.hex(32),
        unitMem: BigInt(this.prng.range(200_000, 2_000_000)),
        unitSteps: BigInt(this.prng.range(80_000_000, 900_000_000)),
        fee: BigInt(this.prng.range(40_000, 180_000)),
      };
      tx.redeemers!.push(redeemer);
    }
    this.checkBalance(tx);
    this.model.appendTx(tx);
    return tx;
  }

  /** Value conservation: what a real ledger would reject, the generator must never produce. */
  private checkBalance(tx: SimTx): void {
    for (const o of tx.outputs)
      if (o.lovelace < 900_000n) throw new Error(`generator: tx ${tx.hash} output below min ADA`);
    if (
      tx.validContract &&
      tx.mints.length === 0 &&
      tx.inputs.every((i) => !i.assets) &&
      tx.outputs.every((o) => !o.assets)
    ) {
      let ada = tx.fee + tx.deposit;
      for (const i of tx.inputs) ada -= i.lovelace;
      for (const w of tx.withdrawals) ada -= w.amount;
      for (const o of tx.outputs) if (!o.collateralReturn) ada += o.lovelace;
      if (ada !== 0n) throw new Error(`generator: tx ${tx.hash} unbalanced in lovelace by ${-ada}`);
      return;
    }
    const sum = new Map<string, bigint>();
    const add = (o: { lovelace: bigint; assets: TokenAmount[] | null }, sign: bigint): void => {
      sum.set('lovelace', (sum.get('lovelace') ?? 0n) + sign * o.lovelace);
      if (o.assets) for (const a of o.assets) sum.set(a.unit, (sum.get(a.unit) ?? 0n) + sign * a.quantity);
    };
    if (tx.validContract) {
      for (const i of tx.inputs) add(i, 1n);
      for (const w of tx.withdrawals) add({ lovelace: w.amount, assets: null }, 1n);
      for (const m of tx.mints) add({ lovelace: 0n, assets: [m] }, 1n);
      for (const o of tx.outputs) if (!o.collateralReturn) add(o, -1n);
      add({ lovelace: tx.fee + tx.deposit, assets: null }, -1n);
    } else {
      for (const i of tx.collateralInputs) add(i, 1n);
      for (const o of tx.outputs) if (o.collateralReturn) add(o, -1n);
      add({ lovelace: tx.fee, assets: null }, -1n);
    }
    for (const [unit, q] of sum)
      if (q !== 0n) throw new Error(`generator: tx ${tx.hash} unbalanced in ${unit} by ${q}`);
  }

  /** Records a wallet's new outputs in its spendable pool and counts its participation. */
  private credit(tx: SimTx): void {
    const touched: WalletState[] = [];
    const byAddress = this.walletByAddress;
    for (const i of tx.validContract ? tx.inputs : tx.collateralInputs) {
      const s = byAddress.get(i.address);
      if (s && !touched.includes(s)) touched.push(s);
    }
    for (const o of tx.outputs) {
      const s = byAddress.get(o.address);
      if (!s) continue;
      if (!touched.includes(s)) touched.push(s);
      if (o.created) s.utxos.push(o);
    }
    for (const c of tx.certs) {
      const s = this.walletByStake.get(c.stakeAddress);
      if (s && !touched.includes(s)) touched.push(s);
    }
    for (const s of touched) s.remaining--;
  }

  private get walletByAddress(): Map<string, WalletState> {
    if (!this._byAddress) {
      this._byAddress = new Map();
      for (const s of this.states) for (const a of s.wallet.addresses) this._byAddress.set(a, s);
    }
    return this._byAddress;
  }
  private _byAddress: Map<string, WalletState> | null = null;

  private get walletByStake(): Map<string, WalletState> {
    if (!this._byStake) {
      this._byStake = new Map();
      for (const s of this.states) if (s.wallet.kind === 'stake') this._byStake.set(s.wallet.address, s);
    }
    return this._byStake;
  }
  private _byStake: Map<string, WalletState> | null = null;

  private commit(d: Draft): SimTx {
    const tx = this.emit(d);
    this.credit(tx);
    return tx;
  }

  // ---- actions -------------------------------------------------------------------------------------

  private act(w: WalletState): void {
    const p = this.prng;
    if (w.utxos.length === 0) {
      this.receiveExternal(w, true);
      return;
    }
    if (w.wallet.kind === 'stake') {
      const acc = this.model.account(w.wallet.address);
      if (!acc?.registered && p.chance(0.5)) return void this.stakeRegistration(w);
    }
    const r = p.next();
    let done = false;
    if (r < 0.2) done = this.receiveExternal(w, false);
    else if (r < 0.32) done = this.sendExternal(w);
    else if (r < 0.36) done = this.selfTransfer(w);
    else if (r < 0.42) done = this.internalTransfer(w);
    else if (r < 0.48) done = this.crossOwnerPayment(w);
    else if (r < 0.53) done = this.tokenSend(w);
    else if (r < 0.56) done = this.tokenMint(w);
    else if (r < 0.6) done = this.nftMint(w);
    else if (r < 0.62) done = this.tokenBurn(w);
    else if (r < 0.65) done = this.nftListing(w);
    else if (r < 0.68) done = this.nftPurchase(w);
    else if (r < 0.8) done = this.dexOrder(w);
    else if (r < 0.83) done = this.delegation(w);
    else if (r < 0.88) done = this.rewardWithdrawal(w);
    else if (r < 0.885) done = this.deregistration(w);
    else if (r < 0.9) done = this.failedScript(w);
    else done = this.receiveExternal(w, false);
    if (!done && !this.sendExternal(w)) this.receiveExternal(w, false);
  }

  /** Fills, refunds and sales of earlier orders and listings (never in the block that placed them). */
  private runScheduled(target: number): void {
    const height = this.block!.height;
    const budget = Math.max(1, Math.floor(target / 3));
    let done = 0;
    for (let i = 0; i < this.pendingOrders.length && done < budget;) {
      const o = this.pendingOrders[i]!;
      if (o.height < height && this.prng.chance(0.5)) {
        this.pendingOrders.splice(i, 1);
        this.settled.push(o);
        this.batch(o);
        done++;
      } else i++;
    }
    for (let i = 0; i < this.pendingListings.length && done < budget;) {
      const l = this.pendingListings[i]!;
      if (l.height < height && this.prng.chance(0.4)) {
        this.pendingListings.splice(i, 1);
        this.settled.push(l);
        this.sale(l);
        done++;
      } else i++;
    }
  }

  private receiveExternal(w: WalletState, funding: boolean): boolean {
    const p = this.prng;
    const from = funding ? this.exchange : this.external();
    const amount = funding ? BigInt(p.range(2_000, 8_000)) * ADA : BigInt(p.range(5_000_000, 400_000_000));
    const withToken = !funding && p.chance(0.2);
    const token: TokenAmount | null = withToken
      ? { unit: p.pick(this.marketUnits), quantity: BigInt(p.range(10, 5_000_000)) }
      : null;
    const { fee, size } = this.feeFor(1, 2, token ? 40 : 0, 0);
    const change = BigInt(p.range(2_000_000, 900_000_000));
    const input = this.foreignInput(from, amount + fee + change, token ? [token] : null);
    this.commit({
      inputs: [input],
      outputs: [
        { address: this.changeAddress(w), lovelace: amount, assets: token ? [token] : null },
        { address: from, lovelace: change },
      ],
      fee,
      size,
    });
    return true;
  }

  /** A wallet-funded payment: `payments` go out, change comes back to the wallet. */
  private pay(w: WalletState, payments: DraftOutput[], opts: PayOptions = {}): SimTx | null {
    let need = payments.reduce((s, o) => s + o.lovelace, 0n) + 2_500_000n + (opts.deposit ?? 0n);
    if (opts.withdrawal) need -= opts.withdrawal.amount;
    if (need < 1n) need = 1n;
    const inputs = this.select(w, need, opts.unit, opts.quantity ?? 0n);
    if (!inputs) return null;
    const extra =
      (opts.extra ?? 0) +
      (opts.metadata ? 60 : 0) +
      (opts.certs?.length ?? 0) * 40 +
      (opts.withdrawal ? 40 : 0);
    const { fee, size } = this.feeFor(inputs.length, payments.length + 1, extra, 0);
    const change = this.change(inputs, payments, fee, {
      deposit: opts.deposit,
      withdrawal: opts.withdrawal?.amount,
      mints: opts.mints,
    });
    if (change.lovelace < 1_000_000n) {
      w.utxos.push(...inputs);
      return null;
    }
    return this.commit({
      inputs,
      outputs: [
        ...payments,
        { address: this.changeAddress(w), lovelace: change.lovelace, assets: change.assets },
      ],
      fee,
      size,
      deposit: opts.deposit,
      certs: opts.certs,
      withdrawals: opts.withdrawal ? [opts.withdrawal] : undefined,
      mints: opts.mints,
      metadata: opts.metadata,
    });
  }

  private sendExternal(w: WalletState): boolean {
    const amount = BigInt(this.prng.range(1_000_000, 60_000_000));
    return this.pay(w, [{ address: this.external(), lovelace: amount }]) !== null;
  }

  private selfTransfer(w: WalletState): boolean {
    const amount = BigInt(this.prng.range(1_000_000, 30_000_000));
    return this.pay(w, [{ address: this.changeAddress(w), lovelace: amount }]) !== null;
  }

  private otherWallet(w: WalletState, sameOwner: boolean): WalletState | null {
    if (sameOwner) {
      const mates = this.owners[w.ownerIndex]!.filter((s) => s !== w);
      return mates.length ? this.prng.pick(mates) : null;
    }
    for (let k = 0; k < 8; k++) {
      const s = this.prng.pick(this.states);
      if (s.ownerIndex !== w.ownerIndex && s.remaining > 0) return s;
    }
    return null;
  }

  private internalTransfer(w: WalletState): boolean {
    const to = this.otherWallet(w, true);
    if (!to) return false;
    const amount = BigInt(this.prng.range(1_000_000, 80_000_000));
    return this.pay(w, [{ address: this.changeAddress(to), lovelace: amount }]) !== null;
  }

  private crossOwnerPayment(w: WalletState): boolean {
    const to = this.otherWallet(w, false);
    if (!to) return false;
    const amount = BigInt(this.prng.range(1_000_000, 50_000_000));
    return this.pay(w, [{ address: this.changeAddress(to), lovelace: amount }]) !== null;
  }

  /** A token the wallet holds that passes `filter`: a few random probes, then a full scan. */
  private heldToken(w: WalletState, filter: (unit: string, quantity: bigint) => boolean): TokenAmount | null {
    const n = w.utxos.length;
    if (n === 0) return null;
    for (let k = 0; k < 6; k++) {
      const o = w.utxos[this.prng.int(n)]!;
      if (!o.assets) continue;
      const a = o.assets[this.prng.int(o.assets.length)]!;
      if (filter(a.unit, a.quantity)) return a;
    }
    const candidates: TokenAmount[] = [];
    for (const o of w.utxos)
      if (o.assets) for (const a of o.assets) if (filter(a.unit, a.quantity)) candidates.push(a);
    return candidates.length ? this.prng.pick(candidates) : null;
  }

  private tokenSend(w: WalletState): boolean {
    const token = this.heldToken(w, (_u, q) => q > 1n);
    if (!token) return false;
    const qty = BigInt(Math.max(1, Math.floor(Number(token.quantity) * this.prng.next())));
    const r = this.prng.next();
    const to = r < 0.5 ? this.external() : this.changeAddress(this.otherWallet(w, r < 0.75) ?? w);
    return (
      this.pay(w, [{ address: to, lovelace: 1_500_000n, assets: [{ unit: token.unit, quantity: qty }] }], {
        unit: token.unit,
        quantity: qty,
        extra: 40,
      }) !== null
    );
  }

  private registerAsset(
    unit: string,
    policy: string,
    name: string,
    meta: Partial<{
      onchain: Record<string, unknown>;
      standard: string;
      registry: NonNullable<SimAsset['metadata']>;
    }>,
  ): void {
    this.model.assets.set(unit, {
      unit,
      policyId: policy,
      assetName: name,
      mintOrdinals: [],
      supply: 0n,
      preMint: null,
      onchainMetadata: meta.onchain ?? null,
      onchainMetadataStandard: meta.standard ?? null,
      metadata: meta.registry ?? null,
    });
  }

  private tokenMint(w: WalletState): boolean {
    const p = this.prng;
    const policy = p.hex(28);
    const ticker = `TK${p.hex(2).toUpperCase()}`;
    const quantity = BigInt(p.range(1_000, 1_000_000_000));
    if (p.chance(0.5)) {
      // Plain native token, described by the Token Registry (off-chain `metadata`).
      const unit = policy + hexOf(ticker);
      this.registerAsset(unit, policy, hexOf(ticker), {
        registry: {
          name: ticker,
          description: `Token ${ticker} minted by the simulator`,
          ticker,
          url: null,
          logo: null,
          decimals: p.range(0, 6),
        },
      });
      const tx = this.pay(
        w,
        [{ address: this.changeAddress(w), lovelace: 1_500_000n, assets: [{ unit, quantity }] }],
        { mints: [{ unit, quantity }], extra: 80 },
      );
      if (!tx) return this.unregister([unit]);
      w.policies.add(policy);
      return true;
    }
    // CIP-68 fungible token: 0014df10 user tokens to the wallet, the 000643b0 reference NFT (with the
    // metadata datum) to a script that holds it.
    const name = hexOf(ticker);
    const ft = `${policy}0014df10${name}`;
    const ref = `${policy}000643b0${name}`;
    const onchain = { name: ticker, description: `CIP-68 token ${ticker}`, ticker, decimals: 6 };
    this.registerAsset(ft, policy, `0014df10${name}`, { onchain, standard: 'CIP68v1' });
    this.registerAsset(ref, policy, `000643b0${name}`, { onchain, standard: 'CIP68v1' });
    const datum = this.datum();
    const tx = this.pay(
      w,
      [
        { address: this.changeAddress(w), lovelace: 1_500_000n, assets: [{ unit: ft, quantity }] },
        {
          address: this.cip68Store,
          lovelace: 2_000_000n,
          assets: [{ unit: ref, quantity: 1n }],
          inlineDatum: datum.inline,
        },
      ],
      {
        mints: [
          { unit: ft, quantity },
          { unit: ref, quantity: 1n },
        ],
        extra: 160,
      },
    );
    if (!tx) return this.unregister([ft, ref]);
    w.policies.add(policy);
    return true;
  }

  private unregister(units: string[]): boolean {
    for (const u of units) this.model.assets.delete(u);
    return false;
  }

  private nftMint(w: WalletState): boolean {
    const p = this.prng;
    const policy = p.hex(28);
    if (p.chance(0.6)) {
      // CIP-25: the 721 metadata of the minting transaction describes each NFT.
      const count = p.range(1, 3);
      const mints: TokenAmount[] = [];
      const meta: Record<string, unknown> = {};
      const units: string[] = [];
      for (let i = 0; i < count; i++) {
        const name = `SimNft${++this.nftCounter}`;
        const unit = policy + hexOf(name);
        const onchain = {
          name: `Sim NFT #${this.nftCounter}`,
          image: `ipfs://Qm${p.hex(22)}`,
          mediaType: 'image/png',
        };
        meta[name] = onchain;
        this.registerAsset(unit, policy, hexOf(name), { onchain, standard: 'CIP25v1' });
        mints.push({ unit, quantity: 1n });
        units.push(unit);
      }
      const tx = this.pay(w, [{ address: this.changeAddress(w), lovelace: 1_500_000n, assets: mints }], {
        mints,
        extra: 120 * count,
        metadata: [{ label: '721', json: { [policy]: meta } }],
      });
      if (!tx) return this.unregister(units);
      w.policies.add(policy);
      return true;
    }
    const name = hexOf(`SimArt${++this.nftCounter}`);
    const nft = `${policy}000de140${name}`;
    const ref = `${policy}000643b0${name}`;
    const onchain = {
      name: `Sim Art #${this.nftCounter}`,
      image: `ipfs://Qm${p.hex(22)}`,
      mediaType: 'image/png',
    };
    this.registerAsset(nft, policy, `000de140${name}`, { onchain, standard: 'CIP68v1' });
    this.registerAsset(ref, policy, `000643b0${name}`, { onchain, standard: 'CIP68v1' });
    const datum = this.datum();
    const tx = this.pay(
      w,
      [
        { address: this.changeAddress(w), lovelace: 1_500_000n, assets: [{ unit: nft, quantity: 1n }] },
        {
          address: this.cip68Store,
          lovelace: 2_000_000n,
          assets: [{ unit: ref, quantity: 1n }],
          inlineDatum: datum.inline,
        },
      ],
      {
        mints: [
          { unit: nft, quantity: 1n },
          { unit: ref, quantity: 1n },
        ],
        extra: 160,
      },
    );
    if (!tx) return this.unregister([nft, ref]);
    w.policies.add(policy);
    return true;
  }

  private tokenBurn(w: WalletState): boolean {
    const token = this.heldToken(w, (unit, q) => q > 1n && w.policies.has(unit.slice(0, 56)));
    if (!token) return false;
    const qty = BigInt(Math.max(1, Math.floor(Number(token.quantity) * this.prng.next() * 0.5)));
    return (
      this.pay(w, [], {
        unit: token.unit,
        quantity: qty,
        mints: [{ unit: token.unit, quantity: -qty }],
        extra: 60,
      }) !== null
    );
  }

  private isNft(unit: string): boolean {
    const asset = this.model.assets.get(unit);
    return !!asset && (asset.onchainMetadataStandard === 'CIP25v1' || asset.assetName.startsWith('000de140'));
  }

  private nftListing(w: WalletState): boolean {
    const nft = this.heldToken(w, (unit, q) => q === 1n && this.isNft(unit));
    if (!nft) return false;
    const jpg = this.options.scripts.jpgstore;
    const datum = this.datum();
    const tx = this.pay(
      w,
      [
        {
          address: jpg.listingAddress,
          lovelace: 2_000_000n,
          assets: [{ unit: nft.unit, quantity: 1n }],
          inlineDatum: datum.inline,
        },
      ],
      {
        unit: nft.unit,
        quantity: 1n,
        extra: 120,
      },
    );
    if (!tx) return false;
    const price = BigInt(this.prng.range(5, 900)) * ADA;
    this.pendingListings.push({
      output: tx.outputs[0]!,
      seller: w,
      payTo: this.changeAddress(w),
      price,
      height: this.block!.height,
    });
    return true;
  }

  /** An outside buyer takes a wallet's listing: the seller receives the price less jpg.store's 2%. */
  private sale(l: PendingListing): void {
    const jpg = this.options.scripts.jpgstore;
    const buyer = this.external();
    const marketFee = l.price / 50n > ADA ? l.price / 50n : ADA; // jpg.store: 2%, at least 1 ADA
    const { fee, size } = this.feeFor(3, 4, 200, 1);
    const buyerChange = BigInt(this.prng.range(2_000_000, 200_000_000));
    const collateral = this.foreignInput(buyer, 5_000_000n);
    const buyerIn = this.foreignInput(buyer, l.price + fee + buyerChange);
    const tx = this.emit({
      inputs: [l.output, buyerIn],
      collateral: [collateral],
      outputs: [
        { address: l.payTo, lovelace: l.price - marketFee },
        { address: this.jpgFee, lovelace: marketFee },
        { address: buyer, lovelace: l.output.lovelace, assets: l.output.assets },
        { address: buyer, lovelace: buyerChange },
      ],
      fee,
      size,
      scriptHashes: [jpg.listingScriptHash],
    });
    this.credit(tx);
  }

  /** The wallet buys an outside seller's NFT listed on jpg.store. */
  private nftPurchase(w: WalletState): boolean {
    const p = this.prng;
    const jpg = this.options.scripts.jpgstore;
    const policy = p.hex(28);
    const name = `Collectible${++this.nftCounter}`;
    const unit = policy + hexOf(name);
    const onchain = {
      name: `Collectible #${this.nftCounter}`,
      image: `ipfs://Qm${p.hex(22)}`,
      mediaType: 'image/png',
    };
    this.registerAsset(unit, policy, hexOf(name), { onchain, standard: 'CIP25v1' });
    const asset = this.model.assets.get(unit)!;
    asset.preMint = { txHash: p.hex(32), quantity: 1n };
    const price = BigInt(p.range(5, 300)) * ADA;
    const marketFee = price / 50n > ADA ? price / 50n : ADA;
    const seller = this.external();
    const datum = this.datum();
    const listing = this.foreignInput(jpg.listingAddress, 2_000_000n, [{ unit, quantity: 1n }], {
      hash: datum.hash,
      inline: datum.inline,
    });
    const inputs = this.select(w, price + 4_000_000n);
    if (!inputs) return this.unregister([unit]);
    const collateral = this.pickCollateral(w);
    if (!collateral) {
      w.utxos.push(...inputs);
      return this.unregister([unit]);
    }
    const { fee, size } = this.feeFor(inputs.length + 1, 4, 200, 1);
    const payments: DraftOutput[] = [
      { address: this.changeAddress(w), lovelace: 2_000_000n, assets: [{ unit, quantity: 1n }] },
      { address: seller, lovelace: price - marketFee },
      { address: this.jpgFee, lovelace: marketFee },
    ];
    const change = this.change([...inputs, listing], payments, fee);
    const tx = this.emit({
      inputs: [...inputs, listing],
      collateral: [collateral],
      outputs: [
        ...payments,
        { address: this.changeAddress(w), lovelace: change.lovelace, assets: change.assets },
      ],
      fee,
      size,
      scriptHashes: [jpg.listingScriptHash],
    });
    w.utxos.push(collateral); // a valid script transaction leaves its collateral untouched
    this.credit(tx);
    return true;
  }

  private pickCollateral(w: WalletState): SimOutput | null {
    const idx = w.utxos.findIndex((o) => !o.assets && o.lovelace >= 5_000_000n);
    if (idx < 0) return null;
    const o = w.utxos[idx]!;
    w.utxos[idx] = w.utxos[w.utxos.length - 1]!;
    w.utxos.pop();
    return o;
  }

  private dexOrder(w: WalletState): boolean {
    const p = this.prng;
    const dex = p.pick(this.options.scripts.dexes);
    const datum = dex.inlineDatum ? this.datum() : this.datumHash();
    // ADA → token, or a held token → another token or (about half the time) → ADA.
    const held = p.chance(0.3)
      ? this.heldToken(w, (unit, q) => q > 1n && this.marketUnits.includes(unit))
      : null;
    const wantUnit =
      held && p.chance(0.5) ? 'lovelace' : p.pick(this.marketUnits.filter((u) => u !== held?.unit));
    const out: DraftOutput = {
      address: dex.orderAddress,
      lovelace: 0n,
      dataHash: datum.hash,
      inlineDatum: dex.inlineDatum ? datum.inline : null,
    };
    let opts: PayOptions = { extra: 120 };
    if (held) {
      const qty = BigInt(Math.max(1, Math.floor(Number(held.quantity) * p.next())));
      out.lovelace = 4_000_000n;
      out.assets = [{ unit: held.unit, quantity: qty }];
      opts = { ...opts, unit: held.unit, quantity: qty };
    } else {
      out.lovelace = BigInt(p.range(5, 500)) * ADA + 4_000_000n;
    }
    if (dex.orderMessage) opts.metadata = [{ label: '674', json: { msg: dex.orderMessage } }];
    const tx = this.pay(w, [out], opts);
    if (!tx) return false;
    this.pendingOrders.push({
      output: tx.outputs[0]!,
      dex,
      placer: w,
      receiver: this.changeAddress(w),
      wantUnit,
      height: this.block!.height,
    });
    return true;
  }

  /** The DEX batcher fills (or, for about one in seven, refunds) an order placed in an earlier block. */
  private batch(o: PendingOrder): void {
    const p = this.prng;
    const batcherFee = 2_000_000n;
    const order = o.output;
    const fill = p.chance(0.85);
    o.outcome = fill ? 'fill' : 'refund';
    delete o.execution; // a rollback may have reopened an order filled before
    let exchange: { paid: bigint; received: bigint } | null = null;
    const batcherIn = this.foreignInput(this.batcher, BigInt(p.range(20, 200)) * ADA);
    const { fee, size } = this.feeFor(3, 4, 160, 2);
    const inputs: SimOutput[] = [order, batcherIn];
    const outputs: DraftOutput[] = [];
    const scripts = [o.dex.orderScriptHash];
    if (fill) {
      // The pool takes what the order offers (its ADA beyond batcher fee and deposit, or its token)
      // and pays the wanted unit; the receiver gets the deposit back with it.
      const toAda = o.wantUnit === 'lovelace';
      const got = toAda ? BigInt(p.range(1, 2_000)) * ADA : BigInt(p.range(10, 50_000_000));
      const poolAda = BigInt(p.range(1_000_000, 50_000_000)) * ADA;
      const poolTok = 10_000_000_000_000n;
      const poolAssets: TokenAmount[] = toAda ? [] : [{ unit: o.wantUnit, quantity: poolTok }];
      const offeredUnit = order.assets?.[0];
      if (offeredUnit) poolAssets.push({ unit: offeredUnit.unit, quantity: poolTok });
      const poolIn = this.foreignInput(o.dex.poolAddress, poolAda, poolAssets, this.datumHash());
      inputs.splice(1, 0, poolIn);
      scripts.push(o.dex.poolScriptHash);
      const offeredAda = order.lovelace - 2n * batcherFee;
      exchange = { paid: offeredUnit ? offeredUnit.quantity : offeredAda, received: got };
      const poolOut: TokenAmount[] = toAda ? [] : [{ unit: o.wantUnit, quantity: poolTok - got }];
      if (offeredUnit) poolOut.push({ unit: offeredUnit.unit, quantity: poolTok + offeredUnit.quantity });
      outputs.push({
        address: o.dex.poolAddress,
        lovelace: poolAda + offeredAda - (toAda ? got : 0n),
        assets: poolOut,
        dataHash: this.datumHash().hash,
      });
      outputs.push(
        toAda
          ? { address: o.receiver, lovelace: batcherFee + got }
          : { address: o.receiver, lovelace: batcherFee, assets: [{ unit: o.wantUnit, quantity: got }] },
      );
    } else {
      outputs.push({ address: o.receiver, lovelace: order.lovelace - batcherFee, assets: order.assets });
    }
    outputs.push({ address: this.batcher, lovelace: batcherIn.lovelace + batcherFee - fee });
    const tx = this.emit({
      inputs,
      collateral: [this.foreignInput(this.batcher, 5_000_000n)],
      outputs,
      fee,
      size,
      scriptHashes: scripts,
      metadata: o.dex.batchMessage ? [{ label: '674', json: { msg: o.dex.batchMessage } }] : undefined,
    });
    if (exchange) o.execution = { txHash: tx.hash, time: tx.block.time, ...exchange };
    this.credit(tx);
  }

  private stakeRegistration(w: WalletState): boolean {
    const stake = w.wallet.address;
    return (
      this.pay(w, [], {
        certs: [
          { kind: 'registration', stakeAddress: stake },
          { kind: 'delegation', stakeAddress: stake, poolId: this.prng.pick(this.pools) },
        ],
        deposit: STAKE_DEPOSIT,
      }) !== null
    );
  }

  private delegation(w: WalletState): boolean {
    if (w.wallet.kind !== 'stake' || !this.model.account(w.wallet.address)?.registered) return false;
    return (
      this.pay(w, [], {
        certs: [{ kind: 'delegation', stakeAddress: w.wallet.address, poolId: this.prng.pick(this.pools) }],
      }) !== null
    );
  }

  private rewardWithdrawal(w: WalletState): boolean {
    if (w.wallet.kind !== 'stake') return false;
    const acc = this.model.account(w.wallet.address);
    if (!acc?.registered) return false;
    const amount = this.model.withdrawable(acc);
    if (amount <= 0n) return false;
    return this.pay(w, [], { withdrawal: { stakeAddress: acc.stakeAddress, amount } }) !== null;
  }

  /** Deregistration refunds the deposit (negative `deposit`) and must empty the reward account. */
  private deregistration(w: WalletState): boolean {
    if (w.wallet.kind !== 'stake') return false;
    const acc = this.model.account(w.wallet.address);
    if (!acc?.registered) return false;
    const amount = this.model.withdrawable(acc);
    return (
      this.pay(w, [], {
        certs: [{ kind: 'deregistration', stakeAddress: acc.stakeAddress }],
        deposit: -STAKE_DEPOSIT,
        withdrawal: amount > 0n ? { stakeAddress: acc.stakeAddress, amount } : undefined,
      }) !== null
    );
  }

  /**
   * A Plutus transaction whose script fails (`valid_contract: false`): only the collateral moves, the
   * ledger keeps `total collateral` and returns the rest to the wallet; the regular inputs stay unspent.
   */
  private failedScript(w: WalletState): boolean {
    const target = this.options.scripts.failedScriptTarget;
    const collateral = this.pickCollateral(w);
    if (!collateral) return false;
    const regular = this.select(w, 3_000_000n);
    if (!regular) {
      w.utxos.push(collateral);
      return false;
    }
    const datum = this.datum();
    const scriptIn = this.foreignInput(target.address, 3_000_000n, null, {
      hash: datum.hash,
      inline: datum.inline,
    });
    const { fee, size } = this.feeFor(regular.length + 2, 3, 200, 1);
    const totalCollateral = (fee * 3n) / 2n;
    const intended = this.change([...regular, scriptIn], [], fee);
    const tx = this.emit({
      inputs: [...regular, scriptIn],
      collateral: [collateral],
      outputs: [
        { address: this.changeAddress(w), lovelace: intended.lovelace, assets: intended.assets },
        {
          address: this.changeAddress(w),
          lovelace: collateral.lovelace - totalCollateral,
          collateralReturn: true,
        },
      ],
      fee: totalCollateral,
      size,
      valid: false,
      scriptHashes: [target.scriptHash],
    });
    w.utxos.push(...regular); // not spent: the script failed
    this.credit(tx);
    return true;
  }
}
