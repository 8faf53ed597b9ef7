import type { ApiContext } from './api-context.js';
import { NotFoundError } from './errors.js';

/**
 * Turns `walletIds` from a query into the user's own wallet addresses. Undefined means all wallets;
 * an id that is not one of the user's wallets is a 404, exactly like a wallet that does not exist.
 */
export async function resolveWalletScope(
  ctx: ApiContext,
  userId: string,
  walletIds: string[] | undefined,
): Promise<string[] | undefined> {
  if (!walletIds || walletIds.length === 0) return undefined;
  const mine = await ctx.deps.reader.walletAddresses(userId, walletIds);
  return walletIds.map((id) => {
    const address = mine.get(id);
    if (!address) throw new NotFoundError('wallet');
    return address;
  });
}
