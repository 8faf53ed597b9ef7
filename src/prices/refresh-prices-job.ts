import type { Logger } from 'pino';
import type { JobContext } from '../queue/job-consumer.js';
import type { JobQueue } from '../queue/job-queue.js';
import type { EventBus } from '../realtime/event-subscriber.js';
import type { PriceRefreshReport, PriceRefreshService } from './price-refresh-service.js';
import type { SnapshotValuer } from './snapshot-valuer.js';

export const REFRESH_PRICES_JOB_TYPE = 'refresh_prices';
export const PRICE_REFRESH_SCHEDULE_ID = 'refresh-prices';
/** Jobs of one kind join while one is live: the queue's (user, wallet, type) key with this "wallet". */
const PRICE_JOB_KEY = 'prices';

export interface RefreshPricesJobData {
  /** `scheduled` refreshes every held unit's latest price too; `wallet_synced` only fills what is missing. */
  reason: 'scheduled' | 'wallet_synced' | 'operator';
  [key: string]: unknown;
}

/** The periodic refresh (PRICE_REFRESH_INTERVAL_MINUTES); idempotent like the wallet re-sync schedule. */
export async function schedulePriceRefresh(queue: JobQueue, intervalMinutes: number): Promise<void> {
  await queue.scheduleRecurring(PRICE_REFRESH_SCHEDULE_ID, {
    everyMs: intervalMinutes * 60_000,
    type: REFRESH_PRICES_JOB_TYPE,
    data: { reason: 'scheduled' } satisfies RefreshPricesJobData,
    priority: -20,
    runNow: true,
  });
}

/** On demand, after a sync found new history: joins a refresh already waiting. */
export async function requestPriceRefresh(
  queue: JobQueue,
  reason: RefreshPricesJobData['reason'],
): Promise<void> {
  await queue.add(REFRESH_PRICES_JOB_TYPE, { reason } satisfies RefreshPricesJobData, {
    walletAddress: PRICE_JOB_KEY,
    priority: -5,
  });
}

/** The `refresh_prices` job: fill the price table, then rewrite the snapshot values it changes. */
export function createRefreshPricesHandler(deps: {
  refresh: PriceRefreshService;
  valuer: SnapshotValuer;
  logger: Logger;
  /** Tells each holder's dashboards to re-read their values (and the API to drop their cached responses). */
  events?: Pick<EventBus, 'publish'>;
  onRefreshed?: (report: PriceRefreshReport) => void;
}): (ctx: JobContext) => Promise<void> {
  return async (ctx) => {
    const data = ctx.job.data as Partial<RefreshPricesJobData>;
    const report = await deps.refresh.refresh({
      latest: data.reason !== 'wallet_synced',
      signal: ctx.signal,
    });
    const values = await deps.valuer.revalue(report.changedFrom);
    deps.logger.info(
      {
        reason: data.reason,
        dailyStored: report.dailyStored,
        dailyWithdrawn: report.dailyWithdrawn,
        latestStored: report.latestStored,
        calls: report.calls,
        unpricedRuns: report.unpriced.length,
        snapshotValues: values,
      },
      'price refresh done',
    );
    if (deps.events && (report.dailyStored > 0 || report.dailyWithdrawn > 0 || report.latestStored > 0)) {
      for (const userId of await deps.valuer.holders()) {
        await deps.events.publish(userId, 'prices_updated', { changedFrom: report.changedFrom });
      }
    }
    deps.onRefreshed?.(report);
  };
}
