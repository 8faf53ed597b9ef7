import { DailyBudgetExhaustedError } from '../chain/errors/daily-budget-exhausted.error.js';
import { RequestCounter } from '../chain/request-counter.js';
import type {
  CachedChainTransaction,
  ChainTransactionRepository,
} from '../db/repositories/chain-transaction-repository.js';
import type { SnapshotRepository } from '../db/repositories/snapshot-repository.js';
import type { OpenActionRow, TransactionRepository } from '../db/repositories/transaction-repository.js';
import type {
  ReconciliationResult,
  Wallet,
  WalletCursor,
  WalletRepository,
} from '../db/repositories/wallet-repository.js';
import { parseWalletAddress, type WalletAddress } from '../domain/address/wallet-address.js';
import type { Network } from '../domain/address/decode-address.js';
import type { TxUtxos } from '../domain/blockfrost-types.js';
import { needsDetails } from '../domain/ledger/needs-details.js';
import { parseTransaction } from '../domain/ledger/parse-transaction.js';
import type { ChainTransaction, OpenOrder, WalletRecord } from '../domain/ledger/types.js';
import { WalletSet } from '../domain/ledger/wallet-set.js';
import { linkActions, type LinkedAction, type OpenActionState } from '../domain/linking/link-actions.js';
import type { EventPublisher } from '../realtime/event-publisher.js';
import type { AccountState, SyncChainSource, TxDetailsWithBlock, TxRef } from './chain/sync-chain-source.js';
import type { HoldingSnapshotRow } from '../db/repositories/snapshot-repository.js';
import { AccountEventsLoader, type StoredAccountState } from './account-events-loader.js';
import { buildHoldingRows, utcDayStart } from './holdings-snapshots.js';
import { inferPlainDetails } from './infer-plain-details.js';
import { mapWithConcurrency } from './map-with-concurrency.js';
import { toNewWalletTransaction } from './record-mapper.js';
import { SyncProgress, type SyncPhase, type SyncProgressState } from './sync-progress.js';
import type { TokenMetadataSource } from './token-metadata-source.js';
import { WalletNotFoundError } from './wallet-not-found.error.js';

/** A chain source that can count one job's requests. */
export interface CountingChainSource extends SyncChainSource {
  withCounter(counter: RequestCounter): SyncChainSource;
}

export interface SyncLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface WalletSyncServiceOptions {
  /** Chain fetches in flight at once (`SYNC_CONCURRENCY`); all go through the shared token bucket. */
  concurrency: number;
  /** Transactions per database write (extended to a whole block). Default 500. */
  batchSize?: number;
  /** Reconcile an idle wallet when its last reconciliation is older than this. Default 24 h. */
  reconcileEveryMs?: number;
  /**
   * How a stake account's transactions are listed: `account` = `/accounts/{s}/transactions` (one
   * listing for every address, default); `addresses` = `/accounts/{s}/addresses` then each address.
   */
  stakeListing?: 'account' | 'addresses';
  network?: Network;
  /** Progress heartbeat while a sync runs. Default 1,000 ms. */
  progressIntervalMs?: number;
  /**
   * Read the fee of a plain wallet-funded transaction from its UTxOs instead of `/txs/{hash}` when that
   * is unambiguous (see inferPlainDetails). Default true.
   */
  inferPlainFees?: boolean;
  /**
   * After the records are written, fetch (`/assets/{asset}`, once per unit for the whole system) the
   * metadata of every token in the new flows or the holdings that is not stored yet. Default true
   * (needs the `tokenMetadata` dependency).
   */
  fetchTokenMetadata?: boolean;
}

export interface WalletSyncServiceDeps {
  chain: CountingChainSource;
  wallets: WalletRepository;
  transactions: TransactionRepository;
  snapshots: SnapshotRepository;
  chainTransactions: ChainTransactionRepository;
  /** Token names/tickers/decimals: read for descriptions, fetched for new units after the writes. */
  tokenMetadata?: TokenMetadataSource;
  events?: EventPublisher;
  logger?: SyncLogger;
  clock?: () => Date;
}

export interface SyncTarget {
  userId: string;
  walletId: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Called on every progress report (the CLI draws its bar from it). */
  onProgress?: (state: SyncProgressState) => void;
}

