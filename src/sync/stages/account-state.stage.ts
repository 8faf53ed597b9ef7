import type { Wallet } from '../../db/repositories/wallet-repository.js';
import { AccountEventsLoader, type StoredAccountState } from '../account-events-loader.js';
import type { AccountState } from '../chain/sync-chain-source.js';
import type { SyncRun } from './sync-run.js';

/**
 * Account state (stake wallets): read right after the listing so it matches it. It decides which
 * account-history listings (withdrawals, registrations, delegations) the batches need, and serves the
 * reconciliation. Nothing is read when nothing is new. Undefined for payment wallets or when unread.
 */
export async function loadAccountState(
  run: SyncRun,
  newTransactions: number,
): Promise<AccountState | null | undefined> {
  if (run.target.kind !== 'stake') return undefined;
  const loader = new AccountEventsLoader(run.chain, run.wallet.address, run.signal);
  run.accountEvents = loader;
  if (newTransactions === 0) return undefined;
  const account = await run.chain.account(run.wallet.address, run.signal);
  await loader.fromAccountState(account, previousAccountState(run.wallet));
  return account;
}

/**
 * The account state the last reconciliation stored (what the account listings had then), trusted only
 * when that reconciliation matched. A mismatch means the state was read past the records — a block
 * landed between the listing and the account read — so it may already show that block's certificate
 * or withdrawal; comparing the next sync against it would hide that change, skip the listing and
 * record the certificate's transaction as a plain transfer. Untrusted, the next sync reads the listings
 * the state calls for, as a first sync does.
 */
export function previousAccountState(wallet: Pick<Wallet, 'reconciliation'>): StoredAccountState | null {
  const reconciliation = wallet.reconciliation;
  if (reconciliation?.status !== 'matched') return null;
  const details = reconciliation.details as { account?: StoredAccountState | null } | undefined;
  return details?.account ?? null;
}
