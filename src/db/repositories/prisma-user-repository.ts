import { Prisma, type PrismaClient } from '../prisma-client.js';
import type { User, UserRepository } from './user-repository.js';
import { isUuid } from './uuid.js';

export class PrismaUserRepository implements UserRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async get(userId: string): Promise<User | null> {
    if (!isUuid(userId)) return null;
    return this.prisma.user.findUnique({
      where: { id: userId },
      select: { id: true, primaryAddress: true, displayName: true, createdAt: true },
    });
  }

  async findOrCreateByAddress(address: string): Promise<{ user: User; created: boolean }> {
    const select = { id: true, primaryAddress: true, displayName: true, createdAt: true } as const;
    const existing = await this.prisma.user.findUnique({ where: { primaryAddress: address }, select });
    if (existing) return { user: existing, created: false };
    try {
      const user = await this.prisma.user.create({ data: { primaryAddress: address }, select });
      return { user, created: true };
    } catch (error) {
      // Two first sign-ins racing: the loser reads the winner's row.
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
        const user = await this.prisma.user.findUniqueOrThrow({ where: { primaryAddress: address }, select });
        return { user, created: false };
      }
      throw error;
    }
  }

  async delete(userId: string): Promise<boolean> {
    if (!isUuid(userId)) return false;
    return this.prisma.$transaction(async (tx) => {
      const found = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
      if (!found) return false;
      await tx.transaction.deleteMany({ where: { userId } });
      await tx.action.deleteMany({ where: { userId } });
      await tx.portfolioHoldingsSnapshot.deleteMany({ where: { userId } });
      await tx.syncJob.deleteMany({ where: { userId } });
      await tx.user.delete({ where: { id: userId } }); // wallets cascade
      return true;
    });
  }
}
