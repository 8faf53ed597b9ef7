import { createClient, type SupabaseClientOptions } from '@supabase/supabase-js';
import pg from 'pg';
import type { Logger } from 'pino';
import { pgConfigFromUrl } from '../../db/pg-config-from-url.js';
import type { QueueOptions } from '../queue-options.js';
import { logPoolErrors } from '../sql/log-pool-errors.js';
import { PgQueueRpc } from '../sql/pg-queue-rpc.js';
import type { QueueRpc } from '../sql/queue-rpc.js';
import { SqlJobQueue } from '../sql/sql-job-queue.js';
import { SupabaseQueueRpc } from './supabase-queue-rpc.js';

type RealtimeTransport = NonNullable<NonNullable<SupabaseClientOptions<'public'>['realtime']>['transport']>;

class RealtimeNotUsed {
  constructor() {
    throw new Error('the Supabase queue does not use Realtime');
  }
}

export interface SupabaseJobQueueOptions extends QueueOptions {
  /** Consumers poll (no NOTIFY over HTTP). Default 1 000 ms. */
  pollIntervalMs?: number;
}

/**
 * The legacy Supabase queue: the queue SQL functions (queue_enqueue, queue_claim with SKIP LOCKED,
 * queue_complete, queue_fail, …) called through an RPC transport. In production that transport is
 * supabase-js `rpc()`; consumers poll because NOTIFY does not cross PostgREST.
 */
export class SupabaseJobQueue extends SqlJobQueue {
  constructor(options: SupabaseJobQueueOptions, deps: { rpc: QueueRpc; logger: Logger; backend?: string }) {
    super(
      {
        backend: deps.backend ?? 'supabase',
        retryBackoffMs: options.retryBackoffMs,
        pollIntervalMs: options.pollIntervalMs ?? 1_000,
      },
      { rpc: deps.rpc, logger: deps.logger },
    );
  }

  /** Production: supabase-js against a Supabase project (URL + service role key). */
  static overSupabase(
    options: SupabaseJobQueueOptions & { url: string; serviceRoleKey: string },
    deps: { logger: Logger },
  ): SupabaseJobQueue {
    const client = createClient(options.url, options.serviceRoleKey, {
      auth: { persistSession: false, autoRefreshToken: false },
      // The queue never opens a Realtime channel; Node 20 has no WebSocket and supabase-js refuses to
      // build its client without a transport, so give it one that says so if ever used.
      realtime: { transport: RealtimeNotUsed as unknown as RealtimeTransport },
    });
    return new SupabaseJobQueue(options, { rpc: new SupabaseQueueRpc(client), logger: deps.logger });
  }

  /**
   * TEST VARIANT: the same SQL functions called over `pg` instead of HTTP, so the contract suite can
   * run them on plain PostgreSQL. Not the supabase-js hop (that needs a PostgREST endpoint).
   */
  static overPgForTests(
    options: SupabaseJobQueueOptions & { databaseUrl: string; poolSize?: number },
    deps: { logger: Logger },
  ): SupabaseJobQueue {
    const pool = logPoolErrors(
      new pg.Pool({ ...pgConfigFromUrl(options.databaseUrl), max: options.poolSize ?? 4 }),
      deps.logger,
    );
    return new SupabaseJobQueue(options, {
      rpc: new PgQueueRpc(pool),
      logger: deps.logger,
      backend: 'supabase-sql-over-pg',
    });
  }
}
