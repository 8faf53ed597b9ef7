import { computeCostBasis } from './engine.js';
import type { Checkpoint, CostBasisResult } from './result.js';
import type { CostBasisSettings } from './settings.js';
import type { CostBasisEvent } from './types.js';

/** The engine's state after the first `count` events (a run of just those). */
export function checkpointAt(
  events: readonly CostBasisEvent[],
  settings: CostBasisSettings,
  count: number,
): Checkpoint {
  if (!Number.isInteger(count) || count < 0 || count > events.length)
    throw new RangeError(`checkpoint count ${count} outside 0…${events.length}`);
  return computeCostBasis(events, settings, { checkpointAt: [count], until: count }).checkpoints[0]!;
}

/** Processes `events` from `checkpoint.eventCount` on; `events` is the full, current list. */
export function resumeFrom(
  checkpoint: Checkpoint,
  events: readonly CostBasisEvent[],
  settings: CostBasisSettings,
): CostBasisResult {
  return computeCostBasis(events, settings, { from: checkpoint });
}
