import type { JobConsumer, JobHandler } from '../queue/job-consumer.js';
import { createResyncAllHandler, JOB_TYPES, scheduleWalletResync } from '../queue/periodic-resync.js';
import { createSyncWalletHandler } from '../sync/sync-wallet.processor.js';
import { SYNC_WALLET_JOB_TYPE, SYNC_WALLET_JOB_TYPES } from '../sync/sync-wallet-job.js';
import type { WalletSyncReport } from '../sync/wallet-sync.service.js';
import type { AppContext } from './create-app-context.js';
import { listTrackedWallets } from './list-tracked-wallets.js';
import {
  createRefreshPricesHandler,
  REFRESH_PRICES_JOB_TYPE,
  requestPriceRefresh,
  schedulePriceRefresh,
} from '../prices/refresh-prices-job.js';
import type { PriceRefreshReport } from '../prices/price-refresh-service.js';

export interface StartWorkerOptions {
  /** Jobs this worker runs at once (each fetches SYNC_CONCURRENCY at a time). Default 2. */
  jobs?: number;
  /** Schedule the periodic re-sync (every RESYNC_INTERVAL_MINUTES). Default true. */
  resync?: boolean;
  /** Queue lease (ms) for claimed jobs: a killed worker's job returns after at most this long. */
  leaseMs?: number;
  onSynced?: (report: WalletSyncReport) => void;
  /**
   * Schedule the periodic price refresh (every PRICE_REFRESH_INTERVAL_MINUTES) and ask for one after a
   * sync with new history. Default true. (This worker still runs refresh jobs others enqueue.)
   */
  priceRefresh?: boolean;
  onPricesRefreshed?: (report: PriceRefreshReport) => void;
}

/**
 * Database connections for a worker running `jobs` syncs at once: a sync holds up to two at a time
 * (snapshots beside reconciliation, the first batch's cache read beside the open orders), plus room
 * for the queue and the periodic re-sync. At least the default pool of 10, at most 50.
 */
export function workerPoolSize(jobs: number): number {
  return Math.min(50, Math.max(10, 2 * jobs + 2));
}

/**
 * Starts consuming sync jobs (and the periodic `resync_all` job) with the sync pipeline. The caller
 * stops the returned consumer (gracefully on SIGTERM).
 */
export async function startWorker(app: AppContext, options: StartWorkerOptions = {}): Promise<JobConsumer> {
  const queue = app.queue;
  if (!queue) throw new Error('startWorker needs an app context built with a queue');
  const logger = app.logger.child({ component: 'worker' });
  const syncHandler = createSyncWalletHandler({
    sync: app.sync,
    wallets: app.repositories.wallets,
    ...(app.events ? { events: app.events } : {}),
    logger,
    onSynced: (report) => {
      // New history may need prices for days no one stored yet, and its DEX fills are price points
      // (the `fill` source): one refresh, joined by later syncs.
      if (report.newTransactions > 0 && options.priceRefresh !== false) {
        requestPriceRefresh(queue, 'wallet_synced').catch((e: unknown) =>
          logger.warn({ err: e }, 'could not enqueue the price refresh'),
        );
      }
      options.onSynced?.(report);
    },
  });
  const refreshPrices = createRefreshPricesHandler({
    refresh: app.prices.refresh,
    valuer: app.prices.valuer,
    logger,
    ...(app.events ? { events: app.events } : {}),
    ...(options.onPricesRefreshed ? { onRefreshed: options.onPricesRefreshed } : {}),
  });
  const resyncAll = createResyncAllHandler({
    queue,
    listWallets: () => listTrackedWallets(app.prisma),
    syncJobType: SYNC_WALLET_JOB_TYPE,
  });
  const handler: JobHandler = async (ctx) => {
    if (SYNC_WALLET_JOB_TYPES.includes(ctx.job.type)) return syncHandler(ctx);
    if (ctx.job.type === REFRESH_PRICES_JOB_TYPE) return refreshPrices(ctx);
    if (ctx.job.type === JOB_TYPES.resyncAll) {
      const r = await resyncAll(ctx.job);
      logger.info(r, 'periodic re-sync enqueued');
      return;
    }
    logger.warn({ type: ctx.job.type, id: ctx.job.id }, 'job type not handled by this worker');
  };
  if (options.resync !== false) {
    await scheduleWalletResync(queue, { intervalMinutes: app.config.resyncIntervalMinutes });
  }
  if (options.priceRefresh !== false) {
    await schedulePriceRefresh(queue, app.config.prices.refreshIntervalMinutes);
  }
  const consumer = queue.createConsumer(options.leaseMs ? { leaseMs: options.leaseMs } : {});
  await consumer.start(handler, { concurrency: options.jobs ?? 2 });
  logger.info(
    {
      backend: queue.backend,
      bucket: app.bucketBackend,
      jobs: options.jobs ?? 2,
      fetchConcurrency: app.config.syncConcurrency,
    },
    'worker started',
  );
  return consumer;
}
