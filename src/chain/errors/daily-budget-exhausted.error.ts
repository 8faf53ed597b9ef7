import { BlockfrostError, type BlockfrostErrorDetails } from './blockfrost.error.js';

/**
 * The day's request budget is spent: Blockfrost answered 402 (or its daily-cap 429), or our own count
 * reached `dailyLimit - reserve`. Nothing is sent until `resumeAt` (next 00:00 UTC); a job that gets
 * this should be delayed until then, not failed.
 */
export class DailyBudgetExhaustedError extends BlockfrostError {
  override name = 'DailyBudgetExhaustedError';
  constructor(
    readonly resumeAt: Date,
    /** `daily_cap`: Blockfrost said so; `daily_budget`: our own count reached the limit minus the reserve. */
    readonly source: 'daily_cap' | 'daily_budget',
    details: BlockfrostErrorDetails = {},
  ) {
    super(
      'daily_cap',
      source === 'daily_cap'
        ? `Blockfrost's daily request limit is reached; requests resume at ${resumeAt.toISOString()}`
        : `Today's Blockfrost request budget (limit minus reserve) is spent; requests resume at ${resumeAt.toISOString()}`,
      details,
    );
  }
}
