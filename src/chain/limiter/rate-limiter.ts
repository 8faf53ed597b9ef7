/** Why requests are currently held back for every process sharing a project id. */
export type PauseReason = 'rate_limited' | 'banned' | 'daily_cap' | 'daily_budget';

/** What the shared limiter knows about today's use; read by metrics, the API and the dashboard. */
export interface RateLimiterUsage {
  /** UTC day the counts belong to, `YYYY-MM-DD`. */
  day: string;
  /** Requests sent today by every process sharing the project id (one per token taken). */
  requestsToday: number;
  dailyLimit: number;
  /** Requests kept back from `dailyLimit`: syncing stops at `dailyLimit - reserve`. */
  reserve: number;
  /** Requests syncing may still send today (0 while the daily cap is in force). */
  remaining: number;
  /** When sending resumes, or null when nothing is paused. */
  pausedUntil: Date | null;
  pauseReason: PauseReason | null;
}

export interface TakeOptions {
  /** Stops waiting (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
}

/**
 * The port the Blockfrost HTTP client sends every request through. An implementation shares one
 * budget between every process using the same project id; the client never knows where it lives.
 */
export interface RateLimiter {
  /**
   * Resolves when the caller may send ONE request (and counts it in today's total). Waits its turn
   * when no token is free or a short pause is in force. Rejects with `DailyBudgetExhaustedError` when
   * the day's budget is spent and with `BlockfrostBannedError` when a ban outlasts the wait allowed.
   */
  take(options?: TakeOptions): Promise<void>;
  /** A 429 arrived: empty the shared bucket and pause every process briefly. */
  reportRateLimited(): Promise<void>;
  /** A 418 arrived: pause every process for a growing period. Resolves to the end of the pause. */
  reportBanned(): Promise<Date>;
  /** A 402 (or the daily-cap 429) arrived: stop every process until the next 00:00 UTC. */
  reportDailyCapReached(): Promise<Date>;
  getUsage(): Promise<RateLimiterUsage>;
}
