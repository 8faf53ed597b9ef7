/**
 * A stake account's rewards, history and MIR listings as read in this process, for a short while: the
 * same account tracked by several users (or synced again within a minute) is one read of Blockfrost,
 * not one per user. Listings are public chain data that change at epoch boundaries, so keys carry the
 * epoch; `ttlMs` bounds what a rollback over a boundary could leave stale, and a repair (a full
 * re-read after a ledger gap) forgets the account first.
 */
export class ListingMemo {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(private readonly options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}) {}

  get<T>(stakeAddress: string, key: string, read: () => Promise<T>): Promise<T> {
    const now = (this.options.now ?? Date.now)();
    const k = `${stakeAddress}|${key}`;
    const hit = this.entries.get(k);
    if (hit && now - hit.at <= (this.options.ttlMs ?? 60_000)) return hit.value as Promise<T>;
    const value = read();
    // A failed read is not kept.
    value.catch(() => {
      if (this.entries.get(k)?.value === value) this.entries.delete(k);
    });
    this.entries.delete(k);
    this.entries.set(k, { at: now, value });
    while (this.entries.size > (this.options.maxEntries ?? 20_000))
      this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  forget(stakeAddress: string): void {
    const prefix = `${stakeAddress}|`;
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}