export interface WalletSyncReport {
  userId: string;
  walletId: string;
  walletAddress: string;
  /** `idle`: one probe said nothing is new. */
  outcome: 'idle' | 'synced';
  /** Transactions listed as new since the cursor. */
  newTransactions: number;
  recordsWritten: number;
  recordsDeleted: number;
  rollback: { fromHeight: number; toHeight: number } | null;
  cursor: WalletCursor | null;
  reconciliation: ReconciliationResult | null;
  /** `inferred`: wallet-funded plain transactions whose fee was read from their UTxOs (no /txs/{h}). */
  fetched: { utxos: number; details: number; cached: number; inferred: number };
  requests: { total: number; byEndpoint: Record<string, number> };
  /**
   * Token metadata of this run: `fetched` units that were not stored and now are (one `/assets/{asset}`
   * each, in `requests`, unless another job's fetch of the same unit was in flight and was shared);
   * `failed` units left for the next sync (budget spent, outage).
   */
  tokenMetadata: { fetched: number; failed: number };
  durationMs: number;
  /** Milliseconds per step: probe, listing, fetch (waiting for chain data), parse, write, snapshots, reconcile. */
  timingsMs: Record<string, number>;
}

const DAY_MS = 86_400_000;

interface Fetched {
  ref: TxRef;
  utxos: TxUtxos;
  details: TxDetailsWithBlock | null;
  blockHash: string;
}

/** Everything one run needs, built once at its start. */
interface RunContext {
  userId: string;
  wallet: Wallet;
  target: WalletAddress;
  walletSet: WalletSet;
  chain: SyncChainSource;
  counter: RequestCounter;
  signal: AbortSignal | undefined;
  progress: SyncProgress;
  stats: { utxos: number; details: number; cached: number; inferred: number };
  accountEvents: AccountEventsLoader | null;
  /** Milliseconds spent per step (summed over batches), for the report and the benchmark. */
  timings: Record<string, number>;
  /**
   * For a wallet never synced before, every record it has is written by this run: its daily flows and
   * balances are tallied in memory, sparing the aggregate queries. Null otherwise.
   */
  fresh: { daily: Map<string, bigint>; balances: Map<string, bigint> } | null;
  /** Token units of the flows written by this run. */
  newUnits: Set<string>;
  tokenStats: { fetched: number; failed: number };
}

async function timed<T>(
  ctx: { timings: Record<string, number> },
  step: string,
  fn: () => Promise<T>,
): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    ctx.timings[step] = (ctx.timings[step] ?? 0) + performance.now() - t0;
  }
}

/**
 * The sync pipeline for one wallet: probe → (rollback) → list new transactions → fetch each once for
 * the whole system (shared chain cache) → parse with the ledger core → write records and advance the
 * cursor in one database transaction per batch → holdings snapshots → reconciliation → events.
 * Re-running it after a crash at any point gives the same rows (idempotent upserts, cursor only over
 * complete blocks).
 */
export class WalletSyncService {
  private readonly o: Required<WalletSyncServiceOptions>;
  private readonly clock: () => Date;

  constructor(
    options: WalletSyncServiceOptions,
    private readonly deps: WalletSyncServiceDeps,
  ) {
    this.o = {
      batchSize: 500,
      reconcileEveryMs: DAY_MS,
      stakeListing: 'account',
      network: 'mainnet',
      progressIntervalMs: 1_000,
      inferPlainFees: true,
      fetchTokenMetadata: true,
      ...options,
    };
    this.clock = deps.clock ?? (() => new Date());
  }

  async sync(target: SyncTarget, options: RunOptions = {}): Promise<WalletSyncReport> {
    const started = Date.now();
    // The user's wallet set (the ledger needs all of it) includes this wallet: one query for both.
    const userWallets = await this.deps.wallets.list(target.userId);
    const wallet = userWallets.find((w) => w.id === target.walletId.toLowerCase());
    if (!wallet) throw new WalletNotFoundError(target.walletId);
    const counter = new RequestCounter();
    const progress = new SyncProgress((state) => {
      options.onProgress?.(state);
      void this.deps.events
        ?.publish(target.userId, 'sync_progress', {
          walletId: wallet.id,
          walletAddress: wallet.address,
          ...state,
        })
        .catch(() => undefined);
    }, this.o.progressIntervalMs);
    const ctx: RunContext = {
      userId: target.userId,
      wallet,
      target: parseWalletAddress(wallet.address, this.o.network),
      walletSet: new WalletSet(userWallets.map((w) => parseWalletAddress(w.address, this.o.network))),
      chain: this.deps.chain.withCounter(counter),
      counter,
      signal: options.signal,
      progress,
      stats: { utxos: 0, details: 0, cached: 0, inferred: 0 },
      accountEvents: null,
      timings: {},
      fresh:
        wallet.cursor === null && wallet.lastSyncedAt === null
          ? { daily: new Map(), balances: new Map() }
          : null,
      newUnits: new Set(),
      tokenStats: { fetched: 0, failed: 0 },
    };
    progress.start();
    let finalPhase: SyncPhase | undefined;
    try {
      const result = await this.run(ctx);
      finalPhase = 'done';
      return {
        userId: target.userId,
        walletId: wallet.id,
        walletAddress: wallet.address,
        ...result,
        fetched: ctx.stats,
        requests: { total: counter.total, byEndpoint: counter.snapshot() },
        tokenMetadata: ctx.tokenStats,
        durationMs: Date.now() - started,
        timingsMs: Object.fromEntries(Object.entries(ctx.timings).map(([k, v]) => [k, Math.round(v)])),
      };
    } finally {
      progress.stop(finalPhase);
    }
  }

