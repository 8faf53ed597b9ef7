import type { StakePoolStore } from '../db/repositories/stake-pool-store.js';
import type { StakingRewardRepository } from '../db/repositories/staking-reward-repository.js';
import type { Wallet } from '../db/repositories/wallet-repository.js';
import { formatAmount } from '../domain/amounts.js';
import { LOVELACE } from '../domain/prices/price-types.js';
import { epochsPerYear } from '../domain/staking/epoch-clock.js';
import type { RewardsLedgerResult } from '../domain/staking/rewards-ledger.js';
import {
  buildStakingReport,
  type PoolEpochFigures,
  type StakingReport,
} from '../domain/staking/staking-report.js';
import type { RewardType } from '../domain/staking/staking-types.js';
import { csvLine } from './csv-field.js';
import type { PriceBookLoader } from './price-book-loader.js';

export interface Delegation {
  walletId: string;
  walletAddress: string;
  label: string | null;
  /** The pool of the latest epoch in the stake history; null when never delegated. */
  poolId: string | null;
  poolLabel: string | null;
  poolMetadataError: string | null;
  activeEpoch: number | null;
  activeStakeLovelace: string | null;
  /** The rewards ledger of the last reconciliation (null before the first). */
  ledger: RewardsLedgerResult | null;
}

export interface StakingQuery {
  walletAddresses?: string[];
  currency: string;
  timeZone?: string;
  from?: Date;
  to?: Date;
  types?: RewardType[];
}

/** Mainnet's 5-day epochs, until an epoch was read. */
const DEFAULT_EPOCHS_PER_YEAR = 73;

/**
 * The read side of staking: rewards valued at receipt in the user's currency, yields against the pools',
 * totals per epoch, pool and year, current delegations, and a CSV of the rewards.
 */
export class StakingQueryService {
  constructor(
    private readonly deps: {
      rewards: Pick<StakingRewardRepository, 'list' | 'stakeHistory'>;
      pools: Pick<StakePoolStore, 'pools' | 'history' | 'latestEpoch'>;
      books: PriceBookLoader;
      wallets: { list(userId: string): Promise<Wallet[]> };
    },
  ) {}

  async report(
    userId: string,
    q: StakingQuery,
  ): Promise<StakingReport & { delegations: Delegation[]; epochsPerYear: number }> {
    const [rows, book, latest, wallets, history] = await Promise.all([
      this.deps.rewards.list(userId, q),
      this.deps.books.book([LOVELACE], q.currency),
      this.deps.pools.latestEpoch(),
      this.deps.wallets.list(userId),
      this.deps.rewards.stakeHistory(userId, q.walletAddresses),
    ]);
    const perYear = latest ? epochsPerYear(latest.epoch) : DEFAULT_EPOCHS_PER_YEAR;
    const poolIds = new Set<string>();
    for (const r of rows) if (r.poolId) poolIds.add(r.poolId);
    const lastEpoch = new Map<string, (typeof history)[number]>();
    for (const h of history) lastEpoch.set(h.walletAddress, h);
    for (const h of lastEpoch.values()) poolIds.add(h.poolId);
    const [poolHistory, pools] = await Promise.all([
      this.deps.pools.history([...poolIds]),
      this.deps.pools.pools([...poolIds]),
    ]);
    const poolResults = new Map<string, Map<number, PoolEpochFigures>>();
    for (const [id, results] of poolHistory) poolResults.set(id, new Map(results.map((r) => [r.epoch, r])));
    const report = buildStakingReport({
      rewards: rows,
      book,
      currency: q.currency,
      epochsPerYear: perYear,
      poolResults,
      ...(q.timeZone ? { timeZone: q.timeZone } : {}),
    });
    const scope = q.walletAddresses ? new Set(q.walletAddresses) : null;
    const delegations: Delegation[] = wallets
      .filter((w) => w.kind === 'stake' && (!scope || scope.has(w.address)))
      .map((w) => {
        const h = lastEpoch.get(w.address);
        const pool = h ? pools.get(h.poolId) : undefined;
        const ledger = (w.reconciliation?.details as { rewards?: RewardsLedgerResult } | undefined)?.rewards;
        return {
          walletId: w.id,
          walletAddress: w.address,
          label: w.label,
          poolId: h?.poolId ?? null,
          poolLabel: h ? (pool?.ticker ?? pool?.name ?? h.poolId) : null,
          poolMetadataError: pool?.metadataError ?? null,
          activeEpoch: h?.activeEpoch ?? null,
          activeStakeLovelace: h?.activeStake.toString() ?? null,
          ledger: ledger ?? null,
        };
      });
    return { ...report, delegations, epochsPerYear: perYear };
  }

  /** The rewards as CSV: one row per reward, value at receipt in the query's currency. */
  async *csv(userId: string, q: StakingQuery): AsyncGenerator<string> {
    const report = await this.report(userId, q);
    yield csvLine([
      'Spendable at (UTC)',
      'Epoch earned',
      'Spendable epoch',
      'Wallet',
      'Type',
      'Pool',
      'Pool id',
      'Amount (ADA)',
      'Amount (lovelace)',
      `Price (${q.currency} per ADA)`,
      `Value (${q.currency})`,
      'Price date',
      'Unpriced reason',
      'Annualised yield',
      'Pool annualised yield',
    ]);
    for (const r of report.rewards) {
      yield csvLine([
        r.spendableAt,
        r.epoch,
        r.spendableEpoch,
        r.walletAddress,
        r.type,
        r.poolLabel,
        r.poolId,
        formatAmount(BigInt(r.amountLovelace), 6),
        r.amountLovelace,
        r.price,
        r.value,
        r.priceDate,
        r.unpricedReason,
        r.annualisedYield,
        r.poolAnnualisedYield,
      ]);
    }
  }
}
