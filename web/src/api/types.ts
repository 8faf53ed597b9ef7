/**
 * The JSON shapes the dashboard reads from the API (src/api, built on src/portfolio's views). Amounts
 * are integer strings in base units (`quantity`, lovelace) plus, where the API applies decimals, an
 * exact decimal string (`amount`). The dashboard never parses either into a float for display.
 */

export interface TokenInfo {
  unit: string;
  name: string | null;
  ticker: string | null;
  decimals: number;
}

export interface Holding extends TokenInfo {
  /** Σ over the selected wallets, base units. */
  quantity: string;
  /** `quantity` with decimals applied (exact). */
  amount: string;
  wallets: Array<{ walletAddress: string; quantity: string; amount: string; asOf: string }>;
}

export type UnpricedReason = 'no_source' | 'stale' | 'outside_history';

/** A holding valued in one currency: `price`/`value` exact decimal text, null when unpriced. */
export interface ValuedHolding extends Holding {
  price: string | null;
  value: string | null;
  priceSource: string | null;
  priceDate: string | null;
  priceStale: boolean;
  priceReason: UnpricedReason | null;
}

export interface ValueChange {
  since: string;
  from: string;
  to: string;
  absolute: string;
  percent: string | null;
}

export interface ValuedPortfolio {
  currency: string;
  asOf: string | null;
  valuedAt: string;
  holdings: ValuedHolding[];
  total: {
    value: string | null;
    pricedUnits: number;
    unpricedUnits: Array<{ unit: string; reason: UnpricedReason; priceDate: string | null }>;
  };
  change24h: ValueChange | null;
  change7d: ValueChange | null;
  pricesAvailable: boolean;
}

export interface UserSettings {
  preferredCurrency: string | null;
  timeZone: string | null;
  /** What values are shown in: the preferred currency or the deployment's base currency. */
  currency: string;
  currencies: string[];
  /** Cost-basis settings (null: the default); absent on an API without gains. */
  costBasisMethod?: CostBasisMethod | null;
  taxYearStart?: string | null;
  rewardPolicy?: RewardPolicy | null;
  feePolicy?: FeePolicy | null;
  /** The same with the defaults applied. */
  costBasis?: CostBasisSettings;
  accepted?: { methods: CostBasisMethod[]; rewardPolicies: RewardPolicy[]; feePolicies: FeePolicy[] };
}

export type HistoryInterval = 'day' | 'week' | 'month';

export interface HoldingsHistory {
  interval: HistoryInterval;
  from: string;
  to: string;
  tokens: TokenInfo[];
  /** Start (UTC ISO) of every bucket, oldest first. */
  buckets: string[];
  /**
   * Per token, in the order of `tokens`, only its changes: from bucket `at[i]` (an index into
   * `buckets`) until its next change it holds `amounts[i]`, an exact decimal string (decimals applied).
   * Expand with `historyValues`.
   */
  series: Array<{ unit: string; at: number[]; amounts: string[] }>;
  /** Present when asked with a currency: value of the priced holdings per bucket (null: none priced). */
  values?: { currency: string; totals: Array<string | null>; unpriced: number[] };
}

export interface Flow extends TokenInfo {
  quantity: string;
  amount: string;
}

export interface Transaction {
  id: string;
  walletAddress: string;
  txHash: string;
  blockHeight: number;
  timestamp: string;
  action: string;
  protocol: string | null;
  description: string | null;
  /** Net lovelace change for this wallet (signed integer string). */
  netAdaChange: string;
  /** Lovelace this wallet paid in fees. */
  fees: string;
  actionId: string | null;
  flows: Flow[];
}

/** One logical action spanning transactions: a DEX order and its fill or refund. */
export interface LinkedAction {
  id: string;
  walletAddress: string;
  actionType: string;
  protocol: string | null;
  /** 'open' | 'completed' | 'refunded' */
  status: string;
  description: string | null;
  linkKey: string | null;
  startedAt: string;
  completedAt: string | null;
  transactions: Array<{ id: string; txHash: string; sequenceNumber: number | null }>;
}

export interface TransactionDetail extends Transaction {
  linkedAction: LinkedAction | null;
}

