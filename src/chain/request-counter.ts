/**
 * Requests sent, by Blockfrost endpoint template (`/txs/{hash}/utxos`). Every attempt counts, retries
 * included, because every attempt spends a token and a request of the daily budget.
 */
export class RequestCounter {
  private readonly counts = new Map<string, number>();

  increment(endpoint: string): void {
    this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);
  }

  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  /** Counts by endpoint template, largest first. */
  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort((a, b) => b[1] - a[1]));
  }

  reset(): void {
    this.counts.clear();
  }
}
