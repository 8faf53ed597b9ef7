import type { AccountEvent } from '../domain/ledger/types.js';
import type { AccountState, SyncChainSource, TxDetailsWithBlock } from './chain/sync-chain-source.js';

type Listing = 'withdrawals' | 'registrations' | 'delegations';

/** What the last reconciliation stored of the account (to notice changes without reading history). */
export interface StoredAccountState {
  withdrawalsSum: string;
  active: boolean;
  poolId: string | null;
  activeEpoch: number | null;
}

/**
 * A stake account's certificates and withdrawals (`/accounts/{s}/withdrawals|registrations|delegations`),
 * each listing read at most once per sync and only when needed: when the account state changed since
 * the last sync, or when a new transaction's `/txs/{h}` counts show a certificate, delegation or
 * withdrawal. A listing read is complete for every transaction of the sync, so the ledger never sees
 * a withdrawal without the deregistration of the same transaction.
 */
export class AccountEventsLoader {
  private readonly loaded = new Map<Listing, Promise<void>>();
  private readonly byTx = new Map<string, AccountEvent[]>();

  constructor(
    private readonly chain: SyncChainSource,
    private readonly stakeAddress: string,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** Loads what a change of the account state since `previous` calls for. */
  async fromAccountState(account: AccountState | null, previous: StoredAccountState | null): Promise<void> {
    if (!account) return;
    const wanted: Listing[] = [];
    if (account.withdrawalsSum !== BigInt(previous?.withdrawalsSum ?? '0')) wanted.push('withdrawals');
    if (previous ? previous.active !== account.active : account.active) wanted.push('registrations');
    if (
      previous
        ? previous.poolId !== account.poolId || previous.activeEpoch !== account.activeEpoch
        : account.poolId !== null || account.activeEpoch !== null
    ) {
      wanted.push('delegations');
    }
    await this.load(wanted);
  }

  /** Loads what the transactions' own counts call for. */
  async fromDetails(details: ReadonlyArray<TxDetailsWithBlock | null>): Promise<void> {
    const wanted = new Set<Listing>();
    for (const d of details) {
      if (!d) continue;
      if (d.withdrawal_count > 0) wanted.add('withdrawals');
      if (d.stake_cert_count > 0) wanted.add('registrations');
      if (d.delegation_count > 0) wanted.add('delegations');
    }
    await this.load([...wanted]);
  }

  eventsFor(txHash: string): AccountEvent[] | undefined {
    return this.byTx.get(txHash);
  }

  private async load(listings: Listing[]): Promise<void> {
    await Promise.all(
      listings.map((l) => {
        let p = this.loaded.get(l);
        if (!p) {
          p = this.read(l);
          this.loaded.set(l, p);
        }
        return p;
      }),
    );
  }

  private async read(listing: Listing): Promise<void> {
    const stake = this.stakeAddress;
    if (listing === 'withdrawals') {
      for (const w of await this.chain.accountWithdrawals(stake, this.signal)) {
        this.add(w.txHash, { kind: 'withdrawal', stakeAddress: stake, amount: w.amount });
      }
    } else if (listing === 'registrations') {
      for (const r of await this.chain.accountRegistrations(stake, this.signal)) {
        this.add(r.txHash, {
          kind: r.action === 'registered' ? 'registration' : 'deregistration',
          stakeAddress: stake,
        });
      }
    } else {
      for (const d of await this.chain.accountDelegations(stake, this.signal)) {
        this.add(d.txHash, { kind: 'delegation', stakeAddress: stake, poolId: d.poolId });
      }
    }
  }

  private add(txHash: string, event: AccountEvent): void {
    const list = this.byTx.get(txHash);
    if (list) list.push(event);
    else this.byTx.set(txHash, [event]);
  }
}
