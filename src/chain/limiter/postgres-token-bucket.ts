import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type {
  StorePauseArgs,
  StoreSnapshot,
  StoreTakeArgs,
  StoreTakeResult,
  TokenBucketStore,
} from './token-bucket-store.js';

const SETUP_SQL = readFileSync(new URL('./postgres-token-bucket.sql', import.meta.url), 'utf8');
/** Serialises the one-time setup when several processes start at once. */
const SETUP_LOCK_ID = 727_275;
/** Setup runs once per pool, however many buckets share it. */
const setupDone = new WeakMap<pg.Pool, Promise<void>>();

export interface PostgresTokenBucketOptions {
  /** Bucket identity: the Blockfrost project id. Every process using the same id shares the bucket. */
  key: string;
}

/**
 * The shared token bucket in PostgreSQL (for the Prisma queue without Redis). Its tables and functions
 * are created on first use; each step is one function call that locks the bucket's state row.
 */
export class PostgresTokenBucket implements TokenBucketStore {
  private readonly pool: pg.Pool;

  constructor(
    private readonly options: PostgresTokenBucketOptions,
    deps: { pool: pg.Pool },
  ) {
    this.pool = deps.pool;
  }

  /** Creates the tables and functions if missing; called by every operation, runs once per pool. */
  ensureSchema(): Promise<void> {
    let ready = setupDone.get(this.pool);
    if (ready) return ready;
    ready = (async () => {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1)', [SETUP_LOCK_ID]);
        await client.query(SETUP_SQL);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    })().catch((error: unknown) => {
      setupDone.delete(this.pool);
      throw error;
    });
    setupDone.set(this.pool, ready);
    return ready;
  }

  async take(a: StoreTakeArgs): Promise<StoreTakeResult> {
    await this.ensureSchema();
    const { rows } = await this.pool.query<{ r_code: number; r_value: string; r_reason: string | null }>(
      'SELECT * FROM adafolio_bucket_take_v2($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
      [
        this.options.key,
        a.ticket,
        a.now,
        a.ratePerSecond,
        a.burst,
        a.leaseMs,
        a.dailyBudget,
        a.day,
        a.nextMidnight,
        a.marginTokens ?? 0,
      ],
    );
    const r = rows[0]!;
    const value = Number(r.r_value);
    switch (r.r_code) {
      case 0:
        return { kind: 'granted', requestsToday: value };
      case 1:
        return { kind: 'wait', waitMs: value };
      case 2:
        return { kind: 'paused', until: value, reason: r.r_reason === 'banned' ? 'banned' : 'rate_limited' };
      default:
        return {
          kind: 'daily',
          until: value,
          source: r.r_reason === 'daily_cap' ? 'daily_cap' : 'daily_budget',
        };
    }
  }

  async cancel(ticket: string): Promise<void> {
    await this.ensureSchema();
    await this.pool.query('DELETE FROM blockfrost_bucket_tickets WHERE key = $1 AND ticket = $2', [
      this.options.key,
      ticket,
    ]);
  }

  async pause(a: StorePauseArgs): Promise<{ until: number; reason: 'rate_limited' | 'banned' }> {
    await this.ensureSchema();
    const { rows } = await this.pool.query<{ r_until: string; r_reason: string }>(
      'SELECT * FROM adafolio_bucket_pause_v1($1, $2, $3, $4, $5, $6, $7)',
      [
        this.options.key,
        a.now,
        a.reason,
        a.reason === 'rate_limited' ? a.pauseMs : 0,
        a.reason === 'banned' ? a.banBaseMs : 0,
        a.reason === 'banned' ? a.banMaxMs : 0,
        a.reason === 'banned' ? a.banMemoryMs : 0,
      ],
    );
    const r = rows[0]!;
    return { until: Number(r.r_until), reason: r.r_reason === 'banned' ? 'banned' : 'rate_limited' };
  }

  async setDailyCap(a: { now: number; until: number }): Promise<void> {
    await this.ensureSchema();
    await this.pool.query(
      `INSERT INTO blockfrost_bucket_state AS s (key, daily_cap_until) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET daily_cap_until = greatest(s.daily_cap_until, EXCLUDED.daily_cap_until)`,
      [this.options.key, a.until],
    );
  }

  async read(a: { now: number; day: string }): Promise<StoreSnapshot> {
    await this.ensureSchema();
    const { rows } = await this.pool.query<{
      tokens: number | null;
      paused_until: string | null;
      pause_reason: string | null;
      daily_cap_until: string | null;
      ban_count: number | null;
      requests: string | null;
      waiting: string;
    }>(
      `SELECT s.tokens, s.paused_until, s.pause_reason, s.daily_cap_until, s.ban_count,
              (SELECT d.requests FROM blockfrost_bucket_days d WHERE d.key = $1 AND d.day = $2::date) AS requests,
              (SELECT count(*) FROM blockfrost_bucket_tickets t WHERE t.key = $1 AND t.lease_until > $3) AS waiting
         FROM (SELECT 1) one LEFT JOIN blockfrost_bucket_state s ON s.key = $1`,
      [this.options.key, a.day, a.now],
    );
    const r = rows[0]!;
    const pausedUntil = Number(r.paused_until ?? 0);
    return {
      requestsToday: Number(r.requests ?? 0),
      tokens: r.tokens,
      pausedUntil,
      pauseReason: pausedUntil > a.now ? (r.pause_reason === 'banned' ? 'banned' : 'rate_limited') : null,
      dailyCapUntil: Number(r.daily_cap_until ?? 0),
      banCount: r.ban_count ?? 0,
      waiting: Number(r.waiting),
    };
  }

  /** The pool belongs to the caller; nothing to release here. */
  async close(): Promise<void> {}
}
