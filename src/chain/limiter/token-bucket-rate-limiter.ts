import { randomBytes } from 'node:crypto';
import { BlockfrostBannedError } from '../errors/blockfrost-banned.error.js';
import { DailyBudgetExhaustedError } from '../errors/daily-budget-exhausted.error.js';
import { abortableSleep } from '../abortable-sleep.js';
import { nextUtcMidnight, utcDay } from '../utc-day.js';
import type { RateLimiter, RateLimiterUsage, TakeOptions } from './rate-limiter.js';
import type { TokenBucketStore } from './token-bucket-store.js';

export interface TokenBucketRateLimiterOptions {
  /** Refill rate, requests per second. Blockfrost: 10 (`BLOCKFROST_RPS`). */
  ratePerSecond: number;
  /** Bucket capacity. Blockfrost: 500 (`BLOCKFROST_BURST`). */
  burst: number;
  /** Requests per UTC day the plan allows. Blockfrost free plan: 50,000 (`BLOCKFROST_DAILY_LIMIT`). */
  dailyLimit: number;
  /** Requests kept back: syncing stops at `dailyLimit - dailyReserve`. Default 0 (`BLOCKFROST_DAILY_RESERVE`). */
  dailyReserve?: number;
  /** How long every process pauses after a 429. Default 1,000 ms. */
  rateLimitPauseMs?: number;
  /** First pause after a 418; doubles with each further ban. Default 60,000 ms (`BLOCKFROST_BAN_PAUSE_SECONDS`). */
  banPauseMs?: number;
  /** Longest pause after a 418. Default 3,600,000 ms (`BLOCKFROST_BAN_PAUSE_MAX_SECONDS`). */
  banPauseMaxMs?: number;
  /** A 418 this long after the previous one counts as the first again. Default 24 h. */
  banMemoryMs?: number;
  /**
   * A waiting caller waits out pauses up to this long; a longer ban rejects with
   * `BlockfrostBannedError` (carrying `resumeAt`) so a job can be delayed instead. Default 120,000 ms.
   */
  maxPauseWaitMs?: number;
  /**
   * A waiting caller's place in line expires when not renewed for this long (a killed process). Waiting
   * callers renew at least every third of it. Default 3,000 ms.
   */
  leaseMs?: number;
  /**
   * Tokens kept spare in the shared bucket so that Blockfrost's bucket, which starts counting when our
   * first request arrives (a network latency after ours), never runs dry before ours. Costs these tokens
   * once; the steady rate is unchanged. Default 10 (covers 1 s of offset at 10/s: a slow first
   * request on a busy machine; with 2 and 5, a single 429 was seen in some runs under heavy load).
   */
  marginTokens?: number;
}

export interface TokenBucketRateLimiterDeps {
  store: TokenBucketStore;
  /** Epoch milliseconds. Default `Date.now`. */
  clock?: () => number;
}

/**
 * The `RateLimiter` over a shared `TokenBucketStore`: polls the store's atomic take, sleeping as long as
 * the store says (its place in line is kept by a ticket with a lease), and turns pauses and spent
 * budgets into waits or typed errors.
 */
export class TokenBucketRateLimiter implements RateLimiter {
  private readonly o: Required<TokenBucketRateLimiterOptions>;
  private readonly store: TokenBucketStore;
  private readonly clock: () => number;
  private readonly instance = randomBytes(6).toString('hex');
  private ticketSeq = 0;

  constructor(options: TokenBucketRateLimiterOptions, deps: TokenBucketRateLimiterDeps) {
    this.o = {
      dailyReserve: 0,
      rateLimitPauseMs: 1_000,
      banPauseMs: 60_000,
      banPauseMaxMs: 3_600_000,
      banMemoryMs: 86_400_000,
      maxPauseWaitMs: 120_000,
      leaseMs: 3_000,
      marginTokens: 10,
      ...options,
    };
    if (!(this.o.ratePerSecond > 0) || !(this.o.burst >= 1))
      throw new Error('rate and burst must be positive');
    this.store = deps.store;
    this.clock = deps.clock ?? Date.now;
  }

  get dailyBudget(): number {
    return Math.max(0, this.o.dailyLimit - this.o.dailyReserve);
  }

  async take(options: TakeOptions = {}): Promise<void> {
    const { signal } = options;
    const ticket = `${this.instance}:${process.pid}:${++this.ticketSeq}`;
    const renewEvery = Math.max(10, Math.floor(this.o.leaseMs / 3));
    try {
      for (;;) {
        signal?.throwIfAborted();
        const now = this.clock();
        const r = await this.store.take({
          ticket,
          now,
          ratePerSecond: this.o.ratePerSecond,
          burst: this.o.burst,
          leaseMs: this.o.leaseMs,
          dailyBudget: this.dailyBudget,
          day: utcDay(now),
          nextMidnight: nextUtcMidnight(now),
          marginTokens: this.o.marginTokens,
        });
        switch (r.kind) {
          case 'granted':
            return;
          case 'wait':
            await abortableSleep(Math.min(Math.max(1, r.waitMs), renewEvery), signal);
            break;
          case 'paused':
            if (r.reason === 'banned' && r.until - now > this.o.maxPauseWaitMs) {
              throw new BlockfrostBannedError(new Date(r.until));
            }
            await abortableSleep(Math.min(Math.max(1, r.until - now), renewEvery), signal);
            break;
          case 'daily':
            throw new DailyBudgetExhaustedError(new Date(r.until), r.source);
        }
      }
    } catch (error) {
      // Give up our place in line at once rather than letting it expire.
      await this.store.cancel(ticket).catch(() => undefined);
      throw error;
    }
  }

  async reportRateLimited(): Promise<void> {
    await this.store.pause({ now: this.clock(), reason: 'rate_limited', pauseMs: this.o.rateLimitPauseMs });
  }

  async reportBanned(): Promise<Date> {
    const r = await this.store.pause({
      now: this.clock(),
      reason: 'banned',
      banBaseMs: this.o.banPauseMs,
      banMaxMs: this.o.banPauseMaxMs,
      banMemoryMs: this.o.banMemoryMs,
    });
    return new Date(r.until);
  }

  async reportDailyCapReached(): Promise<Date> {
    const now = this.clock();
    const until = nextUtcMidnight(now);
    await this.store.setDailyCap({ now, until });
    return new Date(until);
  }

  async getUsage(): Promise<RateLimiterUsage> {
    const now = this.clock();
    const day = utcDay(now);
    const s = await this.store.read({ now, day });
    const base = {
      day,
      requestsToday: s.requestsToday,
      dailyLimit: this.o.dailyLimit,
      reserve: this.o.dailyReserve,
    };
    if (s.dailyCapUntil > now) {
      return { ...base, remaining: 0, pausedUntil: new Date(s.dailyCapUntil), pauseReason: 'daily_cap' };
    }
    const remaining = Math.max(0, this.dailyBudget - s.requestsToday);
    if (remaining === 0) {
      return { ...base, remaining, pausedUntil: new Date(nextUtcMidnight(now)), pauseReason: 'daily_budget' };
    }
    return {
      ...base,
      remaining,
      pausedUntil: s.pausedUntil > now ? new Date(s.pausedUntil) : null,
      pauseReason: s.pausedUntil > now ? s.pauseReason : null,
    };
  }
}
