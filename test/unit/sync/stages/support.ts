import type { NewWalletTransaction } from '../../../../src/db/repositories/transaction-repository.js';
import type { CachedChainTransaction } from '../../../../src/db/repositories/chain-transaction-repository.js';
import { RequestCounter } from '../../../../src/chain/request-counter.js';
import type { Wallet, WalletCursor } from '../../../../src/db/repositories/wallet-repository.js';
import { parseWalletAddress } from '../../../../src/domain/address/wallet-address.js';
import type { ChainTransaction } from '../../../../src/domain/ledger/types.js';
import { WalletSet } from '../../../../src/domain/ledger/wallet-set.js';
import type {
  AccountState,
  ListingQuery,
  SyncChainSource,
  TxDetailsWithBlock,
  TxRef,
} from '../../../../src/sync/chain/sync-chain-source.js';
import type { SyncRun } from '../../../../src/sync/stages/sync-run.js';
import { SyncProgress } from '../../../../src/sync/sync-progress.js';

export const blockHash = (height: number) => height.toString(16).padStart(64, '0');

/** An in-memory chain of the given transactions (each its own block height), every read logged. */
export class FakeSyncChain implements SyncChainSource {
  calls: string[] = [];
  account_: AccountState | null = null;
  amounts = new Map<string, bigint>();
  addresses: string[] = [];
  constructor(public txs: ChainTransaction[]) {}

  private ref(t: ChainTransaction): TxRef {
    return { txHash: t.hash, blockHeight: t.blockHeight, txIndex: t.txIndex, blockTime: t.blockTime };
  }
  private touches(t: ChainTransaction, address: string): boolean {
    return [...t.utxos.inputs, ...t.utxos.outputs].some((io) => io.address === address);
  }
  async latestTx(wallet: { address: string }): Promise<TxRef | null> {
    this.calls.push('latestTx');
    const mine = this.txs.filter((t) => this.touches(t, wallet.address));
    return mine.length ? this.ref(mine[mine.length - 1]!) : null;
  }
  async accountTransactions(stake: string, q: ListingQuery): Promise<TxRef[]> {
    this.calls.push('accountTransactions');
    return this.txs.filter((t) => t.blockHeight >= (q.fromHeight ?? 0)).map((t) => this.ref(t));
  }
  async accountAddresses(): Promise<string[]> {
    this.calls.push('accountAddresses');
    return this.addresses;
  }
  async addressTransactions(address: string, q: ListingQuery): Promise<TxRef[]> {
    this.calls.push(`addressTransactions:${address.slice(-6)}`);
    return this.txs
      .filter((t) => t.blockHeight >= (q.fromHeight ?? 0) && this.touches(t, address))
      .map((t) => this.ref(t));
  }
  async txUtxos(hash: string) {
    this.calls.push(`utxos:${hash.slice(0, 6)}`);
    const t = this.txs.find((x) => x.hash === hash);
    if (!t) throw new Error(`no tx ${hash}`);
    return t.utxos;
  }
  async tx(hash: string): Promise<TxDetailsWithBlock | null> {
    this.calls.push(`tx:${hash.slice(0, 6)}`);
    const t = this.txs.find((x) => x.hash === hash);
    if (!t) return null;
    return {
      fees: '170000',
      deposit: '0',
      valid_contract: true,
      withdrawal_count: 0,
      stake_cert_count: 0,
      delegation_count: 0,
      ...t.details,
      block: blockHash(t.blockHeight),
      block_height: t.blockHeight,
    };
  }
  async block(h: string | number) {
    this.calls.push(`block:${h}`);
    const height = Number(h);
    return this.txs.some((t) => t.blockHeight === height) ? { hash: blockHash(height), height } : null;
  }
  async account(): Promise<AccountState | null> {
    this.calls.push('account');
    return this.account_;
  }
  async addressAmounts(): Promise<Map<string, bigint>> {
    this.calls.push('addressAmounts');
    return this.amounts;
  }
  async accountRegistrations() {
    this.calls.push('registrations');
    return [];
  }
  async accountDelegations() {
    this.calls.push('delegations');
    return [];
  }
  async accountWithdrawals() {
    this.calls.push('withdrawals');
    return [];
  }
}