  private async run(ctx: RunContext) {
    const { wallet, chain, signal, progress } = ctx;
    const cursor = wallet.cursor;
    const idleResult = (reconciliation: ReconciliationResult | null) => ({
      outcome: 'idle' as const,
      newTransactions: 0,
      recordsWritten: 0,
      recordsDeleted: 0,
      rollback: null,
      cursor,
      reconciliation,
    });

    // 1. One probe: the newest transaction. When it is the one stored at the cursor, nothing is new and
    //    no rollback touched this wallet's records: an idle re-sync costs this single request.
    progress.set('checking');
    let latest: TxRef | null | undefined;
    // (A first sync has nothing to compare with: it lists at once.)
    if (cursor !== null && (ctx.target.kind === 'payment' || this.o.stakeListing === 'account')) {
      latest = await timed(ctx, 'probe', () => chain.latestTx(ctx.target, signal));
      const idle =
        latest !== null &&
        latest.blockHeight === cursor.blockHeight &&
        (await this.storedAt(ctx, cursor.blockHeight)).has(latest.txHash);
      if (idle) {
        const now = this.clock();
        let reconciliation = wallet.reconciliation;
        // Also after a run that was killed between its last write and its reconciliation.
        if (this.reconciliationDue(wallet, cursor, now))
          reconciliation = await this.reconcile(ctx, null, cursor);
        const held = await this.syncSnapshots(ctx, now);
        await this.deps.wallets.setCursor(ctx.userId, wallet.id, cursor, now);
        // Units already stored cost nothing: an idle re-sync stays at its one request.
        await timed(ctx, 'tokens', () => this.ensureTokenMetadata(ctx, held));
        return idleResult(reconciliation);
      }
    }

    // 2. List from the cursor's block (inclusive): the cursor block's stored transactions must still be
    //    listed, else blocks were rolled back under us.
    progress.set('listing');
    let refs = await timed(ctx, 'listing', () => this.list(ctx, cursor?.blockHeight));
    let rollback: { fromHeight: number; toHeight: number } | null = null;
    let recordsDeleted = 0;
    if (cursor) {
      const stored = await this.storedAt(ctx, cursor.blockHeight);
      const listedAtCursor = new Set(
        refs.filter((r) => r.blockHeight === cursor.blockHeight).map((r) => r.txHash),
      );
      const lost = [...stored].some((h) => !listedAtCursor.has(h));
      const behind = latest !== undefined && (latest === null || latest.blockHeight < cursor.blockHeight);
      if (lost || behind) {
        progress.set('rollback');
        const common = await this.findCommonHeight(ctx, cursor.blockHeight);
        recordsDeleted = await this.deps.transactions.deleteAboveHeight(ctx.userId, wallet.address, common);
        if (common > 0) await this.deps.chainTransactions.deleteAboveHeight(common);
        rollback = { fromHeight: cursor.blockHeight, toHeight: common };
        this.deps.logger?.warn(
          {
            walletId: wallet.id,
            walletAddress: wallet.address,
            cursor,
            commonHeight: common,
            recordsDeleted,
          },
          'rollback detected: records above the last common block removed',
        );
        refs = await this.list(ctx, common + 1);
        // Records of blocks at or below the common height are stored; the cursor restarts there.
        const base = common > 0 ? await this.blockAt(ctx, common) : null;
        await this.deps.wallets.setCursor(ctx.userId, wallet.id, base, this.clock());
      } else {
        refs = refs.filter((r) => r.blockHeight > cursor.blockHeight);
      }
    }

    // 3. Account state (stake wallets), read right after the listing so it matches it: it decides which
    //    account-history listings are needed and serves the reconciliation.
    let account: AccountState | null | undefined;
    const accountEvents =
      ctx.target.kind === 'stake' ? new AccountEventsLoader(chain, wallet.address, signal) : null;
    ctx.accountEvents = accountEvents;
    if (accountEvents && refs.length > 0) {
      account = await chain.account(wallet.address, signal);
      await accountEvents.fromAccountState(account, previousAccountState(wallet));
    }

    // 4. Fetch, parse and write in batches of whole blocks, fetching the next batch while writing.
    const written = await this.processBatches(ctx, refs, accountEvents);

    // 5. Snapshots, reconciliation, events.
    const now = this.clock();
    const changed = written.records > 0 || recordsDeleted > 0;
    progress.set('snapshots');
    const finalCursor =
      written.cursor ??
      (rollback ? ((await this.deps.wallets.get(ctx.userId, wallet.id))?.cursor ?? null) : cursor);
    // Snapshots and reconciliation read the same stored records and are independent: run them together.
    const [held, reconciliation] = await Promise.all([
      timed(ctx, 'snapshots', () => this.syncSnapshots(ctx, now)),
      changed || refs.length > 0 || this.reconciliationDue(wallet, finalCursor, now)
        ? timed(ctx, 'reconcile', () => this.reconcile(ctx, account ?? null, finalCursor))
        : Promise.resolve(wallet.reconciliation),
    ]);
    // The last batch already stored this cursor (and the sync time) with its records.
    if (!written.cursor) await this.deps.wallets.setCursor(ctx.userId, wallet.id, finalCursor, now);
    // After the records are safe, before `wallet_updated`, so a dashboard refreshing on it sees names.
    await timed(ctx, 'tokens', () => this.ensureTokenMetadata(ctx, new Set([...ctx.newUnits, ...held])));
    if (changed) {
      await this.deps.events
        ?.publish(ctx.userId, 'wallet_updated', { walletId: wallet.id, walletAddress: wallet.address })
        .catch(() => undefined);
    }
    return {
      outcome: 'synced' as const,
      newTransactions: refs.length,
      recordsWritten: written.records,
      recordsDeleted,
      rollback,
      cursor: finalCursor,
      reconciliation,
    };
  }

