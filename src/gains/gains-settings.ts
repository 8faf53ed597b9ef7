import {
  COST_BASIS_METHODS,
  DEFAULT_COST_BASIS_SETTINGS,
  FEE_POLICIES,
  InvalidCostBasisSettingError,
  parseCostBasisMethod,
  parseTaxYearStart,
  REWARD_POLICIES,
  type CostBasisSettings,
  type FeePolicy,
  type RewardPolicy,
  type TaxYearStart,
} from '../domain/cost-basis/index.js';
import type { UserSettings } from '../db/repositories/user-settings-repository.js';

/** What a request may override of the user's saved cost-basis settings (raw text, validated here). */
export interface CostBasisOverrides {
  method?: string | undefined;
  taxYearStart?: string | undefined;
  rewardPolicy?: string | undefined;
  feePolicy?: string | undefined;
}

export const ACCEPTED = {
  methods: COST_BASIS_METHODS,
  rewardPolicies: REWARD_POLICIES,
  feePolicies: FEE_POLICIES,
} as const;

/** Bad input to a gains report (API: 400, CLI: usage error), with the accepted values when a list. */
export class GainsInputError extends Error {
  constructor(
    message: string,
    readonly accepted?: readonly string[],
  ) {
    super(message);
    this.name = 'GainsInputError';
  }
}

/** A bad setting, with the name the API and CLI use for it and the accepted values. */
export class CostBasisSettingError extends GainsInputError {
  constructor(
    readonly field: string,
    accepted: readonly string[],
  ) {
    super(`${field} must be one of ${accepted.join(', ')}`, accepted);
    this.name = 'CostBasisSettingError';
  }
}

function oneOf<T extends string>(field: string, accepted: readonly T[], value: string): T {
  const v = value.trim().toLowerCase();
  if ((accepted as readonly string[]).includes(v)) return v as T;
  throw new CostBasisSettingError(field, accepted);
}

export function parseMethod(field: string, value: string) {
  try {
    return parseCostBasisMethod(value.trim().toLowerCase());
  } catch (error) {
    if (error instanceof InvalidCostBasisSettingError)
      throw new CostBasisSettingError(field, COST_BASIS_METHODS);
    throw error;
  }
}

export function parseYearStart(field: string, value: string): TaxYearStart {
  try {
    return parseTaxYearStart(value);
  } catch (error) {
    if (error instanceof InvalidCostBasisSettingError)
      throw new CostBasisSettingError(field, ['1-1', '4-6', '7-1', '10-1', 'any M-D but 2-29']);
    throw error;
  }
}

export const parseRewardPolicy = (field: string, v: string): RewardPolicy => oneOf(field, REWARD_POLICIES, v);
export const parseFeePolicy = (field: string, v: string): FeePolicy => oneOf(field, FEE_POLICIES, v);

export const yearStartText = (s: TaxYearStart) => `${s.month}-${s.day}`;

/**
 * The settings a report runs with: the request's overrides, else the user's saved ones, else the
 * defaults. `currency` is the API's (already validated) currency code.
 */
export function resolveCostBasisSettings(
  saved: Pick<UserSettings, 'costBasisMethod' | 'taxYearStart' | 'rewardPolicy' | 'feePolicy'> | null,
  overrides: CostBasisOverrides,
  currency: string,
): CostBasisSettings {
  const d = DEFAULT_COST_BASIS_SETTINGS;
  const method = overrides.method ?? saved?.costBasisMethod ?? null;
  const start = overrides.taxYearStart ?? saved?.taxYearStart ?? null;
  const reward = overrides.rewardPolicy ?? saved?.rewardPolicy ?? null;
  const fee = overrides.feePolicy ?? saved?.feePolicy ?? null;
  return {
    method: method === null ? d.method : parseMethod('method', method),
    currency,
    taxYearStart: start === null ? d.taxYearStart : parseYearStart('taxYearStart', start),
    rewardPolicy: reward === null ? d.rewardPolicy : parseRewardPolicy('rewardPolicy', reward),
    feePolicy: fee === null ? d.feePolicy : parseFeePolicy('feePolicy', fee),
  };
}

export const settingsKey = (s: CostBasisSettings) =>
  `${s.method}:${s.currency}:${yearStartText(s.taxYearStart)}:${s.rewardPolicy}:${s.feePolicy}`;