export interface TransactionPage {
  items: Transaction[];
  nextCursor: string | null;
}

export interface TransactionFilters {
  /** One of the user's wallet ids. */
  walletId?: string;
  action?: string;
  protocol?: string;
  /** `lovelace` or policy id + hex asset name. */
  unit?: string;
  /** ISO instant, inclusive. */
  from?: string;
  /** ISO instant, exclusive. */
  to?: string;
}

export interface Reconciliation {
  status: 'matched' | 'mismatch';
  computedLovelace: string;
  chainLovelace: string;
  /** chain − computed, lovelace. */
  differenceLovelace: string;
  checkedAt: string;
  details?: Record<string, unknown>;
}

export interface Wallet {
  id: string;
  address: string;
  kind: 'payment' | 'stake';
  label: string | null;
  lastSyncedAt: string | null;
  /** The block up to which the wallet's records are stored (the sync cursor). */
  syncedToBlock: number | null;
  /** Last reconciliation's verdict; its amounts come from `/api/wallets/:id/reconciliation`. */
  reconciliationStatus: 'matched' | 'mismatch' | null;
  createdAt: string;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType?: string;
  /** Seconds the access token lives. */
  expiresIn: number;
}

export interface Challenge {
  nonce: string;
  /** The exact text the wallet signs. */
  message: string;
  expiresAt?: string;
}

export interface Me {
  id: string;
  primaryAddress: string | null;
  createdAt: string;
}

// ---- staking (GET /api/staking; mirrors src/portfolio/staking-query-service.ts) ----------------------

export type RewardType = 'member' | 'leader' | 'pool_deposit_refund' | 'mir';

/** Σ rewards + Σ MIR − Σ withdrawals against the chain's withdrawable amount (lovelace strings). */
export interface RewardsLedger {
  status: 'matched' | 'mismatch';
  rewardsLovelace: string;
  mirLovelace: string;
  withdrawnLovelace: string;
  computedLovelace: string;
  withdrawableLovelace: string;
  /** withdrawable − computed. */
  differenceLovelace: string;
  /** On a mismatch, the staked epochs with no stored reward (where a missing reward would explain it). */
  gapEpochs: number[];
}

/** A stake wallet's pool in the latest epoch of its stake history. */
export interface Delegation {
  walletId: string;
  walletAddress: string;
  label: string | null;
  /** Null when the account was never delegated. */
  poolId: string | null;
  /** Ticker, else name, else the pool id. */
  poolLabel: string | null;
  poolMetadataError: string | null;
  activeEpoch: number | null;
  activeStakeLovelace: string | null;
  /** Null before the first reconciliation. */
  ledger: RewardsLedger | null;
}

/** One reward, valued when it became spendable (`value` null with `unpricedReason` when unpriced). */
export interface StakingReward {
  walletAddress: string;
  epoch: number;
  spendableEpoch: number;
  spendableAt: string;
  type: RewardType;
  poolId: string | null;
  poolLabel: string | null;
  amountLovelace: string;
  price: string | null;
  value: string | null;
  priceDate: string | null;
  unpricedReason: UnpricedReason | null;
  activeStakeLovelace: string | null;
  /** Decimal fractions (0.0312 = 3.12 % a year). */
  annualisedYield: string | null;
  poolAnnualisedYield: string | null;
}

export interface RewardTotal {
  count: number;
  amountLovelace: string;
  /** Σ of the priced rewards; null when there are rewards and none is priced. */
  value: string | null;
  /** Rewards without a price: not in `value`. */
  unpriced: number;
}

export interface EpochTotal extends RewardTotal {
  epoch: number;
  annualisedYield: string | null;
  poolAnnualisedYield: string | null;
}

export interface StakingReport {
  currency: string;
  epochsPerYear: number;
  delegations: Delegation[];
  /** Oldest first. */
  rewards: StakingReward[];
  byEpoch: EpochTotal[];
  byPool: Array<RewardTotal & { poolId: string | null; poolLabel: string | null }>;
  /** Calendar years in the user's time zone. */
  byYear: Array<RewardTotal & { year: number }>;
  total: RewardTotal;
}

