/**
 * The cost-basis engine (pure: no I/O). Quantities are bigint base units, money is decimal.js.
 *
 *   const events = normalizeEvents({ records, rewards, price, ownWallets, rewardPolicy });
 *   const result = computeCostBasis(events, settings, { checkpointAt: [n] });
 *   const again = computeCostBasis(newEvents, settings, { from: latestUsableCheckpoint(cps, firstChanged, settings) ?? undefined });
 *   const report = gainsReport(result, { taxYear: 2024, currentPrice });
 *
 * See README.md in this folder.
 */
export * from './types.js';
export * from './settings.js';
export * from './tax-year.js';
export { InvalidCostBasisSettingError } from './invalid-setting.error.js';
export { Money, money } from './money.js';
export type { DisposalFlag, Leg } from './legs.js';
export type {
  Lot,
  LotStrategy,
  Match,
  MatchedPiece,
  MatchRule,
  StrategySnapshot,
} from './methods/lot-strategy.js';
export { createLotStrategy } from './methods/factory.js';
export { UK_LOOKAHEAD_DAYS } from './methods/uk-pooling.js';
export type {
  Checkpoint,
  CostBasisResult,
  CostBasisTotals,
  CostBasisWarning,
  Disposal,
  IncomeRow,
  Term,
} from './result.js';
export { computeCostBasis, type ComputeOptions } from './engine.js';
export {
  CheckpointMismatchError,
  isCheckpointUsable,
  latestUsableCheckpoint,
  parseCheckpoint,
  serializeCheckpoint,
  type CheckpointJson,
} from './checkpoint.js';
export { checkpointAt, resumeFrom } from './resume.js';
export {
  normalizeEvents,
  orderWalletOf,
  listingWalletOf,
  type NormalizableRecord,
  type NormalizeInput,
  type PriceLookup,
  type RewardInput,
} from './normalize.js';
export {
  gainsReport,
  type GainsReport,
  type GainsReportOptions,
  type UnrealizedRow,
} from './gains-report.js';
