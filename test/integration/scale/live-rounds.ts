// Sync rounds against a simulator in live mode (a new block every few seconds). A round enqueues a sync
// of every tracked wallet, as the periodic re-sync would, and waits until the workers have run them all.
// The chain keeps growing until the run stops live mode for its final round.
import type { Truth } from '../../../bench/scale/truth-check.js';
import type { FaultEnv } from './fault-env.js';

export interface Tip {
  height: number;
  hash: string;
}

export type RoundTick = (elapsedMs: number) => Promise<void> | void;

/** One sync of every tracked wallet; resolves with the seconds it took. */
export async function syncRound(f: FaultEnv, onTick?: RoundTick, timeoutMs = 90_000): Promise<number> {
  await f.run.enqueueAll();
  return f.run.waitUntilDone({ timeoutMs, ...(onTick ? { onTick } : {}) });
}

export const simTip = (f: FaultEnv): Promise<Tip> => f.sim.control<Tip>('/tip');

/**
 * The end of a live run: live mode stops (`POST /__sim/live {seconds: 0}`), so the chain holds still,
 * and one more round syncs every wallet to that tip. Resolves with the truth of that tip. (Waiting
 * for a round that fits between two blocks instead is at the mercy of the machine's load.)
 */
export async function stopLiveAndCatchUp(f: FaultEnv): Promise<Truth> {
  await f.sim.control('/live', { seconds: 0 });
  const tip = await simTip(f);
  await syncRound(f);
  const truth = await f.sim.control<Truth>('/truth');
  if (truth.tip.hash !== tip.hash) throw new Error('the chain moved after live mode stopped');
  return truth;
}

/**
 * The time of every block the truth's records are in, asked of the simulator's Blockfrost API (the
 * ground truth; the chain cache a rollback prunes cannot be): for the snapshot days of the check.
 */
export async function simBlockTimes(f: FaultEnv, truth: Truth): Promise<Map<number, number>> {
  const heights = new Set(truth.wallets.flatMap((w) => w.expected.transactions.map((t) => t.blockHeight)));
  const times = new Map<number, number>();
  for (const h of heights) {
    const res = await fetch(`${f.sim.url}/blocks/${h}`, { headers: { project_id: f.sim.projectId } });
    if (!res.ok) throw new Error(`simulator /blocks/${h}: ${res.status}`);
    times.set(h, ((await res.json()) as { time: number }).time);
  }
  return times;
}
