import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ApiJobQueue, UsageReader } from './ports.js';
import type { ResponseCache } from './response-cache.js';
import type { GainsWarmerStats } from '../gains/gains-warmer.js';
import type { SyncDurationSource } from './sync-durations.js';

/**
 * Prometheus metrics of one API instance, in a registry of its own (tests build many apps in one
 * process). Queue depth, sync durations and Blockfrost usage are read when scraped.
 */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly wsConnections: Gauge;
  readonly wsEventsSent: Counter<'type'>;
  /** Cost-basis computations the gains warm-ups brought up to date, by how (cached, incremental, full). */
  readonly gainsWarmupComputations: Counter<'mode'>;

  /** Exposes the read-response cache's hits, misses and entries. */
  watchCache(cache: ResponseCache): void {
    new Gauge({
      name: 'adafolio_api_cache',
      help: 'Read-response cache: hits and misses since start, and current entries',
      labelNames: ['stat'],
      registers: [this.registry],
      collect() {
        this.set({ stat: 'hits' }, cache.hits);
        this.set({ stat: 'misses' }, cache.misses);
        this.set({ stat: 'entries' }, cache.size);
      },
    });
  }

  /** Exposes the gains warm-up's scheduled, queued and running users and its finished runs. */
  watchGainsWarmer(warmer: { readonly stats: GainsWarmerStats }): void {
    new Gauge({
      name: 'adafolio_gains_warmup',
      help: 'Cost-basis warm-ups after syncs: users scheduled, queued and running now; done and failed since start',
      labelNames: ['stat'],
      registers: [this.registry],
      collect() {
        for (const [stat, n] of Object.entries(warmer.stats)) this.set({ stat }, n);
      },
    });
  }

  constructor(deps: {
    jobQueue: ApiJobQueue;
    usage?: UsageReader;
    syncDurations: SyncDurationSource;
    now: () => Date;
  }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'adafolio_api_' });
    this.httpDuration = new Histogram({
      name: 'adafolio_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.wsConnections = new Gauge({
      name: 'adafolio_ws_connections',
      help: 'Open WebSocket connections',
      registers: [this.registry],
    });
    this.wsEventsSent = new Counter({
      name: 'adafolio_ws_events_sent_total',
      help: 'Events relayed to WebSocket clients',
      labelNames: ['type'],
      registers: [this.registry],
    });
    this.gainsWarmupComputations = new Counter({
      name: 'adafolio_gains_warmup_computations_total',
      help: 'Cost-basis computations brought up to date by the warm-ups after syncs, by mode',
      labelNames: ['mode'],
      registers: [this.registry],
    });
    new Gauge({
      name: 'adafolio_queue_jobs',
      help: 'Sync jobs by state',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        try {
          const depth = await deps.jobQueue.depth();
          for (const [state, n] of Object.entries(depth)) this.set({ state }, n);
        } catch {
          // Queue down: /readyz reports it; the scrape still succeeds.
        }
      },
    });
    new Gauge({
      name: 'adafolio_sync_duration_seconds',
      help: 'Sync job duration over the last 24 h (quantiles of completed jobs)',
      labelNames: ['quantile'],
      registers: [this.registry],
      async collect() {
        try {
          const d = await deps.syncDurations.syncDurations(new Date(deps.now().getTime() - 86_400_000));
          if (d.p50 !== null) this.set({ quantile: '0.5' }, d.p50);
          if (d.p95 !== null) this.set({ quantile: '0.95' }, d.p95);
        } catch {
          // Database down: reported by /readyz.
        }
      },
    });
    const usage = deps.usage;
    let cached: Promise<{ requestsToday: number; remaining: number } | null> | undefined;
    const read = () =>
      (cached ??= (usage ? usage.getUsage().catch(() => null) : Promise.resolve(null)).finally(() => {
        setTimeout(() => (cached = undefined), 0);
      }));
    new Gauge({
      name: 'adafolio_blockfrost_requests_today',
      help: 'Blockfrost requests made today (UTC), across all workers',
      registers: [this.registry],
      async collect() {
        const u = await read();
        if (u) this.set(u.requestsToday);
      },
    });
    new Gauge({
      name: 'adafolio_blockfrost_requests_remaining',
      help: 'Blockfrost requests left today before the daily limit',
      registers: [this.registry],
      async collect() {
        const u = await read();
        if (u) this.set(u.remaining);
      },
    });
  }
}
