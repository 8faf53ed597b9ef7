import type { CostBasisMethod, FeePolicy, GainsExportFormat, RewardPolicy } from '../api/types.js';

/** The selectors' choices, in the order they are offered, with their labels. */

export const METHODS: ReadonlyArray<{ id: CostBasisMethod; label: string }> = [
  { id: 'fifo', label: 'FIFO' },
  { id: 'lifo', label: 'LIFO' },
  { id: 'hifo', label: 'HIFO (highest cost first)' },
  { id: 'average', label: 'Average cost' },
  { id: 'uk', label: 'UK pooling' },
];

export const REWARD_POLICIES: ReadonlyArray<{ id: RewardPolicy; label: string }> = [
  { id: 'when_earned', label: 'Income when earned' },
  { id: 'when_withdrawn', label: 'Income when withdrawn' },
];

export const FEE_POLICIES: ReadonlyArray<{ id: FeePolicy; label: string }> = [
  { id: 'add_to_basis', label: 'Added to cost basis' },
  { id: 'disposal', label: 'Disposals' },
];

/** Tax-year starts as the API stores them (`M-D`). */
export const TAX_YEAR_STARTS: ReadonlyArray<{ id: string; label: string }> = [
  { id: '1-1', label: '1 January' },
  { id: '4-6', label: '6 April (UK)' },
  { id: '7-1', label: '1 July (AU)' },
  { id: '10-1', label: '1 October' },
];

export const EXPORT_FORMATS: ReadonlyArray<{ id: GainsExportFormat; label: string; title: string }> = [
  { id: 'koinly', label: 'Koinly', title: "Koinly's universal CSV: one row per transaction" },
  { id: 'cointracker', label: 'CoinTracker', title: 'CoinTracker CSV' },
  { id: 'ledger', label: 'Ledger', title: 'Every normalized event with its basis' },
  { id: '8949', label: 'Form 8949', title: 'Capital gains in the layout of IRS Form 8949' },
];

export function labelOf(list: ReadonlyArray<{ id: string; label: string }>, id: string): string {
  return list.find((o) => o.id === id)?.label ?? id;
}