  /** Stored hashes of this wallet at one block height. */
  private async storedAt(ctx: RunContext, height: number): Promise<Set<string>> {
    const rows = await this.deps.transactions.listRefs(ctx.userId, ctx.wallet.address, {
      minHeight: height,
      maxHeight: height,
    });
    return new Set(rows.map((r) => r.txHash));
  }

  /** The wallet's transactions from `fromHeight` (inclusive), in chain order, without duplicates. */
  private async list(ctx: RunContext, fromHeight: number | undefined): Promise<TxRef[]> {
    const { chain, target, signal } = ctx;
    let refs: TxRef[];
    if (target.kind === 'payment') {
      refs = await chain.addressTransactions(target.address, { fromHeight, signal });
    } else if (this.o.stakeListing === 'account') {
      refs = await chain.accountTransactions(target.address, { fromHeight, signal });
    } else {
      const addresses = await chain.accountAddresses(target.address, signal);
      const lists = await mapWithConcurrency(addresses, this.o.concurrency, (a) =>
        chain.addressTransactions(a, { fromHeight, signal }),
      );
      const byHash = new Map<string, TxRef>();
      for (const list of lists) for (const r of list) byHash.set(r.txHash, r);
      refs = [...byHash.values()];
    }
    return refs.sort((a, b) => a.blockHeight - b.blockHeight || a.txIndex - b.txIndex);
  }

  /**
   * Walks this wallet's stored records down from the cursor, one height at a time, until one is still
   * on chain in the same block: that height is the last common block. 0 when none survives.
   */
  private async findCommonHeight(ctx: RunContext, cursorHeight: number): Promise<number> {
    let maxHeight = cursorHeight;
    for (;;) {
      const rows = await this.deps.transactions.listRefs(ctx.userId, ctx.wallet.address, {
        maxHeight,
        limit: 50,
      });
      if (rows.length === 0) return 0;
      const checked = new Set<number>();
      for (const r of rows) {
        if (checked.has(r.blockHeight)) continue;
        checked.add(r.blockHeight);
        const tx = await ctx.chain.tx(r.txHash, ctx.signal);
        if (tx && tx.block_height === r.blockHeight) return r.blockHeight;
      }
      maxHeight = Math.min(...checked) - 1;
    }
  }

  /** The cursor for a block height (its hash from the chain). */
  private async blockAt(ctx: RunContext, height: number): Promise<WalletCursor | null> {
    const b = await ctx.chain.block(height, ctx.signal);
    return b ? { blockHeight: b.height, blockHash: b.hash } : null;
  }

