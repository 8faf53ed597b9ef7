import type { PrismaClient } from '../prisma-client.js';
import { PrismaAuthChallengeRepository } from './prisma-auth-challenge-repository.js';
import { PrismaChainTransactionRepository } from './prisma-chain-transaction-repository.js';
import { PrismaSnapshotRepository } from './prisma-snapshot-repository.js';
import { PrismaTransactionRepository } from './prisma-transaction-repository.js';
import { PrismaUserRepository } from './prisma-user-repository.js';
import { PrismaWalletRepository } from './prisma-wallet-repository.js';

export type { AuthChallengeRepository } from './auth-challenge-repository.js';
export type { ChainTransactionRepository, CachedChainTransaction } from './chain-transaction-repository.js';
export type { SnapshotRepository, HoldingSnapshotRow } from './snapshot-repository.js';
export type { TransactionRepository, NewWalletTransaction, OpenActionRow } from './transaction-repository.js';
export type { UserRepository, User } from './user-repository.js';
export type { WalletRepository, Wallet, WalletKind, ReconciliationResult } from './wallet-repository.js';
export { WalletAlreadyLinkedError } from './wallet-repository.js';

/** The repositories every entry point (API, worker, CLI) builds from one Prisma client. */
export function createRepositories(prisma: PrismaClient) {
  return {
    users: new PrismaUserRepository(prisma),
    wallets: new PrismaWalletRepository(prisma),
    authChallenges: new PrismaAuthChallengeRepository(prisma),
    transactions: new PrismaTransactionRepository(prisma),
    snapshots: new PrismaSnapshotRepository(prisma),
    chainTransactions: new PrismaChainTransactionRepository(prisma),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;
