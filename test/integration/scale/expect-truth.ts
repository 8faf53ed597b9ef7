// The end state every fault run asserts: no difference from the truth (records, flows, snapshots,
// rewards: none missing, extra, duplicated or changed), every wallet reconciled, and the counts whole.
import { expect } from 'vitest';
import type { FaultRun } from '../../../bench/scale/fault-run.js';
import type { TruthCheck } from '../../../bench/scale/truth-check.js';

/** Asserts `check` is the whole truth and returns its figures as one line for the run's log. */
export function expectEqualToTruth(
  check: TruthCheck,
  run: Pick<FaultRun, 'tracked' | 'walletTransactions'>,
  label = 'fault run',
): string {
  expect(check.problems, label).toEqual([]);
  expect(check.reconciled, label).toBe(run.tracked.length);
  expect(check.records.expected, label).toBe(run.walletTransactions);
  expect(check.records.stored, label).toBe(check.records.expected);
  expect(check.snapshots.stored, label).toBe(check.snapshots.expected);
  // Every fault run's chain has stake accounts with rewards: a run that compared none proved nothing.
  expect(check.rewards.expected, label).toBeGreaterThan(0);
  expect(check.rewards.stored, label).toBe(check.rewards.expected);
  return `${check.wallets} wallets, ${check.records.stored} records, ${check.snapshots.stored} snapshots, ${check.rewards.stored} rewards equal to the truth`;
}
