import type { ReconciliationResult, WalletCursor } from '../db/repositories/wallet-repository.js';
import { loadAccountState } from './stages/account-state.stage.js';
import { BatchPipeline } from './stages/batch-pipeline.js';
import { FetchStage } from './stages/fetch.stage.js';
import { ListStage } from './stages/list.stage.js';
import { ProbeStage } from './stages/probe.stage.js';
import { PublishStage } from './stages/publish.stage.js';
import { ReconcileStage } from './stages/reconcile.stage.js';
import { RewardsStage } from './stages/rewards.stage.js';
import { RollbackStage } from './stages/rollback.stage.js';
import { SnapshotsStage } from './stages/snapshots.stage.js';
import { openSyncRun } from './stages/open-sync-run.js';
import { timed, type SyncRun } from './stages/sync-run.js';
import { TokenMetadataStage } from './stages/token-metadata.stage.js';
import { WriteStage } from './stages/write.stage.js';
import { OwnTransferLabels } from './own-transfer-labels.js';
import type { SyncPhase } from './sync-progress.js';
import type {
  RunOptions,
  SyncTarget,
  WalletSyncReport,
  WalletSyncServiceDeps,
  WalletSyncServiceOptions,
} from './wallet-sync.types.js';

export { splitAtBlocks } from './stages/batch-pipeline.js';
export type * from './wallet-sync.types.js';

const DAY_MS = 86_400_000;

type RunResult = Pick<
  WalletSyncReport,
  | 'outcome'
  | 'newTransactions'
  | 'recordsWritten'
  | 'recordsDeleted'
  | 'rollback'
  | 'cursor'
  | 'reconciliation'
  | 'rewards'
>;

/**
 * The sync pipeline for one wallet, as named stages (src/sync/stages/): probe → list → (rollback) →
 * account state → fetch, parse and write in batches → snapshots ∥ (rewards → reconcile) → token
 * metadata → publish. Re-running it after a crash at any point gives the same rows (idempotent upserts,
 * the cursor only over complete blocks, rewards written per read in one transaction).
 */
export class WalletSyncService {
  private readonly clock: () => Date;
  private readonly progressIntervalMs: number;
  private readonly network: NonNullable<WalletSyncServiceOptions['network']>;
  private readonly probe: ProbeStage;
  private readonly listing: ListStage;
  private readonly rollback: RollbackStage;
  private readonly pipeline: BatchPipeline;
  private readonly snapshots: SnapshotsStage;
  private readonly rewards: RewardsStage;
  private readonly reconcile: ReconcileStage;
  private readonly tokens: TokenMetadataStage;
  private readonly publish: PublishStage;
  private readonly ownTransfers: OwnTransferLabels;

  constructor(
    options: WalletSyncServiceOptions,
    private readonly deps: WalletSyncServiceDeps,
  ) {
    const stakeListing = options.stakeListing ?? 'account';
    const { concurrency } = options;
    const clock = (this.clock = deps.clock ?? (() => new Date()));
    const logger = deps.logger ? { logger: deps.logger } : {};
    this.progressIntervalMs = options.progressIntervalMs ?? 1_000;
    this.network = options.network ?? 'mainnet';
    this.probe = new ProbeStage(deps.transactions, stakeListing);
    this.listing = new ListStage(stakeListing, concurrency);
    this.rollback = new RollbackStage({ ...deps, ...logger, list: this.listing, clock });
    const fetch = new FetchStage(deps.chainTransactions, {
      concurrency,
      inferPlainFees: options.inferPlainFees ?? true,
    });
    const write = new WriteStage(deps.transactions, clock);
    this.pipeline = new BatchPipeline({ ...deps, fetch, write, batchSize: options.batchSize ?? 500 });
    this.snapshots = new SnapshotsStage(deps.transactions, deps.snapshots);
    this.rewards = new RewardsStage(deps.rewards);
    this.reconcile = new ReconcileStage({
      ...deps,
      ...logger,
      rewards: this.rewards,
      clock,
      reconcileEveryMs: options.reconcileEveryMs ?? DAY_MS,
    });
    this.tokens = new TokenMetadataStage(deps.tokenMetadata, {
      enabled: options.fetchTokenMetadata ?? true,
      concurrency,
      ...logger,
    });
    this.publish = new PublishStage(deps.events);
    this.ownTransfers = new OwnTransferLabels({ ...deps, network: this.network });
  }

  /**
   * After a wallet of the user was removed: its internal transfers with the user's other wallets are
   * sends and receives again. Returns how many records changed label.
   */
  afterWalletRemoved(userId: string): Promise<number> {
    return this.ownTransfers.afterRemoval(userId);
  }

