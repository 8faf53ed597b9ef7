import { describe, expect, it } from 'vitest';
import { MemoryTokenBucket } from '../../../src/chain/limiter/memory-token-bucket.js';
import { DailyBudgetExhaustedError } from '../../../src/chain/errors/daily-budget-exhausted.error.js';
import { dexHistoryBudget } from '../../../src/prices/create-price-sources.js';

describe('the DEX history budget (PRICE_DEX_DAILY_REQUESTS)', () => {
  it("counts per UTC day of the price code's present time, not the process clock: a day moved on by it gets a new budget", async () => {
    let now = Date.parse('2026-01-10T23:00:00Z');
    const budget = dexHistoryBudget(3, new MemoryTokenBucket(), () => now);
    for (let i = 0; i < 3; i++) await budget.take();
    await expect(budget.take()).rejects.toBeInstanceOf(DailyBudgetExhaustedError);
    now += 3_600_000; // 2026-01-11T00:00Z
    for (let i = 0; i < 3; i++) await budget.take();
    await expect(budget.take()).rejects.toBeInstanceOf(DailyBudgetExhaustedError);
  });
});
