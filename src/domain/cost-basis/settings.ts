import { InvalidCostBasisSettingError } from './invalid-setting.error.js';

export const COST_BASIS_METHODS = ['fifo', 'lifo', 'hifo', 'average', 'uk'] as const;
/**
 * fifo / lifo: oldest / newest lot of the disposing wallet first. hifo: highest cost per unit first.
 * average: one running weighted-average pool per unit across all wallets. uk: HMRC share matching
 * (same day, then the next 30 days, then the Section 104 pool).
 */
export type CostBasisMethod = (typeof COST_BASIS_METHODS)[number];

export const REWARD_POLICIES = ['when_earned', 'when_withdrawn'] as const;
/**
 * when_earned: a staking reward is income when it is credited to the reward account (its spendable
 * time); the later withdrawal is a movement, not an event. when_withdrawn: income at the withdrawal.
 */
export type RewardPolicy = (typeof REWARD_POLICIES)[number];

export const FEE_POLICIES = ['add_to_basis', 'disposal'] as const;
/**
 * add_to_basis: the fee's ADA leaves the lots without a gain or loss (its basis is removed and reported as
 * `feeBasisRemoved`); the fee's FMV is added to the cost of what the same transaction acquired (first
 * acquire or swap of the transaction), else deducted from the proceeds of its first disposal; a fee of a
 * transaction with neither (delegation, transfer) is reported as `unattachedFees` only.
 * disposal: the fee's ADA is a disposal at its FMV (proceeds = FMV, so a gain or loss on the ADA spent);
 * the fee is added to no basis.
 */
export type FeePolicy = (typeof FEE_POLICIES)[number];

/** First day of the tax year: 1-1 (US, calendar), 4-6 (UK), 7-1 (AU). */
export interface TaxYearStart {
  month: number;
  day: number;
}

export interface CostBasisSettings {
  method: CostBasisMethod;
  /** Base currency code of every value (`usd`, `gbp`, …); the engine only carries it. */
  currency: string;
  taxYearStart: TaxYearStart;
  rewardPolicy: RewardPolicy;
  feePolicy: FeePolicy;
}

export const DEFAULT_COST_BASIS_SETTINGS: CostBasisSettings = {
  method: 'fifo',
  currency: 'usd',
  taxYearStart: { month: 1, day: 1 },
  rewardPolicy: 'when_earned',
  feePolicy: 'add_to_basis',
};

function oneOf<T extends string>(setting: string, accepted: readonly T[], value: unknown): T {
  if (typeof value === 'string' && (accepted as readonly string[]).includes(value)) return value as T;
  throw new InvalidCostBasisSettingError(setting, value, accepted);
}

export function parseCostBasisMethod(value: unknown): CostBasisMethod {
  return oneOf('cost-basis method', COST_BASIS_METHODS, value);
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `4-6`, `04-06` or `{ month: 4, day: 6 }`; 29 February is refused (no yearly boundary). */
export function parseTaxYearStart(value: unknown): TaxYearStart {
  let month: unknown;
  let day: unknown;
  if (typeof value === 'string') {
    const m = /^(\d{1,2})-(\d{1,2})$/.exec(value.trim());
    if (m) [month, day] = [Number(m[1]), Number(m[2])];
  } else if (value && typeof value === 'object') {
    ({ month, day } = value as { month?: unknown; day?: unknown });
  }
  if (
    typeof month === 'number' &&
    typeof day === 'number' &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= DAYS_IN_MONTH[month - 1]! &&
    !(month === 2 && day === 29)
  )
    return { month, day };
  throw new InvalidCostBasisSettingError('tax year start', value, ['month-day such as 1-1, 4-6, 7-1']);
}

/** Parses user input (e.g. a JSON body); absent fields take `DEFAULT_COST_BASIS_SETTINGS`. */
export function parseCostBasisSettings(input: unknown): CostBasisSettings {
  const o = (input ?? {}) as Record<string, unknown>;
  if (typeof o !== 'object' || Array.isArray(o))
    throw new InvalidCostBasisSettingError('cost-basis settings', input, ['an object']);
  const d = DEFAULT_COST_BASIS_SETTINGS;
  const currency = o['currency'] ?? d.currency;
  if (typeof currency !== 'string' || !/^[a-z]{3,5}$/i.test(currency))
    throw new InvalidCostBasisSettingError('currency', currency, ['a currency code such as usd, gbp, eur']);
  return {
    method: o['method'] === undefined ? d.method : parseCostBasisMethod(o['method']),
    currency: currency.toLowerCase(),
    taxYearStart: o['taxYearStart'] === undefined ? d.taxYearStart : parseTaxYearStart(o['taxYearStart']),
    rewardPolicy:
      o['rewardPolicy'] === undefined
        ? d.rewardPolicy
        : oneOf('reward policy', REWARD_POLICIES, o['rewardPolicy']),
    feePolicy: o['feePolicy'] === undefined ? d.feePolicy : oneOf('fee policy', FEE_POLICIES, o['feePolicy']),
  };
}
