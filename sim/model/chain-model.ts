import { addressInfo, type AddressInfo } from '../util/cardano-address.js';
import type { SimAccount, SimAsset, SimPool, SimBlock, SimOutput, SimTx, TokenAmount } from './types.js';

/**
 * The in-memory chain: blocks, transactions in chain order and the indexes every endpoint answers from.
 * Per address and per account it keeps a sorted array of transaction ordinals, so a paged listing is a
 * slice. Blocks are appended and rolled back at the tip only, so every index is a stack.
 */
export class ChainModel {
  readonly blocks: SimBlock[] = [];
  private readonly blockByHash = new Map<string, SimBlock>();
  private readonly blockByHeight = new Map<number, SimBlock>();
  readonly txs: SimTx[] = [];
  private readonly txByHash = new Map<string, SimTx>();
  private readonly addrTxs = new Map<string, number[]>();
  private readonly addrInfo = new Map<string, AddressInfo>();
  readonly accounts = new Map<string, SimAccount>();
  /** Per account: ordinals of transactions with a certificate or withdrawal of it. */
  private readonly accountEvents = new Map<string, number[]>();
  readonly assets = new Map<string, SimAsset>();
  /**
   * Stake pools of a generated chain. Empty for an imported recording, which models no epochs, pools
   * or rewards (their endpoints answer 404 there).
   */
  readonly pools = new Map<string, SimPool>();

  get tip(): SimBlock | undefined {
    return this.blocks[this.blocks.length - 1];
  }

  block(hashOrHeight: string): SimBlock | undefined {
    if (/^\d+$/.test(hashOrHeight)) return this.blockByHeight.get(Number(hashOrHeight));
    return this.blockByHash.get(hashOrHeight);
  }

  blockAfter(block: SimBlock): SimBlock | undefined {
    const i = this.blocks.indexOf(block);
    return i >= 0 ? this.blocks[i + 1] : undefined;
  }

  blockBefore(block: SimBlock): SimBlock | undefined {
    const i = this.blocks.indexOf(block);
    return i > 0 ? this.blocks[i - 1] : undefined;
  }

  tx(hash: string): SimTx | undefined {
    return this.txByHash.get(hash);
  }

  txOrdinalsOfAddress(address: string): readonly number[] | undefined {
    return this.addrTxs.get(address);
  }

  accountEventOrdinals(stakeAddress: string): readonly number[] {
    return this.accountEvents.get(stakeAddress) ?? [];
  }

  info(address: string): AddressInfo {
    let info = this.addrInfo.get(address);
    if (!info) {
      info = addressInfo(address);
      this.addrInfo.set(address, info);
    }
    return info;
  }

  /** Registers what the generator already knows about an address (skips a bech32 decode). */
  setInfo(address: string, info: AddressInfo): void {
    this.addrInfo.set(address, info);
  }

  account(stakeAddress: string): SimAccount | undefined {
    return this.accounts.get(stakeAddress);
  }

  /** Appends a block (its transactions already carry block, index and ordinal). */
  addBlock(block: SimBlock): void {
    const txs = block.txs;
    block.txs = [];
    this.beginBlock(block);
    for (const tx of txs) this.appendTx(tx);
  }

  /** Opens a new tip block; transactions follow with `appendTx` (the generator applies them as it builds). */
  beginBlock(block: SimBlock): void {
    this.blocks.push(block);
    this.blockByHash.set(block.hash, block);
    this.blockByHeight.set(block.height, block);
  }

  appendTx(tx: SimTx): void {
    tx.block.txs.push(tx);
    this.applyTx(tx);
  }

  /** Inserts a block that is not at the tip (recordings hold scattered blocks). */
  addRecordedBlock(block: SimBlock): void {
    this.blocks.push(block);
    this.blocks.sort((a, b) => a.height - b.height);
    this.blockByHash.set(block.hash, block);
    this.blockByHeight.set(block.height, block);
  }

  nextOrdinal(): number {
    return this.txs.length;
  }

  applyTx(tx: SimTx): void {
    if (tx.ordinal !== this.txs.length)
      throw new Error(`tx ${tx.hash}: ordinal ${tx.ordinal} != ${this.txs.length}`);
    this.txs.push(tx);
    this.txByHash.set(tx.hash, tx);
    const ord = tx.ordinal;
    const spent = tx.validContract ? tx.inputs : tx.collateralInputs;
    for (const input of spent) {
      input.consumedBy = tx;
      const stake = this.info(input.address).stakeAddress;
      if (stake) this.ensureAccount(stake).utxoLovelace -= input.lovelace;
    }
    for (const input of tx.inputs) this.touch(input.address, ord);
    for (const input of tx.collateralInputs) this.touch(input.address, ord);
    for (const output of tx.outputs) {
      this.touch(output.address, ord);
      if (output.created) {
        const stake = this.info(output.address).stakeAddress;
        if (stake) this.ensureAccount(stake).utxoLovelace += output.lovelace;
      }
    }
    if (tx.validContract) {
      const evented = new Set<string>();
      for (const cert of tx.certs) evented.add(cert.stakeAddress);
      for (const w of tx.withdrawals) evented.add(w.stakeAddress);
      for (const stake of evented) {
        const acc = this.ensureAccount(stake);
        if (acc.txOrdinals[acc.txOrdinals.length - 1] !== ord) acc.txOrdinals.push(ord);
        let events = this.accountEvents.get(stake);
        if (!events) this.accountEvents.set(stake, (events = []));
        events.push(ord);
        this.recomputeAccountState(acc);
      }
      for (const mint of tx.mints) {
        const asset = this.assets.get(mint.unit);
        if (!asset) continue; // the generator registers assets before minting them
        asset.supply += mint.quantity;
        asset.mintOrdinals.push(ord);
      }
    }
  }

