import type { UserSettings, UserSettingsRepository } from '../db/repositories/user-settings-repository.js';

/**
 * The users' settings as the read routes need them on every request (the default currency and the
 * time zone of `asOf`), remembered for `ttlMs` (default 60 s, the response cache's own bound) so a
 * cached portfolio request costs no query. A change through this process is seen at once; through
 * another API process within the TTL.
 */
export class UserSettingsCache {
  private readonly entries = new Map<string, { at: number; value: Promise<UserSettings | null> }>();

  constructor(
    private readonly repository: UserSettingsRepository,
    private readonly options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
  ) {}

  get(userId: string): Promise<UserSettings | null> {
    const now = (this.options.now ?? Date.now)();
    const hit = this.entries.get(userId);
    if (hit && now - hit.at <= (this.options.ttlMs ?? 60_000)) return hit.value;
    const value = this.repository.get(userId);
    value.catch(() => this.entries.delete(userId));
    this.entries.set(userId, { at: now, value });
    if (this.entries.size > (this.options.maxEntries ?? 100_000)) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }

  async update(userId: string, patch: Partial<UserSettings>): Promise<UserSettings | null> {
    const value = await this.repository.update(userId, patch);
    this.entries.delete(userId);
    return value;
  }
}
