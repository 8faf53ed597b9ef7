/**
 * The atomic operations a shared token bucket needs from its store. Each method is ONE atomic step
 * (a Lua script in Redis, one locked function call in PostgreSQL), so any number of processes can
 * share a bucket. A store is bound to one bucket (one Blockfrost project id).
 *
 * Waiting callers hold a ticket: an entry in an arrival-ordered queue with a lease the caller renews on
 * every poll. The bucket grants a token to the ticket at rank r only when at least r + 1 tokens are
 * there, which serves waiters in arrival order across processes. A killed process stops renewing, its
 * tickets expire after `leaseMs` and nobody waits behind them any longer; no token is ever reserved
 * ahead, so nothing leaks.
 */
export interface TokenBucketStore {
  take(args: StoreTakeArgs): Promise<StoreTakeResult>;
  /** Removes a ticket whose caller gave up (abort, error). Idempotent. */
  cancel(ticket: string): Promise<void>;
  /** Records a 429 or 418 for every process and answers the pause now in force. */
  pause(args: StorePauseArgs): Promise<{ until: number; reason: 'rate_limited' | 'banned' }>;
  /** Records a 402: nothing is granted before `until`. */
  setDailyCap(args: { now: number; until: number }): Promise<void>;
  read(args: { now: number; day: string }): Promise<StoreSnapshot>;
  close(): Promise<void>;
}

export interface StoreTakeArgs {
  ticket: string;
  now: number;
  ratePerSecond: number;
  burst: number;
  leaseMs: number;
  /** Grants stop once today's count reaches this (daily limit minus reserve). */
  dailyBudget: number;
  /** `YYYY-MM-DD` of `now` in UTC. */
  day: string;
  /** Next 00:00 UTC in epoch ms, answered when the budget is spent. */
  nextMidnight: number;
  /**
   * Tokens always left in the bucket (default 0). Blockfrost's bucket starts counting at our first
   * request's arrival, a little after ours; keeping a token or two spare absorbs that offset, costs
   * those tokens once, and leaves the steady rate unchanged.
   */
  marginTokens?: number;
}

export type StoreTakeResult =
  | { kind: 'granted'; requestsToday: number }
  | { kind: 'wait'; waitMs: number }
  | { kind: 'paused'; until: number; reason: 'rate_limited' | 'banned' }
  | { kind: 'daily'; until: number; source: 'daily_cap' | 'daily_budget' };

export type StorePauseArgs =
  | { now: number; reason: 'rate_limited'; pauseMs: number }
  | {
      now: number;
      reason: 'banned';
      /** First ban pauses this long; each further ban doubles it, up to `banMaxMs`. */
      banBaseMs: number;
      banMaxMs: number;
      /** A ban this long after the previous one starts again from `banBaseMs`. */
      banMemoryMs: number;
    };

export interface StoreSnapshot {
  requestsToday: number;
  /** Tokens at the last update (refill not applied), or null before the first take (bucket full). */
  tokens: number | null;
  pausedUntil: number;
  pauseReason: 'rate_limited' | 'banned' | null;
  dailyCapUntil: number;
  banCount: number;
  /** Tickets currently queued (live or not yet expired). */
  waiting: number;
}
