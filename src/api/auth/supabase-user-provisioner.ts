import type { PrismaClient } from '../../db/prisma-client.js';

/**
 * Users signed in through Supabase Auth exist in `auth.users`, not yet in ours: the first request with
 * such a token inserts the row (id from the verified token). Remembered per process.
 */
export function createSupabaseUserProvisioner(prisma: PrismaClient): (userId: string) => Promise<void> {
  const known = new Set<string>();
  return async (userId) => {
    if (known.has(userId)) return;
    await prisma.$executeRaw`INSERT INTO users (id, updated_at) VALUES (${userId}::uuid, now()) ON CONFLICT (id) DO NOTHING`;
    known.add(userId);
  };
}
