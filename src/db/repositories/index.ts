import type { Database } from '../prisma-client.js';
import { PrismaAuthChallengeRepository } from './prisma-auth-challenge-repository.js';
import { PgPriceRepository } from './pg-price-repository.js';
import { PrismaChainTransactionRepository } from './prisma-chain-transaction-repository.js';
import { PrismaSnapshotRepository } from './prisma-snapshot-repository.js';
import { PrismaTransactionRepository } from './prisma-transaction-repository.js';
import { PrismaUserRepository } from './prisma-user-repository.js';
import { PrismaWalletRepository } from './prisma-wallet-repository.js';
import { PrismaStakingRewardRepository } from './prisma-staking-reward-repository.js';
import { PgStakePoolStore } from './pg-stake-pool-store.js';

export type { AuthChallengeRepository } from './auth-challenge-repository.js';
export type { ChainTransactionRepository, CachedChainTransaction } from './chain-transaction-repository.js';
export type { PriceRepository, DailyPriceQuery } from './price-repository.js';
export type { SnapshotRepository, HoldingSnapshotRow } from './snapshot-repository.js';
export type { TransactionRepository, NewWalletTransaction, OpenActionRow } from './transaction-repository.js';
export type { UserRepository, User } from './user-repository.js';
export type { WalletRepository, Wallet, WalletKind, ReconciliationResult } from './wallet-repository.js';
export type { StakingRewardRepository, StakingRewardRow } from './staking-reward-repository.js';
export type { StakePoolStore, StoredPool } from './stake-pool-store.js';
export { WalletAlreadyLinkedError } from './wallet-repository.js';

/** The repositories every entry point (API, worker, CLI) builds from one database (Prisma + its pool). */
export function createRepositories({ prisma, sql }: Pick<Database, 'prisma' | 'sql'>) {
  return {
    users: new PrismaUserRepository(prisma),
    wallets: new PrismaWalletRepository(prisma, sql),
    authChallenges: new PrismaAuthChallengeRepository(prisma),
    transactions: new PrismaTransactionRepository(prisma, sql),
    snapshots: new PrismaSnapshotRepository(prisma, sql),
    chainTransactions: new PrismaChainTransactionRepository(prisma, sql),
    prices: new PgPriceRepository(sql),
    stakingRewards: new PrismaStakingRewardRepository(prisma, sql),
    stakePools: new PgStakePoolStore(sql),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;