  private async processBatches(
    ctx: RunContext,
    refs: TxRef[],
    accountEvents: AccountEventsLoader | null,
  ): Promise<{ records: number; cursor: WalletCursor | null; firstTime: Date | null }> {
    if (refs.length === 0) return { records: 0, cursor: null, firstTime: null };
    const batches = splitAtBlocks(refs, this.o.batchSize);
    const { progress } = ctx;
    progress.set('fetching', 0, refs.length);

    // The first batch's chain data is fetched while the open orders are read.
    let pending = this.fetchBatch(ctx, batches[0]!);
    pending.catch(() => undefined); // awaited below; never unhandled
    const openRows = await this.deps.transactions.openActions(ctx.userId);
    // Parse needs every open order of the user (any wallet may be the one a batcher pays); the linker
    // continues this wallet's own actions.
    let userOpenOrders: OpenOrder[] = openRows.map((r) => ({
      key: r.linkKey,
      walletAddress: r.walletAddress,
      action: r.actionType as OpenOrder['action'],
      protocol: r.protocol,
    }));
    let ownOpen: OpenActionState[] = openRows
      .filter((r) => r.walletAddress === ctx.wallet.address)
      .map((r) => openStateFromRow(r));

    let records = 0;
    let cursor: WalletCursor | null = null;
    let firstTime: Date | null = null;
    for (let i = 0; i < batches.length; i++) {
      const fetched = await timed(ctx, 'fetch', () => pending);
      if (i + 1 < batches.length) {
        pending = this.fetchBatch(ctx, batches[i + 1]!);
        pending.catch(() => undefined); // observed on the next iteration; never unhandled
      }
      ctx.signal?.throwIfAborted();

      await accountEvents?.fromDetails(fetched.map((f) => f.details));
      const parseStart = performance.now();
      const batchRecords: WalletRecord[] = [];
      for (const f of fetched) {
        const events = accountEvents?.eventsFor(f.ref.txHash);
        const tx: ChainTransaction = {
          hash: f.ref.txHash,
          blockHeight: f.ref.blockHeight,
          blockTime: f.ref.blockTime,
          txIndex: f.ref.txIndex,
          utxos: f.utxos,
          ...(f.details ? { details: f.details } : {}),
          ...(events ? { accountEvents: events } : {}),
        };
        // No token lookup for the descriptions on purpose: a stored description would then depend on
        // whether the token's metadata had arrived yet (a rerun after a crash, or another user's sync
        // of the same transaction, would describe it differently). Displays join the `tokens` table.
        const parsed = parseTransaction(tx, ctx.walletSet, { openOrders: userOpenOrders });
        for (const r of parsed) if (r.walletAddress === ctx.wallet.address) batchRecords.push(r);
      }
      const linked = linkActions(batchRecords, ownOpen);
      const actionOf = new Map<string, LinkedAction>();
      for (const a of linked.actions) for (const s of a.steps) actionOf.set(s.txHash, a);
      ownOpen = [
        ...ownOpen.filter((o) => !linked.actions.some((a) => a.linkKey === o.key)),
        ...linked.actions.filter((a) => a.status === 'open').map(openStateFromAction),
      ];
      const ownKeys = new Set(ownOpen.map((o) => o.key));
      userOpenOrders = [
        ...userOpenOrders.filter((o) => o.walletAddress !== ctx.wallet.address),
        ...linked.openOrders.filter((o) => ownKeys.has(o.key)),
      ];

      const rows = batchRecords.map((r) => toNewWalletTransaction(r, actionOf.get(r.txHash)));
      ctx.timings.parse = (ctx.timings.parse ?? 0) + performance.now() - parseStart;
      const last = fetched[fetched.length - 1]!;
      const batchCursor: WalletCursor = { blockHeight: last.ref.blockHeight, blockHash: last.blockHash };
      if (!batchCursor.blockHash) {
        const b = await this.blockAt(ctx, last.ref.blockHeight);
        batchCursor.blockHash = b?.blockHash ?? '';
      }
      progress.set('writing', progress.current.done, refs.length);
      const syncedAt = this.clock();
      // Records, flows, actions and the cursor advance: one atomic statement.
      const { written } = await timed(ctx, 'write', () =>
        this.deps.transactions.upsertBatchWithCursor(ctx.userId, ctx.wallet.address, rows, {
          walletId: ctx.wallet.id,
          blockHeight: batchCursor.blockHeight,
          blockHash: batchCursor.blockHash,
          syncedAt,
        }),
      );
      records += written;
      for (const r of rows) for (const f of r.flows) if (f.unit !== 'lovelace') ctx.newUnits.add(f.unit);
      if (ctx.fresh) {
        for (const r of rows) {
          const day = utcDayStart(r.txTimestamp).getTime();
          for (const f of r.flows) {
            const k = `${day}|${f.unit}`;
            ctx.fresh.daily.set(k, (ctx.fresh.daily.get(k) ?? 0n) + f.quantity);
            ctx.fresh.balances.set(f.unit, (ctx.fresh.balances.get(f.unit) ?? 0n) + f.quantity);
          }
        }
      }
      cursor = batchCursor;
      if (!firstTime && rows.length > 0) firstTime = rows[0]!.txTimestamp;
      progress.set('fetching', progress.current.done, refs.length);
    }
    return { records, cursor, firstTime };
  }

