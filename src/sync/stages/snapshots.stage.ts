import type { HoldingSnapshotRow, SnapshotRepository } from '../../db/repositories/snapshot-repository.js';
import type { TransactionRepository } from '../../db/repositories/transaction-repository.js';
import { buildHoldingRows } from '../holdings-snapshots.js';
import type { SyncRun } from './sync-run.js';

/**
 * Snapshots: brings the wallet's holdings snapshots in line with its records. The rows are recomputed
 * from the daily flows (history back to the first transaction, plus today) and rewritten from the first
 * day that differs from what is stored. So a run killed after its writes but before its snapshots is
 * repaired by the next run, and an idle re-sync rewrites only today's rows.
 */
export class SnapshotsStage {
  constructor(
    private readonly transactions: Pick<TransactionRepository, 'dailyFlows'>,
    private readonly snapshots: Pick<SnapshotRepository, 'history' | 'replaceFrom'>,
  ) {}

  /** Returns the token units the wallet holds now (from the same daily flows). */
  async run(run: SyncRun, now: Date): Promise<Set<string>> {
    const daily = run.fresh
      ? [...run.fresh.daily].map(([k, quantity]) => {
          const [day, unit] = k.split('|') as [string, string];
          return { day: new Date(Number(day)), unit, quantity };
        })
      : await this.transactions.dailyFlows(run.userId, run.wallet.address);
    const expected = buildHoldingRows(daily, new Date(0), now);
    const total = new Map<string, bigint>();
    for (const d of daily) total.set(d.unit, (total.get(d.unit) ?? 0n) + d.quantity);
    const held = new Set([...total].filter(([u, q]) => q !== 0n && u !== 'lovelace').map(([u]) => u));
    // A wallet never synced before has no snapshot rows (every write also sets lastSyncedAt).
    const stored =
      run.wallet.lastSyncedAt === null ? [] : await this.snapshots.history(run.userId, run.wallet.address);
    const key = (r: HoldingSnapshotRow) => `${r.asOf.getTime()}|${r.tokenUnit}`;
    const want = new Map(expected.map((r) => [key(r), r]));
    const have = new Map(stored.map((r) => [key(r), r]));
    let from = Infinity;
    for (const [k, r] of want)
      if (have.get(k)?.quantity !== r.quantity) from = Math.min(from, r.asOf.getTime());
    for (const [k, r] of have) if (!want.has(k)) from = Math.min(from, r.asOf.getTime());
    if (from === Infinity) return held;
    await this.snapshots.replaceFrom(
      run.userId,
      run.wallet.address,
      new Date(from),
      expected.filter((r) => r.asOf.getTime() >= from),
    );
    return held;
  }
}
