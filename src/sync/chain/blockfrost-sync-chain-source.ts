import {
  BlockfrostClient,
  collectPages,
  orWhenNotFound,
  MAX_PAGE_SIZE,
} from '../../chain/blockfrost-client.js';
import type { BlockfrostHttpClient } from '../../chain/blockfrost-http-client.js';
import { expectArray } from '../../chain/blockfrost-shapes.js';
import { BlockfrostNotFoundError } from '../../chain/errors/blockfrost-not-found.error.js';
import type { RequestCounter } from '../../chain/request-counter.js';
import type { TxUtxos } from '../../domain/blockfrost-types.js';
import type {
  AccountDelegationEvent,
  AccountRegistrationEvent,
  AccountState,
  AccountWithdrawalEvent,
  ListingQuery,
  SyncChainSource,
  TxDetailsWithBlock,
  TxRef,
} from './sync-chain-source.js';

const ACCOUNT_TXS = '/accounts/{stake_address}/transactions';
const TX_REF_SHAPE = {
  tx_hash: 'string',
  tx_index: 'number',
  block_height: 'number',
  block_time: 'number',
} as const;

interface RawTxRef {
  tx_hash: string;
  tx_index: number;
  block_height: number;
  block_time: number;
}

const toRef = (r: RawTxRef): TxRef => ({
  txHash: r.tx_hash,
  txIndex: r.tx_index,
  blockHeight: r.block_height,
  blockTime: r.block_time,
});

/**
 * `SyncChainSource` over the Blockfrost client. `/accounts/{stake}/transactions` (one listing for a
 * whole stake account, addresses first used since the last sync included) is not in the client, so it
 * goes through the same rate-limited HTTP layer directly.
 */
export class BlockfrostSyncChainSource implements SyncChainSource {
  constructor(
    private readonly client: BlockfrostClient,
    private readonly http: BlockfrostHttpClient,
  ) {}

  /** The same source, also counting its requests into `counter` (one counter per sync job). */
  withCounter(counter: RequestCounter): BlockfrostSyncChainSource {
    return new BlockfrostSyncChainSource(this.client.withCounter(counter), this.http.withCounter(counter));
  }

  async latestTx(
    wallet: { kind: 'stake' | 'payment'; address: string },
    signal?: AbortSignal,
  ): Promise<TxRef | null> {
    if (wallet.kind === 'stake') {
      const page = await this.accountTxPage(wallet.address, 1, 1, 'desc', undefined, signal);
      return page[0] ? toRef(page[0]) : null;
    }
    for await (const p of this.client.addressTransactions({
      address: wallet.address,
      order: 'desc',
      pageSize: 1,
      signal,
    })) {
      return p.items[0] ? toRef(p.items[0]) : null;
    }
    return null;
  }

  async accountTransactions(stakeAddress: string, query: ListingQuery): Promise<TxRef[]> {
    const out: TxRef[] = [];
    const from = query.fromHeight !== undefined ? String(query.fromHeight) : undefined;
    for (let page = 1; ; page++) {
      const items = await this.accountTxPage(stakeAddress, page, MAX_PAGE_SIZE, 'asc', from, query.signal);
      for (const i of items) out.push(toRef(i));
      if (items.length < MAX_PAGE_SIZE) return out;
    }
  }

  async accountAddresses(stakeAddress: string, signal?: AbortSignal): Promise<string[]> {
    const items = await collectPages(this.client.accountAddresses({ stakeAddress, signal }));
    return items.map((a) => a.address);
  }

  async addressTransactions(address: string, query: ListingQuery): Promise<TxRef[]> {
    const items = await collectPages(
      this.client.addressTransactions({
        address,
        order: 'asc',
        from: query.fromHeight !== undefined ? String(query.fromHeight) : undefined,
        signal: query.signal,
      }),
    );
    return items.map(toRef);
  }

  async txUtxos(hash: string, signal?: AbortSignal): Promise<TxUtxos> {
    return (await this.client.txUtxos({ hash, signal })) as TxUtxos;
  }

  async tx(hash: string, signal?: AbortSignal): Promise<TxDetailsWithBlock | null> {
    return orWhenNotFound(async () => (await this.client.tx({ hash, signal })) as TxDetailsWithBlock, null);
  }

  async block(hashOrHeight: string | number, signal?: AbortSignal) {
    const b = await orWhenNotFound(() => this.client.block({ hashOrNumber: hashOrHeight, signal }), null);
    return b && b.height !== null ? { hash: b.hash, height: b.height } : null;
  }

  async account(stakeAddress: string, signal?: AbortSignal): Promise<AccountState | null> {
    const a = await orWhenNotFound(() => this.client.accountInfo({ stakeAddress, signal }), null);
    if (!a) return null;
    return {
      controlledAmount: BigInt(a.controlled_amount),
      withdrawableAmount: BigInt(a.withdrawable_amount),
      withdrawalsSum: BigInt(a.withdrawals_sum ?? '0'),
      active: a.active,
      poolId: a.pool_id ?? null,
      activeEpoch: a.active_epoch ?? null,
    };
  }

  async addressAmounts(address: string, signal?: AbortSignal): Promise<Map<string, bigint>> {
    const out = new Map<string, bigint>();
    const a = await orWhenNotFound(() => this.client.address({ address, signal }), null);
    for (const amt of a?.amount ?? []) out.set(amt.unit, (out.get(amt.unit) ?? 0n) + BigInt(amt.quantity));
    return out;
  }

  async accountRegistrations(
    stakeAddress: string,
    signal?: AbortSignal,
  ): Promise<AccountRegistrationEvent[]> {
    const items = await collectPages(this.client.accountRegistrations({ stakeAddress, signal }));
    return items.map((r) => ({ txHash: r.tx_hash, action: r.action }));
  }

  async accountDelegations(stakeAddress: string, signal?: AbortSignal): Promise<AccountDelegationEvent[]> {
    const items = await collectPages(this.client.accountDelegations({ stakeAddress, signal }));
    return items.map((d) => ({ txHash: d.tx_hash, poolId: d.pool_id }));
  }

  async accountWithdrawals(stakeAddress: string, signal?: AbortSignal): Promise<AccountWithdrawalEvent[]> {
    const items = await collectPages(this.client.accountWithdrawals({ stakeAddress, signal }));
    return items.map((w) => ({ txHash: w.tx_hash, amount: w.amount }));
  }

  private async accountTxPage(
    stakeAddress: string,
    page: number,
    count: number,
    order: 'asc' | 'desc',
    from: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<RawTxRef[]> {
    try {
      const body = await this.http.get(
        ACCOUNT_TXS,
        `/accounts/${encodeURIComponent(stakeAddress)}/transactions`,
        {
          query: { count, page, order, from },
          signal,
        },
      );
      return expectArray<RawTxRef>(ACCOUNT_TXS, body, TX_REF_SHAPE);
    } catch (error) {
      if (error instanceof BlockfrostNotFoundError) return []; // an account never seen on chain
      throw error;
    }
  }
}