  /** Chain data of a batch: from the shared cache where present, else fetched (and cached). */
  private async fetchBatch(ctx: RunContext, batch: TxRef[]): Promise<Fetched[]> {
    const { chain, signal } = ctx;
    const cached = await this.deps.chainTransactions.getMany(batch.map((r) => r.txHash));
    const lastHash = batch[batch.length - 1]!.txHash;
    const toCache: CachedChainTransaction[] = [];
    const out = await mapWithConcurrency(batch, this.o.concurrency, async (ref) => {
      const hit = cached.get(ref.txHash);
      let utxos = hit?.utxos as TxUtxos | undefined;
      let details = (hit?.details ?? null) as TxDetailsWithBlock | null;
      let fetchedSomething = false;
      if (!utxos) {
        utxos = await chain.txUtxos(ref.txHash, signal);
        ctx.stats.utxos++;
        fetchedSomething = true;
      }
      // Details cost a request: only when the ledger needs the fee/deposit/validity and the UTxOs alone
      // cannot tell them (see inferPlainDetails), or for the batch's last transaction when its block
      // hash (the cursor) is not known otherwise.
      const isLast = ref.txHash === lastHash && !hit?.blockHash;
      let inferred: TxDetailsWithBlock | null = null;
      if (!details && !isLast && needsDetails(utxos, ctx.walletSet)) {
        const ownEvents = ctx.accountEvents?.eventsFor(ref.txHash);
        inferred = this.o.inferPlainFees && !ownEvents ? inferPlainDetails(utxos, ref.blockHeight) : null;
        if (inferred) ctx.stats.inferred++;
        else details = await this.fetchDetails(ctx, ref.txHash);
      } else if (!details && isLast) {
        details = await this.fetchDetails(ctx, ref.txHash);
      }
      if (details && !hit?.details) fetchedSomething = true;
      if (!fetchedSomething) ctx.stats.cached++;
      const blockHash = details?.block ?? hit?.blockHash ?? '';
      if (fetchedSomething) {
        toCache.push({
          txHash: ref.txHash,
          blockHeight: ref.blockHeight,
          blockHash,
          blockTime: ref.blockTime,
          txIndex: ref.txIndex,
          details,
          utxos,
          txMetadata: hit?.txMetadata ?? null,
        });
      }
      ctx.progress.advance();
      // Inferred facts are not cached: the shared cache holds only what Blockfrost answered.
      return { ref, utxos, details: details ?? inferred, blockHash };
    });
    if (toCache.length) await this.deps.chainTransactions.upsertMany(toCache);
    return out;
  }

  /** Reconcile when the last one is older than `reconcileEveryMs` or was made at another cursor. */
  private reconciliationDue(wallet: Wallet, cursor: WalletCursor | null, now: Date): boolean {
    const rec = wallet.reconciliation;
    if (!rec) return true;
    if (now.getTime() - new Date(rec.checkedAt).getTime() >= this.o.reconcileEveryMs) return true;
    const at = (rec.details as { cursorHeight?: number | null } | undefined)?.cursorHeight;
    return at !== (cursor?.blockHeight ?? null);
  }

  /**
   * Brings the wallet's holdings snapshots in line with its records: the rows are recomputed from the
   * daily flows (history back to the first transaction, plus today) and rewritten from the first day
   * that differs from what is stored. So a run killed after its writes but before its snapshots is
   * repaired by the next run, and an idle re-sync rewrites only today's rows.
   */
  private async fetchDetails(ctx: RunContext, hash: string): Promise<TxDetailsWithBlock | null> {
    const details = await ctx.chain.tx(hash, ctx.signal);
    if (details) ctx.stats.details++;
    return details;
  }

