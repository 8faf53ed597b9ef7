import { Prisma, type PrismaClient } from '../prisma-client.js';
import type { Wallet as WalletRow } from '../generated/client.js';
import {
  WalletAlreadyLinkedError,
  type ReconciliationResult,
  type Wallet,
  type WalletCursor,
  type WalletKind,
  type WalletRepository,
} from './wallet-repository.js';
import { isUuid } from './uuid.js';

function toWallet(row: WalletRow): Wallet {
  return {
    id: row.id,
    userId: row.userId,
    address: row.address,
    kind: row.kind,
    label: row.label,
    cursor:
      row.cursorBlockHeight !== null && row.cursorBlockHash !== null
        ? { blockHeight: row.cursorBlockHeight, blockHash: row.cursorBlockHash }
        : null,
    lastSyncedAt: row.lastSyncedAt,
    reconciliation: (row.reconciliation as unknown as ReconciliationResult | null) ?? null,
    createdAt: row.createdAt,
  };
}

export class PrismaWalletRepository implements WalletRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async list(userId: string): Promise<Wallet[]> {
    if (!isUuid(userId)) return [];
    const rows = await this.prisma.wallet.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } });
    return rows.map(toWallet);
  }

  async get(userId: string, walletId: string): Promise<Wallet | null> {
    if (!isUuid(userId) || !isUuid(walletId)) return null;
    const row = await this.prisma.wallet.findFirst({ where: { id: walletId, userId } });
    return row ? toWallet(row) : null;
  }

  async getByAddress(userId: string, address: string): Promise<Wallet | null> {
    if (!isUuid(userId)) return null;
    const row = await this.prisma.wallet.findUnique({ where: { userId_address: { userId, address } } });
    return row ? toWallet(row) : null;
  }

  async add(
    userId: string,
    input: { address: string; kind: WalletKind; label?: string | null },
  ): Promise<Wallet> {
    try {
      const row = await this.prisma.wallet.create({
        data: { userId, address: input.address, kind: input.kind, label: input.label ?? null },
      });
      return toWallet(row);
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        throw new WalletAlreadyLinkedError(input.address);
      }
      throw error;
    }
  }

  async rename(userId: string, walletId: string, label: string | null): Promise<Wallet | null> {
    if (!isUuid(userId) || !isUuid(walletId)) return null;
    const { count } = await this.prisma.wallet.updateMany({
      where: { id: walletId, userId },
      data: { label },
    });
    return count ? this.get(userId, walletId) : null;
  }

  async remove(userId: string, walletId: string): Promise<boolean> {
    if (!isUuid(userId) || !isUuid(walletId)) return false;
    return this.prisma.$transaction(async (tx) => {
      const wallet = await tx.wallet.findFirst({ where: { id: walletId, userId } });
      if (!wallet) return false;
      const scope = { userId, walletAddress: wallet.address };
      // asset_flows cascade from transactions; actions and snapshots are keyed by the wallet address.
      await tx.transaction.deleteMany({ where: scope });
      await tx.action.deleteMany({ where: scope });
      await tx.portfolioHoldingsSnapshot.deleteMany({ where: scope });
      await tx.wallet.delete({ where: { id: wallet.id } });
      return true;
    });
  }

  async setCursor(
    userId: string,
    walletId: string,
    cursor: WalletCursor | null,
    syncedAt: Date,
  ): Promise<boolean> {
    if (!isUuid(userId) || !isUuid(walletId)) return false;
    const { count } = await this.prisma.wallet.updateMany({
      where: { id: walletId, userId },
      data: {
        cursorBlockHeight: cursor?.blockHeight ?? null,
        cursorBlockHash: cursor?.blockHash ?? null,
        lastSyncedAt: syncedAt,
      },
    });
    return count > 0;
  }

  async setReconciliation(userId: string, walletId: string, result: ReconciliationResult): Promise<boolean> {
    if (!isUuid(userId) || !isUuid(walletId)) return false;
    const { count } = await this.prisma.wallet.updateMany({
      where: { id: walletId, userId },
      data: {
        reconciliationStatus: result.status,
        reconciliation: result as unknown as Prisma.InputJsonValue,
        reconciledAt: new Date(result.checkedAt),
      },
    });
    return count > 0;
  }
}
