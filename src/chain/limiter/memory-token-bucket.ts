import type {
  StorePauseArgs,
  StoreSnapshot,
  StoreTakeArgs,
  StoreTakeResult,
  TokenBucketStore,
} from './token-bucket-store.js';

/**
 * The token bucket in this process's memory: same algorithm as the Redis and PostgreSQL stores, for a
 * single process (CLI runs, unit tests). Processes do NOT share it.
 */
export class MemoryTokenBucket implements TokenBucketStore {
  private tokens: number | undefined;
  private ts = 0;
  private seq = 0;
  private pausedUntil = 0;
  private pauseReason: 'rate_limited' | 'banned' | null = null;
  private banCount = 0;
  private banLastAt = 0;
  private dailyCapUntil = 0;
  private readonly daily = new Map<string, number>();
  /** ticket → arrival seq and lease expiry */
  private readonly tickets = new Map<string, { seq: number; leaseUntil: number }>();

  async take(a: StoreTakeArgs): Promise<StoreTakeResult> {
    for (const [t, v] of this.tickets) if (v.leaseUntil <= a.now) this.tickets.delete(t);
    const used = this.daily.get(a.day) ?? 0;
    if (this.dailyCapUntil > a.now) {
      this.tickets.delete(a.ticket);
      return { kind: 'daily', until: this.dailyCapUntil, source: 'daily_cap' };
    }
    if (used >= a.dailyBudget) {
      this.tickets.delete(a.ticket);
      return { kind: 'daily', until: a.nextMidnight, source: 'daily_budget' };
    }
    let tokens = Math.min(a.burst, this.tokens ?? a.burst);
    if (this.tokens === undefined) this.ts = a.now;
    if (a.now > this.ts) {
      tokens = Math.min(a.burst, tokens + ((a.now - this.ts) * a.ratePerSecond) / 1000);
      this.ts = a.now;
    }
    this.tokens = tokens;
    const mine = this.tickets.get(a.ticket);
    if (mine) mine.leaseUntil = a.now + a.leaseMs;
    else this.tickets.set(a.ticket, { seq: ++this.seq, leaseUntil: a.now + a.leaseMs });
    if (this.pausedUntil > a.now) {
      return { kind: 'paused', until: this.pausedUntil, reason: this.pauseReason ?? 'rate_limited' };
    }
    const mySeq = this.tickets.get(a.ticket)!.seq;
    let rank = 0;
    for (const v of this.tickets.values()) if (v.seq < mySeq) rank++;
    const need = rank + 1 + Math.min(a.marginTokens ?? 0, Math.max(0, a.burst - 1));
    if (tokens >= need) {
      this.tokens = tokens - 1;
      this.tickets.delete(a.ticket);
      const n = used + 1;
      this.daily.set(a.day, n);
      return { kind: 'granted', requestsToday: n };
    }
    return { kind: 'wait', waitMs: Math.ceil(((need - tokens) * 1000) / a.ratePerSecond) };
  }

  async cancel(ticket: string): Promise<void> {
    this.tickets.delete(ticket);
  }

  async pause(a: StorePauseArgs): Promise<{ until: number; reason: 'rate_limited' | 'banned' }> {
    // A ban in force is never shortened or re-counted by answers to requests sent before it began.
    if (this.pausedUntil > a.now && this.pauseReason === 'banned') {
      return { until: this.pausedUntil, reason: 'banned' };
    }
    let until: number;
    if (a.reason === 'rate_limited') {
      until = a.now + a.pauseMs;
    } else {
      if (a.now - this.banLastAt > a.banMemoryMs) this.banCount = 0;
      this.banCount += 1;
      this.banLastAt = a.now;
      until = a.now + Math.min(a.banMaxMs, a.banBaseMs * 2 ** (this.banCount - 1));
    }
    if (until > this.pausedUntil || a.reason === 'banned') {
      this.pausedUntil = Math.max(this.pausedUntil, until);
      this.pauseReason = a.reason;
    }
    this.tokens = 0;
    this.ts = a.now;
    return { until: this.pausedUntil, reason: this.pauseReason ?? a.reason };
  }

  async setDailyCap(a: { now: number; until: number }): Promise<void> {
    this.dailyCapUntil = Math.max(this.dailyCapUntil, a.until);
  }

  async read(a: { now: number; day: string }): Promise<StoreSnapshot> {
    return {
      requestsToday: this.daily.get(a.day) ?? 0,
      tokens: this.tokens ?? null,
      pausedUntil: this.pausedUntil,
      pauseReason: this.pausedUntil > a.now ? this.pauseReason : null,
      dailyCapUntil: this.dailyCapUntil,
      banCount: this.banCount,
      waiting: [...this.tickets.values()].filter((v) => v.leaseUntil > a.now).length,
    };
  }

  async close(): Promise<void> {}
}