  /** Indexes transaction `ord` under an address and its stake account (once per transaction). */
  private touch(address: string, ord: number): void {
    let list = this.addrTxs.get(address);
    const stake = this.info(address).stakeAddress;
    if (!list) {
      list = [];
      this.addrTxs.set(address, list);
      if (stake) this.ensureAccount(stake).addresses.push(address);
    }
    if (list[list.length - 1] !== ord) list.push(ord);
    if (stake) {
      const acc = this.ensureAccount(stake);
      if (acc.txOrdinals[acc.txOrdinals.length - 1] !== ord) acc.txOrdinals.push(ord);
    }
  }

  /** Drops the last `depth` blocks and everything they did. Returns the dropped blocks, oldest first. */
  rollback(depth: number): SimBlock[] {
    const dropped: SimBlock[] = [];
    for (let i = 0; i < depth && this.blocks.length > 1; i++) {
      const block = this.blocks.pop()!;
      this.blockByHash.delete(block.hash);
      this.blockByHeight.delete(block.height);
      for (let t = block.txs.length - 1; t >= 0; t--) this.unapplyTx(block.txs[t]!);
      dropped.unshift(block);
    }
    const tipHeight = this.tip?.height ?? 0;
    for (const acc of this.accounts.values()) {
      while (acc.rewards.length && acc.rewards[acc.rewards.length - 1]!.atHeight > tipHeight)
        acc.rewards.pop();
      while (acc.history.length && acc.history[acc.history.length - 1]!.atHeight > tipHeight)
        acc.history.pop();
    }
    return dropped;
  }

  private unapplyTx(tx: SimTx): void {
    const ord = tx.ordinal;
    if (this.txs[this.txs.length - 1] !== tx) throw new Error('rollback out of order');
    this.txs.pop();
    this.txByHash.delete(tx.hash);
    const untouch = (address: string): void => {
      const list = this.addrTxs.get(address);
      if (list && list[list.length - 1] === ord) list.pop();
      const stake = this.info(address).stakeAddress;
      if (list && list.length === 0) {
        this.addrTxs.delete(address);
        if (stake) {
          const acc = this.accounts.get(stake);
          if (acc) acc.addresses = acc.addresses.filter((a) => a !== address);
        }
      }
      if (stake) {
        const acc = this.accounts.get(stake);
        if (acc && acc.txOrdinals[acc.txOrdinals.length - 1] === ord) acc.txOrdinals.pop();
      }
    };
    for (const output of tx.outputs) {
      if (output.created) {
        const stake = this.info(output.address).stakeAddress;
        if (stake) this.ensureAccount(stake).utxoLovelace -= output.lovelace;
      }
      untouch(output.address);
    }
    for (const input of tx.collateralInputs) untouch(input.address);
    for (const input of tx.inputs) untouch(input.address);
    const spent = tx.validContract ? tx.inputs : tx.collateralInputs;
    for (const input of spent) {
      input.consumedBy = null;
      const stake = this.info(input.address).stakeAddress;
      if (stake) this.ensureAccount(stake).utxoLovelace += input.lovelace;
    }
    if (tx.validContract) {
      const evented = new Set<string>();
      for (const cert of tx.certs) evented.add(cert.stakeAddress);
      for (const w of tx.withdrawals) evented.add(w.stakeAddress);
      for (const stake of evented) {
        const acc = this.accounts.get(stake);
        if (!acc) continue;
        if (acc.txOrdinals[acc.txOrdinals.length - 1] === ord) acc.txOrdinals.pop();
        const events = this.accountEvents.get(stake);
        if (events && events[events.length - 1] === ord) events.pop();
        this.recomputeAccountState(acc);
      }
      for (const mint of tx.mints) {
        const asset = this.assets.get(mint.unit);
        if (!asset) continue;
        asset.supply -= mint.quantity;
        if (asset.mintOrdinals[asset.mintOrdinals.length - 1] === ord) asset.mintOrdinals.pop();
      }
    }
    for (const [stake, acc] of this.accounts) {
      if (acc.txOrdinals.length === 0 && !acc.recorded && acc.rewards.length === 0)
        this.accounts.delete(stake);
    }
  }