export interface StakingFilters {
  walletId?: string;
  currency?: string;
  /** ISO instant: spendable from (inclusive). */
  from?: string;
  /** ISO instant: spendable before (exclusive). */
  to?: string;
  types?: RewardType[];
}

// ---- gains (GET /api/gains; contract in docs/gains-api.md) -------------------------------------------

export type CostBasisMethod = 'fifo' | 'lifo' | 'hifo' | 'average' | 'uk';
export type RewardPolicy = 'when_earned' | 'when_withdrawn';
export type FeePolicy = 'add_to_basis' | 'disposal';
export type GainsFlag = 'missing_basis' | 'missing_price';
/** A disposal's flags: the warnings, and what kind of disposal it is (a swap, a fee, a loss). */
export type DisposalFlag = GainsFlag | 'swap' | 'fee' | 'loss';
export type GainsTerm = 'short' | 'long' | 'n/a';

/** One disposal (or the part of one with the same term). Money is exact decimal text. */
export interface GainsDisposal {
  eventId: string;
  /** Null for a reward. */
  txHash: string | null;
  walletId: string;
  walletAddress: string;
  unit: string;
  ticker: string | null;
  name: string | null;
  /** Whole tokens (decimals applied), exact text. */
  quantity: string;
  /** ISO instant, `various`, or null when nothing matched. */
  dateAcquired: string | null;
  dateSold: string;
  proceeds: string;
  cost: string;
  gain: string;
  term: GainsTerm;
  flags: DisposalFlag[];
}

export interface GainsTokenRealized {
  unit: string;
  ticker: string | null;
  name: string | null;
  quantity: string;
  proceeds: string;
  cost: string;
  gain: string;
}

export interface GainsTokenUnrealized {
  unit: string;
  ticker: string | null;
  name: string | null;
  quantity: string;
  cost: string;
  /** Null: no price. */
  value: string | null;
  /** Null: no price. */
  gain: string | null;
}

export interface GainsIncomeRow {
  eventId: string;
  walletAddress: string;
  date: string;
  unit: string;
  quantity: string;
  value: string;
  missingPrice: boolean;
}

export interface GainsWarning {
  kind: GainsFlag;
  eventId: string;
  /** Null for a reward. */
  txHash: string | null;
  walletAddress: string;
  time: string;
  unit: string;
  ticker: string | null;
  quantity: string;
}

export interface GainsReport {
  method: CostBasisMethod;
  currency: string;
  /** `M-D`, e.g. `4-6`. */
  taxYearStart: string;
  rewardPolicy: RewardPolicy;
  feePolicy: FeePolicy;
  period: { year: number | null; from: string | null; to: string | null };
  disposals: GainsDisposal[];
  realized: {
    proceeds: string;
    cost: string;
    gain: string;
    shortTermGain: string;
    longTermGain: string;
    byToken: GainsTokenRealized[];
    byYear: Array<{ year: number; proceeds: string; cost: string; gain: string }>;
  };
  unrealized: {
    cost: string;
    value: string;
    gain: string;
    unpriced: number;
    byToken: GainsTokenUnrealized[];
  };
  income: {
    total: string;
    byYear: Array<{ year: number; count: number; value: string }>;
    rows: GainsIncomeRow[];
  };
  warnings: GainsWarning[];
  counts: { missingBasis: number; missingPrice: number; events: number };
}

/** The query of `/api/gains` and its exports; an absent field takes the user's saved setting. */
export interface GainsQuery {
  method?: CostBasisMethod;
  currency?: string;
  /** A tax-year label (the tax year that starts in it); absent: all time. */
  year?: number;
  walletIds?: string;
  rewardPolicy?: RewardPolicy;
  feePolicy?: FeePolicy;
}

export type GainsExportFormat = 'koinly' | 'cointracker' | 'ledger' | '8949';

/** The cost-basis part of the settings, defaults applied. */
export interface CostBasisSettings {
  method: CostBasisMethod;
  taxYearStart: string;
  rewardPolicy: RewardPolicy;
  feePolicy: FeePolicy;
}

export interface CostBasisSettingsPatch {
  costBasisMethod?: CostBasisMethod | null;
  taxYearStart?: string | null;
  rewardPolicy?: RewardPolicy | null;
  feePolicy?: FeePolicy | null;
}