  /** Returns the token units the wallet holds now (from the same daily flows). */
  private async syncSnapshots(ctx: RunContext, now: Date): Promise<Set<string>> {
    const daily = ctx.fresh
      ? [...ctx.fresh.daily].map(([k, quantity]) => {
          const [day, unit] = k.split('|') as [string, string];
          return { day: new Date(Number(day)), unit, quantity };
        })
      : await this.deps.transactions.dailyFlows(ctx.userId, ctx.wallet.address);
    const expected = buildHoldingRows(daily, new Date(0), now);
    const total = new Map<string, bigint>();
    for (const d of daily) total.set(d.unit, (total.get(d.unit) ?? 0n) + d.quantity);
    const held = new Set([...total].filter(([u, q]) => q !== 0n && u !== 'lovelace').map(([u]) => u));
    // A wallet never synced before has no snapshot rows (every write also sets lastSyncedAt).
    const stored =
      ctx.wallet.lastSyncedAt === null
        ? []
        : await this.deps.snapshots.history(ctx.userId, ctx.wallet.address);
    const key = (r: HoldingSnapshotRow) => `${r.asOf.getTime()}|${r.tokenUnit}`;
    const want = new Map(expected.map((r) => [key(r), r]));
    const have = new Map(stored.map((r) => [key(r), r]));
    let from = Infinity;
    for (const [k, r] of want)
      if (have.get(k)?.quantity !== r.quantity) from = Math.min(from, r.asOf.getTime());
    for (const [k, r] of have) if (!want.has(k)) from = Math.min(from, r.asOf.getTime());
    if (from === Infinity) return held;
    await this.deps.snapshots.replaceFrom(
      ctx.userId,
      ctx.wallet.address,
      new Date(from),
      expected.filter((r) => r.asOf.getTime() >= from),
    );
    return held;
  }

  /**
   * Fetches and stores the metadata of the units not stored yet: one `/assets/{asset}` per new unit for
   * the whole system, counted in this job's requests. A failure never fails the sync: the unit is left
   * for the next one; a spent daily budget stops the fetching for this run.
   */
  private async ensureTokenMetadata(ctx: RunContext, units: ReadonlySet<string>): Promise<void> {
    const source = this.deps.tokenMetadata;
    if (!source || !this.o.fetchTokenMetadata || units.size === 0) return;
    let missing: string[];
    try {
      const known = await source.known([...units]);
      missing = [...units].filter((u) => u !== 'lovelace' && !known.has(u));
    } catch (error) {
      this.deps.logger?.warn({ err: error, walletId: ctx.wallet.id }, 'token metadata lookup failed');
      return;
    }
    if (missing.length === 0) return;
    let budgetSpent = false;
    const failed: Array<{ unit: string; error: string }> = [];
    await mapWithConcurrency(missing, this.o.concurrency, async (unit) => {
      if (budgetSpent || ctx.signal?.aborted) {
        failed.push({ unit, error: budgetSpent ? 'daily budget spent' : 'aborted' });
        return;
      }
      try {
        await source.ensure(unit, ctx.counter);
        ctx.tokenStats.fetched++;
      } catch (error) {
        if (error instanceof DailyBudgetExhaustedError) budgetSpent = true;
        failed.push({ unit, error: error instanceof Error ? error.message : String(error) });
      }
    });
    ctx.tokenStats.failed = failed.length;
    if (failed.length > 0) {
      this.deps.logger?.warn(
        {
          walletId: ctx.wallet.id,
          walletAddress: ctx.wallet.address,
          failedUnits: failed.length,
          fetchedUnits: ctx.tokenStats.fetched,
          first: failed[0],
        },
        'token metadata not fetched for some units; left for the next sync',
      );
    }
  }

