import type { PrismaClient } from '../db/prisma-client.js';
import type { TrackedWallet } from '../queue/periodic-resync.js';

/**
 * Every linked wallet of every user, for the periodic re-sync only. A system-level read (no user to
 * scope by); it returns nothing but the (user, address) pairs the re-sync enqueues jobs for.
 */
export async function listTrackedWallets(prisma: PrismaClient): Promise<TrackedWallet[]> {
  return prisma.wallet.findMany({
    select: { userId: true, address: true },
    orderBy: [{ lastSyncedAt: { sort: 'asc', nulls: 'first' } }, { createdAt: 'asc' }],
  });
}
