/**
 * Injected faults: a rule matches API requests whose path contains `path` and applies to the next
 * `count` of them (after skipping `after`), or to a `rate` share of them, or to all while it exists.
 */
export type FaultKind = 'status' | 'slow' | 'reset' | 'malformed';

export interface FaultRule {
  kind: FaultKind;
  status?: number;
  delayMs?: number;
  count?: number;
  rate?: number;
  path?: string;
  /** Let this many matching requests through first (a schedule: "the 50th request fails"). */
  after?: number;
}

export class FaultInjector {
  private rules: FaultRule[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(rule: FaultRule): void {
    if (!['status', 'slow', 'reset', 'malformed'].includes(rule.kind))
      throw new Error(`unknown fault kind ${String(rule.kind)}`);
    this.rules.push({ ...rule });
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /**
   * The faults for a request to another simulated service (the price APIs): only rules whose `path`
   * names it, so a Blockfrost fault schedule (`rate` over every path) never counts their requests.
   */
  matchScoped(path: string): FaultRule[] {
    if (!this.rules.some((r) => r.path && path.includes(r.path))) return [];
    return this.match(path, true);
  }

  /** The faults to apply to one request (a slow response may combine with another fault). */
  match(path: string, scopedOnly = false): FaultRule[] {
    if (this.rules.length === 0) return [];
    const hits: FaultRule[] = [];
    for (const rule of this.rules) {
      if (rule.path ? !path.includes(rule.path) : scopedOnly) continue;
      if (rule.after && rule.after > 0) {
        rule.after -= 1;
        continue;
      }
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      if (rule.count !== undefined) {
        if (rule.count <= 0) continue;
        rule.count -= 1;
      }
      hits.push(rule);
    }
    this.rules = this.rules.filter((r) => r.count === undefined || r.count > 0);
    return hits;
  }
}