  async sync(target: SyncTarget, options: RunOptions = {}): Promise<WalletSyncReport> {
    const started = Date.now();
    const run = await openSyncRun(this.deps, target, options, {
      network: this.network,
      progressIntervalMs: this.progressIntervalMs,
    });
    let finalPhase: SyncPhase | undefined;
    run.progress.start();
    try {
      const result = await this.run(run);
      finalPhase = 'done';
      return {
        userId: target.userId,
        walletId: run.wallet.id,
        walletAddress: run.wallet.address,
        ...result,
        fetched: run.stats,
        requests: { total: run.counter.total, byEndpoint: run.counter.snapshot() },
        tokenMetadata: run.tokenStats,
        durationMs: Date.now() - started,
        timingsMs: Object.fromEntries(Object.entries(run.timings).map(([k, v]) => [k, Math.round(v)])),
      };
    } finally {
      run.progress.stop(finalPhase);
    }
  }

  private async run(run: SyncRun): Promise<RunResult> {
    const { wallet, progress } = run;
    const cursor = wallet.cursor;
    const probe = await this.probe.run(run);
    if (probe.idle && cursor) {
      const now = this.clock();
      const rewards = await this.rewards.read(run);
      // Also after a run that was killed between its last write and its reconciliation.
      const reconciliation = this.reconcile.due(wallet, cursor, now)
        ? await timed(run, 'reconcile', () => this.reconcile.run(run, null, cursor))
        : wallet.reconciliation;
      const held = await timed(run, 'snapshots', () => this.snapshots.run(run, now));
      await this.deps.wallets.setCursor(run.userId, wallet.id, cursor, now);
      await timed(run, 'tokens', () => this.tokens.run(run, held));
      await this.publish.run(run, (rewards?.newRewards ?? 0) > 0);
      return { ...nothingNew(cursor), reconciliation, rewards };
    }

    progress.set('listing');
    const listed = await timed(run, 'listing', () => this.listing.list(run, cursor?.blockHeight));
    const { refs, rollback, recordsDeleted } = await this.rollback.resolve(run, listed, probe.latest);
    if (rollback) await this.rewards.chainRolledBack();
    const account = await loadAccountState(run, refs.length);
    const written = await this.pipeline.run(run, refs);
    // A user with one wallet has no other records to relabel: no query.
    if (written.records > 0 && run.walletSet.wallets.length > 1) {
      // The user's other wallets' records of these transactions were labelled without this wallet
      // (linked after them): a send to it is an internal transfer. The records this run wrote: above
      // the last common block after a rollback, above the old cursor, or all of them on a first sync.
      const above = rollback ? rollback.toHeight : (cursor?.blockHeight ?? null);
      await timed(run, 'labels', () =>
        this.ownTransfers.afterWrite(run.userId, wallet, above, run.walletSet),
      );
    }

    const now = this.clock();
    const changed = written.records > 0 || recordsDeleted > 0;
    progress.set('snapshots');
    const finalCursor =
      written.cursor ??
      (rollback ? ((await this.deps.wallets.get(run.userId, wallet.id))?.cursor ?? null) : cursor);
    // Snapshots read the stored records; rewards then reconciliation read the chain: run them together.
    const [held, { rewards, reconciliation }] = await Promise.all([
      timed(run, 'snapshots', () => this.snapshots.run(run, now)),
      this.rewardsThenReconcile(run, account ?? null, finalCursor, changed || refs.length > 0, now),
    ]);
    // The last batch already stored this cursor (and the sync time) with its records.
    if (!written.cursor) await this.deps.wallets.setCursor(run.userId, wallet.id, finalCursor, now);
    await timed(run, 'tokens', () => this.tokens.run(run, new Set([...run.newUnits, ...held])));
    await this.publish.run(run, changed || (rewards?.newRewards ?? 0) > 0);
    return {
      outcome: 'synced',
      newTransactions: refs.length,
      recordsWritten: written.records,
      recordsDeleted,
      rollback,
      cursor: finalCursor,
      reconciliation,
      rewards,
    };
  }

  private async rewardsThenReconcile(
    run: SyncRun,
    account: Parameters<ReconcileStage['run']>[1],
    cursor: WalletCursor | null,
    changed: boolean,
    now: Date,
  ): Promise<{ rewards: WalletSyncReport['rewards']; reconciliation: ReconciliationResult | null }> {
    const rewards = await this.rewards.read(run);
    const reconciliation =
      changed || this.reconcile.due(run.wallet, cursor, now)
        ? await timed(run, 'reconcile', () => this.reconcile.run(run, account, cursor))
        : run.wallet.reconciliation;
    return { rewards, reconciliation };
  }
}

function nothingNew(cursor: WalletCursor): Omit<RunResult, 'reconciliation' | 'rewards'> {
  return {
    outcome: 'idle',
    newTransactions: 0,
    recordsWritten: 0,
    recordsDeleted: 0,
    rollback: null,
    cursor,
  };
}