  ensureAccount(stakeAddress: string): SimAccount {
    let acc = this.accounts.get(stakeAddress);
    if (!acc) {
      acc = {
        stakeAddress,
        addresses: [],
        txOrdinals: [],
        utxoLovelace: 0n,
        registered: false,
        poolId: null,
        activeEpoch: null,
        rewards: [],
        history: [],
      };
      this.accounts.set(stakeAddress, acc);
    }
    return acc;
  }

  /** Registration and delegation state from the account's certificates, in chain order. */
  private recomputeAccountState(acc: SimAccount): void {
    acc.registered = false;
    acc.poolId = null;
    acc.activeEpoch = null;
    for (const ord of this.accountEvents.get(acc.stakeAddress) ?? []) {
      const tx = this.txs[ord]!;
      for (const cert of tx.certs) {
        if (cert.stakeAddress !== acc.stakeAddress) continue;
        if (cert.kind === 'registration') acc.registered = true;
        else if (cert.kind === 'deregistration') {
          acc.registered = false;
          acc.poolId = null;
          acc.activeEpoch = null;
        } else if (cert.kind === 'delegation') {
          acc.poolId = cert.poolId ?? null;
          acc.activeEpoch = tx.block.epoch + 2;
        }
      }
    }
  }

  // ---- derived figures -------------------------------------------------------------------------

  withdrawalsSum(acc: SimAccount): bigint {
    let sum = 0n;
    for (const ord of this.accountEventOrdinals(acc.stakeAddress)) {
      for (const w of this.txs[ord]!.withdrawals) if (w.stakeAddress === acc.stakeAddress) sum += w.amount;
    }
    return sum;
  }

  rewardsSum(acc: SimAccount): bigint {
    if (acc.recorded) return acc.recorded.rewardsSum;
    let sum = 0n;
    for (const r of acc.rewards) sum += r.amount;
    return sum;
  }

  withdrawable(acc: SimAccount): bigint {
    if (acc.recorded) return acc.recorded.withdrawableAmount;
    return this.rewardsSum(acc) - this.withdrawalsSum(acc);
  }

  /** Unspent outputs at an address, in chain order. */
  utxosOf(address: string): SimOutput[] {
    const out: SimOutput[] = [];
    for (const ord of this.addrTxs.get(address) ?? []) {
      for (const o of this.txs[ord]!.outputs) {
        if (o.address === address && o.created && o.consumedBy === null) out.push(o);
      }
    }
    return out;
  }

  /** Sum of unspent outputs at an address, lovelace first. */
  balanceOf(address: string): Map<string, bigint> {
    const sum = new Map<string, bigint>([['lovelace', 0n]]);
    for (const o of this.utxosOf(address)) addValue(sum, o, 1n);
    return sum;
  }

  /** Received and sent sums of an address (Blockfrost `/addresses/{a}/total`). */
  totalsOf(
    addresses: ReadonlySet<string>,
    ordinals: Iterable<number>,
  ): { received: Map<string, bigint>; sent: Map<string, bigint>; count: number } {
    const received = new Map<string, bigint>([['lovelace', 0n]]);
    const sent = new Map<string, bigint>([['lovelace', 0n]]);
    let count = 0;
    for (const ord of ordinals) {
      const tx = this.txs[ord]!;
      count++;
      for (const o of tx.outputs) if (o.created && addresses.has(o.address)) addValue(received, o, 1n);
      for (const i of tx.validContract ? tx.inputs : tx.collateralInputs)
        if (addresses.has(i.address)) addValue(sent, i, 1n);
    }
    return { received, sent, count };
  }
}

export function addValue(
  sum: Map<string, bigint>,
  value: { lovelace: bigint; assets: TokenAmount[] | null },
  sign: bigint,
): void {
  sum.set('lovelace', (sum.get('lovelace') ?? 0n) + sign * value.lovelace);
  if (value.assets)
    for (const a of value.assets) sum.set(a.unit, (sum.get(a.unit) ?? 0n) + sign * a.quantity);
}

/** Blockfrost's amount array: lovelace first, zero token entries dropped. */
export function amountJson(sum: Map<string, bigint>): Array<{ unit: string; quantity: string }> {
  const out: Array<{ unit: string; quantity: string }> = [];
  for (const [unit, q] of sum) {
    if (unit !== 'lovelace' && q === 0n) continue;
    out.push({ unit, quantity: q.toString() });
  }
  return out;
}

export function outputAmountJson(o: {
  lovelace: bigint;
  assets: TokenAmount[] | null;
}): Array<{ unit: string; quantity: string }> {
  const out = [{ unit: 'lovelace', quantity: o.lovelace.toString() }];
  if (o.assets) for (const a of o.assets) out.push({ unit: a.unit, quantity: a.quantity.toString() });
  return out;
}
