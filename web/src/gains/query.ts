import type {
  CostBasisMethod,
  CostBasisSettings,
  FeePolicy,
  GainsQuery,
  GainsReport,
  RewardPolicy,
  UserSettings,
} from '../api/types.js';

/**
 * What the Gains page's selectors chose. An absent method or policy is not sent, so the API applies
 * the user's saved setting (then its default); `year` null is all time.
 */
export interface GainsChoice {
  method?: CostBasisMethod;
  rewardPolicy?: RewardPolicy;
  feePolicy?: FeePolicy;
  taxYearStart?: string;
  year: number | null;
  /** One of the user's wallets ('' or absent: all); basis is still computed over all of them. */
  walletId?: string;
  currency: string;
}

export const DEFAULT_COST_BASIS: CostBasisSettings = {
  method: 'fifo',
  taxYearStart: '1-1',
  rewardPolicy: 'when_earned',
  feePolicy: 'add_to_basis',
};

/** The `/api/gains` query of a choice (also the exports' query). */
export function toGainsQuery(choice: GainsChoice): GainsQuery {
  const q: GainsQuery = { currency: choice.currency };
  if (choice.method) q.method = choice.method;
  if (choice.rewardPolicy) q.rewardPolicy = choice.rewardPolicy;
  if (choice.feePolicy) q.feePolicy = choice.feePolicy;
  if (choice.year !== null) q.year = choice.year;
  if (choice.walletId) q.walletIds = choice.walletId;
  return q;
}

/** A stable key of a query, to tell a stale response from the current one. */
export function queryKey(q: GainsQuery): string {
  return JSON.stringify(Object.entries(q).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * What the selectors show: the choice, else what the last report was computed with, else the saved
 * settings (defaults applied), else the defaults.
 */
export function effectiveSettings(
  choice: GainsChoice,
  report: GainsReport | undefined,
  settings: UserSettings | undefined,
): CostBasisSettings {
  const saved = settings?.costBasis ?? DEFAULT_COST_BASIS;
  return {
    method: choice.method ?? report?.method ?? saved.method,
    rewardPolicy: choice.rewardPolicy ?? report?.rewardPolicy ?? saved.rewardPolicy,
    feePolicy: choice.feePolicy ?? report?.feePolicy ?? saved.feePolicy,
    taxYearStart: choice.taxYearStart ?? report?.taxYearStart ?? saved.taxYearStart,
  };
}

/** The PATCH that saves the shown settings as the user's defaults. */
export function settingsPatch(s: CostBasisSettings) {
  return {
    costBasisMethod: s.method,
    rewardPolicy: s.rewardPolicy,
    feePolicy: s.feePolicy,
    taxYearStart: s.taxYearStart,
  };
}

/** Whether the shown settings differ from the saved ones (the Save button is only useful then). */
export function differsFromSaved(shown: CostBasisSettings, settings: UserSettings | undefined): boolean {
  const saved = settings?.costBasis ?? DEFAULT_COST_BASIS;
  return (
    shown.method !== saved.method ||
    shown.rewardPolicy !== saved.rewardPolicy ||
    shown.feePolicy !== saved.feePolicy ||
    shown.taxYearStart !== saved.taxYearStart
  );
}
