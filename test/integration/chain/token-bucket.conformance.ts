import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlockfrostBannedError } from '../../../src/chain/errors/blockfrost-banned.error.js';
import { DailyBudgetExhaustedError } from '../../../src/chain/errors/daily-budget-exhausted.error.js';
import { TokenBucketRateLimiter } from '../../../src/chain/limiter/token-bucket-rate-limiter.js';
import type { StoreTakeArgs, TokenBucketStore } from '../../../src/chain/limiter/token-bucket-store.js';
import { nextUtcMidnight, utcDay } from '../../../src/chain/utc-day.js';

/** Builds a fresh store on its own bucket key; `setup`/`teardown` run once per suite. */
export interface StoreFactory {
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
  create(key: string): TokenBucketStore;
}

let keySeq = 0;
const T0 = Date.UTC(2026, 10, 25, 12, 0, 0);

/**
 * One conformance suite for every `TokenBucketStore` (memory, Redis, PostgreSQL): the same behaviour is
 * asserted for each, through the store's atomic steps and through `TokenBucketRateLimiter`.
 */
export function tokenBucketConformance(name: string, factory: StoreFactory): void {
  describe(`${name} token bucket (conformance)`, () => {
    beforeAll(async () => factory.setup?.());
    afterAll(async () => factory.teardown?.());

    const fresh = () => factory.create(`conf-${process.pid}-${Date.now()}-${++keySeq}`);
    const args = (ticket: string, now: number, over: Partial<StoreTakeArgs> = {}): StoreTakeArgs => ({
      ticket,
      now,
      ratePerSecond: 10,
      burst: 5,
      leaseMs: 3_000,
      dailyBudget: 1_000,
      day: utcDay(now),
      nextMidnight: nextUtcMidnight(now),
      ...over,
    });

    it('starts full, grants the burst at once, then asks to wait for the refill', async () => {
      const s = fresh();
      for (let i = 1; i <= 5; i++) {
        expect(await s.take(args(`t${i}`, T0))).toEqual({ kind: 'granted', requestsToday: i });
      }
      expect(await s.take(args('t6', T0))).toEqual({ kind: 'wait', waitMs: 100 });
      expect(await s.take(args('t6', T0 + 60))).toEqual({ kind: 'wait', waitMs: 40 });
      expect(await s.take(args('t6', T0 + 100))).toEqual({ kind: 'granted', requestsToday: 6 });
      const snap = await s.read({ now: T0 + 100, day: utcDay(T0) });
      expect(snap.requestsToday).toBe(6);
      expect(snap.waiting).toBe(0);
    });

    it('keeps the safety margin spare: fewer tokens at once, the same steady rate', async () => {
      const s = fresh();
      const m = { marginTokens: 2 };
      const kinds = [];
      for (let i = 0; i < 4; i++) kinds.push((await s.take(args(`m${i}`, T0, m))).kind);
      expect(kinds).toEqual(['granted', 'granted', 'granted', 'wait']);
      expect(await s.take(args('m3', T0 + 50, m))).toEqual({ kind: 'wait', waitMs: 50 });
      expect((await s.take(args('m3', T0 + 100, m))).kind).toBe('granted');
      expect((await s.take(args('m4', T0 + 150, m))).kind).toBe('wait');
      expect((await s.take(args('m4', T0 + 200, m))).kind).toBe('granted');
    });

    it('refills at the rate and never above the burst', async () => {
      const s = fresh();
      for (let i = 0; i < 5; i++) await s.take(args(`a${i}`, T0));
      // 350 ms at 10/s = 3.5 tokens: three grants, the fourth waits 50 ms.
      let granted = 0;
      for (let i = 0; i < 4; i++) if ((await s.take(args(`b${i}`, T0 + 350))).kind === 'granted') granted++;
      expect(granted).toBe(3);
      await s.cancel('b3');
      // An hour later the bucket holds the burst (5), not 36,000 tokens.
      const later = T0 + 3_600_000;
      const kinds = [];
      for (let i = 0; i < 6; i++) kinds.push((await s.take(args(`c${i}`, later))).kind);
      expect(kinds).toEqual(['granted', 'granted', 'granted', 'granted', 'granted', 'wait']);
    });

    it('serves waiting tickets in arrival order', async () => {
      const s = fresh();
      for (let i = 0; i < 5; i++) await s.take(args(`x${i}`, T0));
      expect((await s.take(args('A', T0))).kind).toBe('wait');
      expect(await s.take(args('B', T0 + 1))).toEqual({ kind: 'wait', waitMs: 199 });
      // One token is there at T0+100: it belongs to A, even when B asks first.
      expect((await s.take(args('B', T0 + 100))).kind).toBe('wait');
      expect((await s.take(args('C', T0 + 100))).kind).toBe('wait');
      expect(await s.take(args('A', T0 + 101))).toMatchObject({ kind: 'granted' });
      expect((await s.take(args('C', T0 + 200))).kind).toBe('wait');
      expect(await s.take(args('B', T0 + 201))).toMatchObject({ kind: 'granted' });
      expect(await s.take(args('C', T0 + 301))).toMatchObject({ kind: 'granted' });
      // With enough tokens for everyone ahead, a later ticket is not held back by a slow earlier one.
      expect((await s.take(args('D', T0 + 302))).kind).toBe('wait');
      expect(await s.take(args('E', T0 + 600))).toMatchObject({ kind: 'granted' });
    });

    it('forgets a ticket whose lease expired (a killed caller) and one that was cancelled', async () => {
      const s = fresh();
      for (let i = 0; i < 5; i++) await s.take(args(`x${i}`, T0));
      expect((await s.take(args('dead', T0))).kind).toBe('wait');
      expect((await s.take(args('gone', T0))).kind).toBe('wait');
      await s.cancel('gone');
      expect((await s.take(args('alive', T0 + 10))).kind).toBe('wait');
      // The dead ticket still holds its place while its lease runs...
      expect((await s.take(args('alive', T0 + 150))).kind).toBe('wait');
      // ...and is dropped once it expires: the live caller gets the tokens that accrued meanwhile.
      expect(await s.take(args('alive', T0 + 3_001))).toMatchObject({ kind: 'granted' });
      expect((await s.read({ now: T0 + 3_001, day: utcDay(T0) })).waiting).toBe(0);
    });

    it('a 429 empties the bucket and pauses every caller; refill restarts from zero', async () => {
      const s = fresh();
      expect(await s.pause({ now: T0, reason: 'rate_limited', pauseMs: 1_000 })).toEqual({
        until: T0 + 1_000,
        reason: 'rate_limited',
      });
      expect(await s.take(args('p', T0 + 500))).toEqual({
        kind: 'paused',
        until: T0 + 1_000,
        reason: 'rate_limited',
      });
      // After the pause 10 tokens (1 s at 10/s) were refilled, capped at the burst of 5; the caller
      // that waited through the pause kept its place and is served first.
      const kinds = [];
      for (let i = 0; i < 5; i++) kinds.push((await s.take(args(`q${i}`, T0 + 1_000))).kind);
      expect(kinds).toEqual(['granted', 'granted', 'granted', 'granted', 'wait']);
      expect(await s.take(args('p', T0 + 1_000))).toMatchObject({ kind: 'granted' });
      expect(await s.take(args('q4', T0 + 1_000))).toMatchObject({ kind: 'wait' });
      // A later, shorter 429 pause never shortens a longer one in force.
      await s.pause({ now: T0 + 2_000, reason: 'rate_limited', pauseMs: 5_000 });
      expect((await s.pause({ now: T0 + 2_100, reason: 'rate_limited', pauseMs: 100 })).until).toBe(
        T0 + 7_000,
      );
    });

    it('418 pauses for a growing period, is not re-counted while in force, and is forgotten after a while', async () => {
      const s = fresh();
      const ban = (now: number) =>
        s.pause({ now, reason: 'banned', banBaseMs: 60_000, banMaxMs: 200_000, banMemoryMs: 3_600_000 });
      expect(await ban(T0)).toEqual({ until: T0 + 60_000, reason: 'banned' });
      // Answers to requests sent before the ban: same ban, not a second one.
      expect(await ban(T0 + 10)).toEqual({ until: T0 + 60_000, reason: 'banned' });
      expect(await s.pause({ now: T0 + 20, reason: 'rate_limited', pauseMs: 1_000 })).toEqual({
        until: T0 + 60_000,
        reason: 'banned',
      });
      expect(await s.take(args('b', T0 + 30_000))).toEqual({
        kind: 'paused',
        until: T0 + 60_000,
        reason: 'banned',
      });
      const t2 = T0 + 70_000;
      expect(await ban(t2)).toEqual({ until: t2 + 120_000, reason: 'banned' });
      const t3 = t2 + 130_000;
      expect(await ban(t3)).toEqual({ until: t3 + 200_000, reason: 'banned' }); // capped (240 s > 200 s)
      expect((await s.read({ now: t3, day: utcDay(t3) })).banCount).toBe(3);
      const t4 = t3 + 200_000 + 3_600_001;
      expect(await ban(t4)).toEqual({ until: t4 + 60_000, reason: 'banned' });
    });

    it('stops at the daily budget until the next 00:00 UTC and counts each UTC day on its own', async () => {
      const s = fresh();
      const budget = { dailyBudget: 3, burst: 100 };
      for (let i = 0; i < 3; i++) expect((await s.take(args(`d${i}`, T0, budget))).kind).toBe('granted');
      const midnight = nextUtcMidnight(T0);
      expect(await s.take(args('d3', T0, budget))).toEqual({
        kind: 'daily',
        until: midnight,
        source: 'daily_budget',
      });
      expect((await s.read({ now: T0, day: utcDay(T0) })).waiting).toBe(0);
      expect(await s.take(args('d4', midnight, budget))).toEqual({ kind: 'granted', requestsToday: 1 });
      expect((await s.read({ now: midnight, day: utcDay(T0) })).requestsToday).toBe(3);
      expect((await s.read({ now: midnight, day: utcDay(midnight) })).requestsToday).toBe(1);
    });

    it('a 402 stops every caller until the time given', async () => {
      const s = fresh();
      const until = nextUtcMidnight(T0);
      await s.setDailyCap({ now: T0, until });
      expect(await s.take(args('c', T0 + 5))).toEqual({ kind: 'daily', until, source: 'daily_cap' });
      expect((await s.read({ now: T0, day: utcDay(T0) })).dailyCapUntil).toBe(until);
      expect((await s.take(args('c', until))).kind).toBe('granted');
    });

    describe('through TokenBucketRateLimiter', () => {
      it('makes concurrent callers wait their turn, in arrival order, at the configured rate', async () => {
        const limiter = new TokenBucketRateLimiter(
          { ratePerSecond: 20, burst: 2, dailyLimit: 1_000, leaseMs: 1_500 },
          { store: fresh() },
        );
        // Warm every pooled connection first (PostgreSQL compiles the function once per session), as in
        // a long-running worker; otherwise first calls race on cold connections.
        const warm = new TokenBucketRateLimiter(
          { ratePerSecond: 10, burst: 50, dailyLimit: 1_000 },
          { store: fresh() },
        );
        await Promise.all(Array.from({ length: 8 }, () => warm.take()));
        const started = Date.now();
        const order: number[] = [];
        const callers = [];
        for (let i = 0; i < 12; i++) {
          callers.push(limiter.take().then(() => order.push(i)));
          await new Promise((r) => setTimeout(r, 5)); // distinct arrival times
        }
        await Promise.all(callers);
        const elapsed = Date.now() - started;
        // 2 at once, 10 more at 20/s = 500 ms at least; allow slack for a busy machine.
        expect(elapsed).toBeGreaterThanOrEqual(480);
        expect(elapsed).toBeLessThan(2_500);
        // Roughly arrival order: nobody overtakes by more than a couple of places.
        // Roughly arrival order (the exact order is asserted on the store above; here timers on a busy
        // 2-core machine may wake a caller late): nobody overtakes by many places, little on average.
        const displacement = order.map((caller, position) => Math.abs(caller - position));
        expect(Math.max(...displacement)).toBeLessThanOrEqual(4);
        expect(displacement.reduce((a, b) => a + b, 0) / displacement.length).toBeLessThanOrEqual(1.5);
        const usage = await limiter.getUsage();
        expect(usage).toMatchObject({ requestsToday: 12, dailyLimit: 1_000, reserve: 0, remaining: 988 });
        expect(usage.pausedUntil).toBeNull();
      });

      it('waits out a 429 pause and resumes by itself', async () => {
        const limiter = new TokenBucketRateLimiter(
          { ratePerSecond: 100, burst: 10, dailyLimit: 1_000, rateLimitPauseMs: 300 },
          { store: fresh() },
        );
        await limiter.reportRateLimited();
        const usage = await limiter.getUsage();
        expect(usage.pauseReason).toBe('rate_limited');
        const t = Date.now();
        await limiter.take();
        expect(Date.now() - t).toBeGreaterThanOrEqual(250);
      });

      it('rejects with BlockfrostBannedError (resumeAt) when a ban outlasts the wait allowed', async () => {
        const limiter = new TokenBucketRateLimiter(
          { ratePerSecond: 10, burst: 5, dailyLimit: 1_000, banPauseMs: 600_000, maxPauseWaitMs: 1_000 },
          { store: fresh() },
        );
        const resumeAt = await limiter.reportBanned();
        expect(resumeAt.getTime()).toBeGreaterThan(Date.now() + 590_000);
        const error = await limiter.take().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BlockfrostBannedError);
        expect((error as BlockfrostBannedError).resumeAt).toEqual(resumeAt);
        expect(await limiter.getUsage()).toMatchObject({
          pauseReason: 'banned',
          pausedUntil: resumeAt,
          requestsToday: 0,
        });
      });

      it('rejects with DailyBudgetExhaustedError at the limit minus the reserve, and after a 402', async () => {
        let now = T0;
        const store = fresh();
        const limiter = new TokenBucketRateLimiter(
          { ratePerSecond: 10, burst: 50, dailyLimit: 10, dailyReserve: 4 },
          { store, clock: () => now },
        );
        for (let i = 0; i < 6; i++) await limiter.take();
        const error = await limiter.take().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DailyBudgetExhaustedError);
        expect((error as DailyBudgetExhaustedError).resumeAt).toEqual(new Date(nextUtcMidnight(T0)));
        expect((error as DailyBudgetExhaustedError).source).toBe('daily_budget');
        expect(await limiter.getUsage()).toEqual({
          day: utcDay(T0),
          requestsToday: 6,
          dailyLimit: 10,
          reserve: 4,
          remaining: 0,
          pausedUntil: new Date(nextUtcMidnight(T0)),
          pauseReason: 'daily_budget',
        });
        now = nextUtcMidnight(T0) + 1;
        await limiter.take();
        expect(await limiter.getUsage()).toMatchObject({ requestsToday: 1, remaining: 5, pauseReason: null });
        const resumeAt = await limiter.reportDailyCapReached();
        expect(resumeAt).toEqual(new Date(nextUtcMidnight(now)));
        const capped = await limiter.take().catch((e: unknown) => e);
        expect(capped).toBeInstanceOf(DailyBudgetExhaustedError);
        expect((capped as DailyBudgetExhaustedError).source).toBe('daily_cap');
        expect(await limiter.getUsage()).toMatchObject({
          remaining: 0,
          pauseReason: 'daily_cap',
          pausedUntil: resumeAt,
        });
      });

      it('an aborted wait gives up its place at once', async () => {
        const store = fresh();
        const limiter = new TokenBucketRateLimiter(
          { ratePerSecond: 2, burst: 1, dailyLimit: 1_000, leaseMs: 30_000 },
          { store },
        );
        await limiter.take();
        const controller = new AbortController();
        const waiting = limiter.take({ signal: controller.signal }).catch((e: unknown) => e);
        await new Promise((r) => setTimeout(r, 50));
        controller.abort(new Error('stop'));
        expect(await waiting).toMatchObject({ message: 'stop' });
        // The next caller is first in line: served on the next token (≤ 500 ms), not after the aborted one.
        const t = Date.now();
        await limiter.take();
        expect(Date.now() - t).toBeLessThan(700);
        expect((await store.read({ now: Date.now(), day: utcDay(Date.now()) })).requestsToday).toBe(2);
      });
    });
  });
}