export function wallet(address: string, over: Partial<Wallet> = {}): Wallet {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    userId: '00000000-0000-4000-8000-0000000000aa',
    address,
    kind: address.startsWith('stake') ? 'stake' : 'payment',
    label: null,
    cursor: null,
    lastSyncedAt: null,
    reconciliation: null,
    rewardsEpoch: null,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    ...over,
  };
}

/** A run of one wallet over a fake chain, as openSyncRun builds it (progress reported nowhere). */
export function makeRun(
  chain: SyncChainSource,
  w: Wallet,
  opts: { fresh?: boolean; cursor?: WalletCursor | null } = {},
): SyncRun {
  const target = parseWalletAddress(w.address, 'mainnet');
  return {
    userId: w.userId,
    wallet: w,
    target,
    walletSet: new WalletSet([target]),
    chain,
    counter: new RequestCounter(),
    signal: undefined,
    progress: new SyncProgress(() => undefined, 60_000),
    stats: { utxos: 0, details: 0, cached: 0, inferred: 0 },
    accountEvents: null,
    timings: {},
    fresh: opts.fresh ? { daily: new Map(), balances: new Map() } : null,
    newUnits: new Set(),
    tokenStats: { fetched: 0, failed: 0 },
  };
}

/** In-memory wallet records: the part of TransactionRepository the stages use. */
export class MemoryRecords {
  rows = new Map<string, NewWalletTransaction>();
  cursor: { blockHeight: number; blockHash: string } | null = null;
  writes = 0;

  async listRefs(
    _userId: string,
    _address: string,
    range: { minHeight?: number; maxHeight?: number; limit?: number },
  ) {
    return [...this.rows.values()]
      .filter(
        (r) => r.blockHeight >= (range.minHeight ?? 0) && r.blockHeight <= (range.maxHeight ?? Infinity),
      )
      .sort((a, b) => b.blockHeight - a.blockHeight)
      .slice(0, range.limit ?? Infinity)
      .map((r) => ({ txHash: r.txHash, blockHeight: r.blockHeight }));
  }
  async deleteAboveHeight(_userId: string, _address: string, height: number) {
    let n = 0;
    for (const [h, r] of this.rows)
      if (r.blockHeight > height) {
        this.rows.delete(h);
        n++;
      }
    return n;
  }
  async upsertBatchWithCursor(
    _userId: string,
    _address: string,
    rows: NewWalletTransaction[],
    cursor: { blockHeight: number; blockHash: string },
  ) {
    this.writes++;
    for (const r of rows) this.rows.set(r.txHash, r);
    this.cursor = { blockHeight: cursor.blockHeight, blockHash: cursor.blockHash };
    return { written: rows.length, cursorMoved: true };
  }
  async openActions() {
    return [];
  }
  async balances() {
    const out = new Map<string, bigint>();
    for (const r of this.rows.values())
      for (const f of r.flows) out.set(f.unit, (out.get(f.unit) ?? 0n) + f.quantity);
    return out;
  }
  async dailyFlows() {
    const out = new Map<string, { day: Date; unit: string; quantity: bigint }>();
    for (const r of this.rows.values()) {
      const day = new Date(Math.floor(r.txTimestamp.getTime() / 86_400_000) * 86_400_000);
      for (const f of r.flows) {
        const k = `${day.getTime()}|${f.unit}`;
        const e = out.get(k) ?? { day, unit: f.unit, quantity: 0n };
        e.quantity += f.quantity;
        out.set(k, e);
      }
    }
    return [...out.values()].sort((a, b) => a.day.getTime() - b.day.getTime());
  }
}

/** In-memory shared chain cache. */
export class MemoryChainCache {
  entries = new Map<string, CachedChainTransaction>();
  async getMany(hashes: string[]) {
    return new Map(hashes.flatMap((h) => (this.entries.has(h) ? [[h, this.entries.get(h)!] as const] : [])));
  }
  async upsertMany(entries: CachedChainTransaction[]) {
    for (const e of entries) this.entries.set(e.txHash, e);
  }
  async deleteAboveHeight(height: number) {
    let n = 0;
    for (const [h, e] of this.entries)
      if (e.blockHeight > height) {
        this.entries.delete(h);
        n++;
      }
    return n;
  }
}
