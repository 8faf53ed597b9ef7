import { Prisma, type PrismaClient, type SqlPool } from '../prisma-client.js';
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
    rewardsEpoch: row.rewardsEpoch,
    createdAt: row.createdAt,
  };
}

/** The columns of `wallets` as `WalletRow` names, for the plain-SQL reads. */
const WALLET_COLUMNS = `id, user_id AS "userId", address, kind, label, cursor_block_height AS "cursorBlockHeight",
  cursor_block_hash AS "cursorBlockHash", last_synced_at AS "lastSyncedAt",
  reconciliation_status AS "reconciliationStatus", reconciliation, reconciled_at AS "reconciledAt",
  rewards_epoch AS "rewardsEpoch", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Wallets: Prisma for the CRUD; the reads and writes every sync makes go through plain SQL (see SqlPool). */
export class PrismaWalletRepository implements WalletRepository {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: SqlPool,
  ) {}

  async list(userId: string): Promise<Wallet[]> {
    if (!isUuid(userId)) return [];
    const { rows } = await this.sql.query<WalletRow>({
      name: 'wallets_list',
      text: `SELECT ${WALLET_COLUMNS} FROM wallets WHERE user_id = $1::uuid ORDER BY created_at ASC, id ASC`,
      values: [userId],
    });
    return rows.map(toWallet);
  }

  async get(userId: string, walletId: string): Promise<Wallet | null> {
    if (!isUuid(userId) || !isUuid(walletId)) return null;
    const { rows } = await this.sql.query<WalletRow>({
      name: 'wallets_get',
      text: `SELECT ${WALLET_COLUMNS} FROM wallets WHERE id = $1::uuid AND user_id = $2::uuid`,
      values: [walletId, userId],
    });
    return rows[0] ? toWallet(rows[0]) : null;
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
      await tx.stakingReward.deleteMany({ where: scope });
      await tx.stakeEpoch.deleteMany({ where: scope });
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
    const { rowCount } = await this.sql.query({
      name: 'wallets_set_cursor',
      text: `UPDATE wallets SET cursor_block_height = $3, cursor_block_hash = $4, last_synced_at = $5,
          updated_at = now()
        WHERE id = $1::uuid AND user_id = $2::uuid`,
      values: [walletId, userId, cursor?.blockHeight ?? null, cursor?.blockHash ?? null, syncedAt],
    });
    return (rowCount ?? 0) > 0;
  }

  async setReconciliation(userId: string, walletId: string, result: ReconciliationResult): Promise<boolean> {
    if (!isUuid(userId) || !isUuid(walletId)) return false;
    const { rowCount } = await this.sql.query({
      name: 'wallets_set_reconciliation',
      text: `UPDATE wallets SET reconciliation_status = $3, reconciliation = $4::jsonb, reconciled_at = $5,
          updated_at = now()
        WHERE id = $1::uuid AND user_id = $2::uuid`,
      values: [walletId, userId, result.status, JSON.stringify(result), new Date(result.checkedAt)],
    });
    return (rowCount ?? 0) > 0;
  }
}
