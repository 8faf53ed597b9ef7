/** The job names a wallet that is not (or no longer) linked by its user: retrying cannot help. */
export class WalletNotFoundError extends Error {
  override readonly name = 'WalletNotFoundError';
  constructor(readonly walletId: string) {
    super(`wallet ${walletId} not found (removed, or not this user's)`);
  }
}