  /**
   * Computed balance vs the chain's: stake account Σ net + withdrawable = controlled amount; payment
   * address Σ net per unit = its current amounts (every token compared). Stored on the wallet; a
   * mismatch is logged as a warning naming the amount.
   */
  private async reconcile(
    ctx: RunContext,
    known: AccountState | null,
    cursor: WalletCursor | null,
  ): Promise<ReconciliationResult> {
    ctx.progress.set('reconciling');
    const { wallet, chain, signal } = ctx;
    // The chain's figure and ours are read at the same time.
    const [balances, chainSide] = await Promise.all([
      ctx.fresh
        ? Promise.resolve(ctx.fresh.balances)
        : this.deps.transactions.balances(ctx.userId, wallet.address),
      ctx.target.kind === 'stake'
        ? known
          ? Promise.resolve(known)
          : chain.account(wallet.address, signal)
        : chain.addressAmounts(wallet.address, signal),
    ]);
    const sumNet = balances.get('lovelace') ?? 0n;
    let result: ReconciliationResult;
    if (ctx.target.kind === 'stake') {
      let account = chainSide as AccountState | null;
      let computed = sumNet + (account?.withdrawableAmount ?? 0n);
      if (account && computed !== account.controlledAmount && known) {
        // The state read before the fetches may predate blocks the listing did not see; read it again.
        account = await chain.account(wallet.address, signal);
        computed = sumNet + (account?.withdrawableAmount ?? 0n);
      }
      const chainAmount = account?.controlledAmount ?? 0n;
      result = {
        status: computed === chainAmount ? 'matched' : 'mismatch',
        computedLovelace: computed.toString(),
        chainLovelace: chainAmount.toString(),
        differenceLovelace: (chainAmount - computed).toString(),
        checkedAt: this.clock().toISOString(),
        details: {
          kind: 'stake',
          cursorHeight: cursor?.blockHeight ?? null,
          sumNetLovelace: sumNet.toString(),
          withdrawableLovelace: (account?.withdrawableAmount ?? 0n).toString(),
          account: account
            ? {
                withdrawalsSum: account.withdrawalsSum.toString(),
                active: account.active,
                poolId: account.poolId,
                activeEpoch: account.activeEpoch,
              }
            : null,
        },
      };
    } else {
      const amounts = chainSide as Map<string, bigint>;
      const chainAmount = amounts.get('lovelace') ?? 0n;
      const tokenMismatches: Record<string, { computed: string; chain: string }> = {};
      for (const unit of new Set([...balances.keys(), ...amounts.keys()])) {
        if (unit === 'lovelace') continue;
        const c = balances.get(unit) ?? 0n;
        const h = amounts.get(unit) ?? 0n;
        if (c !== h) tokenMismatches[unit] = { computed: c.toString(), chain: h.toString() };
      }
      const tokensOk = Object.keys(tokenMismatches).length === 0;
      result = {
        status: sumNet === chainAmount && tokensOk ? 'matched' : 'mismatch',
        computedLovelace: sumNet.toString(),
        chainLovelace: chainAmount.toString(),
        differenceLovelace: (chainAmount - sumNet).toString(),
        checkedAt: this.clock().toISOString(),
        details: {
          kind: 'payment',
          cursorHeight: cursor?.blockHeight ?? null,
          tokensCompared: amounts.size - (amounts.has('lovelace') ? 1 : 0),
          tokenMismatches,
        },
      };
    }
    await this.deps.wallets.setReconciliation(ctx.userId, wallet.id, result);
    if (result.status === 'mismatch') {
      this.deps.logger?.warn(
        {
          walletId: wallet.id,
          walletAddress: wallet.address,
          computedLovelace: result.computedLovelace,
          chainLovelace: result.chainLovelace,
          differenceLovelace: result.differenceLovelace,
          details: result.details,
        },
        `reconciliation mismatch: chain reports ${result.differenceLovelace} lovelace more than the records`,
      );
    }
    return result;
  }
}

function previousAccountState(wallet: Wallet): StoredAccountState | null {
  const details = wallet.reconciliation?.details as { account?: StoredAccountState | null } | undefined;
  return details?.account ?? null;
}

function openStateFromRow(r: OpenActionRow): OpenActionState {
  return {
    key: r.linkKey,
    walletAddress: r.walletAddress,
    action: r.actionType as OpenOrder['action'],
    protocol: r.protocol,
    blockTime: Math.floor(r.startedAt.getTime() / 1000),
    ...(r.orderTxHash ? { txHash: r.orderTxHash } : {}),
    ...(r.orderBlockHeight !== null ? { blockHeight: r.orderBlockHeight } : {}),
    flows: new Map(r.orderFlows.map((f) => [f.unit, f.quantity])),
  };
}

function openStateFromAction(a: LinkedAction): OpenActionState {
  const order = a.steps.find((s) => s.role === 'order');
  return {
    key: a.linkKey,
    walletAddress: a.walletAddress,
    action: a.actionType,
    protocol: a.protocol,
    blockTime: a.startedAt,
    ...(order ? { txHash: order.txHash, blockHeight: order.blockHeight } : {}),
    flows: a.flows,
  };
}

/** Batches of about `size` transactions that never split a block (the cursor only passes whole blocks). */
export function splitAtBlocks(refs: readonly TxRef[], size: number): TxRef[][] {
  const batches: TxRef[][] = [];
  let current: TxRef[] = [];
  for (let i = 0; i < refs.length; i++) {
    current.push(refs[i]!);
    const next = refs[i + 1];
    if (current.length >= size && (!next || next.blockHeight !== refs[i]!.blockHeight)) {
      batches.push(current);
      current = [];
    }
  }
  if (current.length) batches.push(current);
  return batches;
}
