/**
 * Blockfrost's limits, per project id: a token bucket (burst 500, refilling 10/s) answering 429 when
 * empty, a daily cap (midnight to midnight UTC) answering 402, and an auto-ban answering 418 for a
 * client that keeps calling after being told 429/402. The clock is injected so tests can drive it.
 */
export interface LimitSettings {
  enabled: boolean;
  rps: number;
  burst: number;
  daily: number;
  banSeconds: number;
  /** Rejected (429/402) requests in a row, without a pause of `rps` refill, that count as flooding. */
  banAfter: number;
}

export const DEFAULT_LIMITS: LimitSettings = {
  enabled: true,
  rps: 10,
  burst: 500,
  daily: 50_000,
  banSeconds: 60,
  banAfter: 100,
};

interface ProjectState {
  tokens: number;
  refilledAt: number;
  day: number;
  usedToday: number;
  rejectedInARow: number;
  bannedUntil: number;
}

export type LimitVerdict = 200 | 402 | 418 | 429;

export class RateLimiter {
  private readonly projects = new Map<string, ProjectState>();
  /** Days the limiter's calendar runs ahead of the clock (`nextDay()`: a test rolls the daily cap over). */
  private dayOffset = 0;

  constructor(
    public settings: LimitSettings,
    private readonly now: () => number = Date.now,
  ) {}

  update(patch: Partial<LimitSettings>): LimitSettings {
    this.settings = { ...this.settings, ...patch };
    return this.settings;
  }

  /** Refills every bucket, zeroes daily counts and lifts bans. */
  reset(): void {
    this.projects.clear();
  }

  /**
   * Moves the limiter's calendar to the next UTC day, as midnight would: every project's daily count
   * starts again from 0; buckets and bans are untouched. Answers the day now in force (YYYY-MM-DD).
   */
  nextDay(): string {
    this.dayOffset += 1;
    return this.today();
  }

  today(): string {
    return new Date(this.dayNumber(this.now()) * 86_400_000).toISOString().slice(0, 10);
  }

  private dayNumber(now: number): number {
    return Math.floor(now / 86_400_000) + this.dayOffset;
  }

  /** Takes one request from the project's allowance; answers the status Blockfrost would. */
  take(projectId: string): LimitVerdict {
    if (!this.settings.enabled) return 200;
    const now = this.now();
    const day = this.dayNumber(now);
    let p = this.projects.get(projectId);
    if (!p) {
      p = {
        tokens: this.settings.burst,
        refilledAt: now,
        day,
        usedToday: 0,
        rejectedInARow: 0,
        bannedUntil: 0,
      };
      this.projects.set(projectId, p);
    }
    if (p.bannedUntil > now) return 418;
    if (p.day !== day) {
      p.day = day;
      p.usedToday = 0;
    }
    p.tokens = Math.min(this.settings.burst, p.tokens + ((now - p.refilledAt) / 1000) * this.settings.rps);
    p.refilledAt = now;
    let verdict: LimitVerdict = 200;
    if (p.usedToday >= this.settings.daily) verdict = 402;
    else if (p.tokens < 1) verdict = 429;
    if (verdict === 200) {
      p.tokens -= 1;
      p.usedToday += 1;
      p.rejectedInARow = 0;
      return 200;
    }
    p.rejectedInARow += 1;
    if (p.rejectedInARow > this.settings.banAfter) {
      p.bannedUntil = now + this.settings.banSeconds * 1000;
      p.rejectedInARow = 0;
      return 418;
    }
    return verdict;
  }

  /** Current state of a project (for the control API and tests). */
  state(projectId: string): { tokens: number; usedToday: number; banned: boolean } | null {
    const p = this.projects.get(projectId);
    return p ? { tokens: p.tokens, usedToday: p.usedToday, banned: p.bannedUntil > this.now() } : null;
  }
}
