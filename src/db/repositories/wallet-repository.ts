export type WalletKind = 'payment' | 'stake';

export interface WalletCursor {
  blockHeight: number;
  blockHash: string;
}

export interface ReconciliationResult {
  status: 'matched' | 'mismatch';
  computedLovelace: string;
  chainLovelace: string;
  /** chain − computed, lovelace; '0' when matched */
  differenceLovelace: string;
  checkedAt: string;
  details?: Record<string, unknown>;
}

export interface Wallet {
  id: string;
  userId: string;
  address: string;
  kind: WalletKind;
  label: string | null;
  cursor: WalletCursor | null;
  lastSyncedAt: Date | null;
  reconciliation: ReconciliationResult | null;
  /** Stake wallets: the chain epoch of the last complete rewards read (null before the first). */
  rewardsEpoch: number | null;
  createdAt: Date;
}

/** A user's linked wallets. Every method is scoped by `userId`: another user's ids give null/false. */
export interface WalletRepository {
  list(userId: string): Promise<Wallet[]>;
  get(userId: string, walletId: string): Promise<Wallet | null>;
  getByAddress(userId: string, address: string): Promise<Wallet | null>;
  /** Throws WalletAlreadyLinkedError when the user already tracks this address. */
  add(userId: string, input: { address: string; kind: WalletKind; label?: string | null }): Promise<Wallet>;
  rename(userId: string, walletId: string, label: string | null): Promise<Wallet | null>;
  /** Removes the wallet with its transactions, flows, actions and snapshots. False when not found. */
  remove(userId: string, walletId: string): Promise<boolean>;
  setCursor(userId: string, walletId: string, cursor: WalletCursor | null, syncedAt: Date): Promise<boolean>;
  setReconciliation(userId: string, walletId: string, result: ReconciliationResult): Promise<boolean>;
}

export class WalletAlreadyLinkedError extends Error {
  override readonly name = 'WalletAlreadyLinkedError';
  constructor(readonly address: string) {
    super(`wallet ${address} is already linked`);
  }
}
