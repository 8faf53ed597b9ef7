import { BlockfrostNotFoundError } from './errors/blockfrost-not-found.error.js';
import type { BlockfrostHttpClient, GetOptions } from './blockfrost-http-client.js';
import { expectArray, expectObject, type Shape } from './blockfrost-shapes.js';
import type {
  AccountAddress,
  AccountContent,
  AccountDelegation,
  AccountHistory,
  AccountMir,
  AccountRegistration,
  AccountReward,
  AccountWithdrawal,
  AddressContent,
  AddressContentTotal,
  AddressTransaction,
  AddressUtxo,
  AssetContent,
  AssetTransaction,
  BlockContent,
  EpochContent,
  PoolHistory,
  PoolMetadata,
  TxContent,
  TxContentUtxo,
  TxMetadata,
} from './blockfrost-types.js';
import type { RequestCounter } from './request-counter.js';

/** Blockfrost's largest page. */
export const MAX_PAGE_SIZE = 100;

export interface PageOptions {
  /** `asc` (oldest first, default) or `desc`. */
  order?: 'asc' | 'desc';
  /** Items per page, 1..100. Default 100. */
  pageSize?: number;
  /** First page to fetch (1-based), to resume a listing. Default 1. */
  page?: number;
  signal?: AbortSignal;
}

export interface AddressTransactionsOptions extends PageOptions {
  address: string;
  /** Only transactions from this block height (and index within it) on: `height` or `height:index`. */
  from?: string;
  /** Up to this block (inclusive): `height` or `height:index`. */
  to?: string;
}

/** One page of a listing, with its number so a caller can resume from it. */
export interface Page<T> {
  page: number;
  items: T[];
}

const BLOCK: Shape = { hash: 'string', height: 'number|null', time: 'number', slot: 'number|null' };
const ADDRESS: Shape = { address: 'string', amount: 'array', type: 'string' };
const ADDRESS_TOTAL: Shape = {
  address: 'string',
  received_sum: 'array',
  sent_sum: 'array',
  tx_count: 'number',
};
const ADDRESS_TX: Shape = {
  tx_hash: 'string',
  tx_index: 'number',
  block_height: 'number',
  block_time: 'number',
};
const UTXO: Shape = { tx_hash: 'string', output_index: 'number', amount: 'array' };
const TX: Shape = {
  hash: 'string',
  block: 'string',
  block_height: 'number',
  fees: 'string',
  output_amount: 'array',
};
const TX_UTXOS: Shape = { hash: 'string', inputs: 'array', outputs: 'array' };
const TX_METADATA: Shape = { label: 'string' };
const ACCOUNT: Shape = {
  stake_address: 'string',
  active: 'boolean',
  controlled_amount: 'string',
  withdrawable_amount: 'string',
};
const ACCOUNT_ADDRESS: Shape = { address: 'string' };
const ACCOUNT_REGISTRATION: Shape = { tx_hash: 'string', action: 'string' };
const ACCOUNT_DELEGATION: Shape = { tx_hash: 'string', active_epoch: 'number', pool_id: 'string' };
const ACCOUNT_WITHDRAWAL: Shape = { tx_hash: 'string', amount: 'string' };
const ACCOUNT_REWARD: Shape = { epoch: 'number', amount: 'string', pool_id: 'string' };
const ACCOUNT_MIR: Shape = {
  tx_hash: 'string',
  amount: 'string',
  block_height: 'number',
  block_time: 'number',
};
const ACCOUNT_HISTORY: Shape = { active_epoch: 'number', amount: 'string', pool_id: 'string' };
const EPOCH: Shape = { epoch: 'number', start_time: 'number', end_time: 'number' };
// `{}` is a valid answer (the pool registered no metadata): nothing is required beyond an object.
const POOL_METADATA: Shape = {};
const POOL_HISTORY: Shape = {
  epoch: 'number',
  blocks: 'number',
  active_stake: 'string',
  delegators_count: 'number',
  rewards: 'string',
  fees: 'string',
};
const ASSET: Shape = { asset: 'string', policy_id: 'string', asset_name: 'string|null', quantity: 'string' };

const enc = encodeURIComponent;

/**
 * Layer 2 of the Blockfrost adapter: the endpoints the sync uses, typed from `@blockfrost/openapi`,
 * each answer shape-checked. Listings are async iterators of pages that stop at the first short page,
 * so no page is requested that is not needed (at most one empty page when the last one was full).
 * A 404 on a listing (an address or account never seen on chain) is an empty listing; on a single
 * resource it is a `BlockfrostNotFoundError`.
 */
export class BlockfrostClient {
  constructor(private readonly http: BlockfrostHttpClient) {}

  /** The same client, also counting its requests into `counter` (e.g. one per sync job). */
  withCounter(counter: RequestCounter): BlockfrostClient {
    return new BlockfrostClient(this.http.withCounter(counter));
  }

  async latestBlock(options: { signal?: AbortSignal } = {}): Promise<BlockContent> {
    return expectObject(
      '/blocks/latest',
      await this.http.get('/blocks/latest', '/blocks/latest', options),
      BLOCK,
    );
  }

  async block(args: { hashOrNumber: string | number; signal?: AbortSignal }): Promise<BlockContent> {
    const e = '/blocks/{hash_or_number}';
    return expectObject(e, await this.http.get(e, `/blocks/${enc(String(args.hashOrNumber))}`, args), BLOCK);
  }

  async address(args: { address: string; signal?: AbortSignal }): Promise<AddressContent> {
    const e = '/addresses/{address}';
    return expectObject(e, await this.http.get(e, `/addresses/${enc(args.address)}`, args), ADDRESS);
  }

  async addressTotal(args: { address: string; signal?: AbortSignal }): Promise<AddressContentTotal> {
    const e = '/addresses/{address}/total';
    return expectObject(
      e,
      await this.http.get(e, `/addresses/${enc(args.address)}/total`, args),
      ADDRESS_TOTAL,
    );
  }

  addressTransactions(args: AddressTransactionsOptions): AsyncIterable<Page<AddressTransaction>> {
    return this.pages<AddressTransaction>(
      '/addresses/{address}/transactions',
      `/addresses/${enc(args.address)}/transactions`,
      ADDRESS_TX,
      args,
      { from: args.from, to: args.to },
    );
  }

  addressUtxos(args: { address: string } & PageOptions): AsyncIterable<Page<AddressUtxo>> {
    return this.pages<AddressUtxo>(
      '/addresses/{address}/utxos',
      `/addresses/${enc(args.address)}/utxos`,
      UTXO,
      args,
    );
  }

  /** UTxOs at an address holding `unit` (a DEX pool address and a token or pool NFT). */
  addressUtxosOfAsset(
    args: { address: string; unit: string } & PageOptions,
  ): AsyncIterable<Page<AddressUtxo>> {
    return this.pages<AddressUtxo>(
      '/addresses/{address}/utxos/{asset}',
      `/addresses/${enc(args.address)}/utxos/${enc(args.unit)}`,
      UTXO,
      args,
    );
  }

  /** Transactions that moved `unit` (a pool NFT: every pool update), oldest first by default. */
  assetTransactions(args: { unit: string } & PageOptions): AsyncIterable<Page<AssetTransaction>> {
    return this.pages<AssetTransaction>(
      '/assets/{asset}/transactions',
      `/assets/${enc(args.unit)}/transactions`,
      ADDRESS_TX,
      args,
    );
  }

  async tx(args: { hash: string; signal?: AbortSignal }): Promise<TxContent> {
    return expectObject(
      '/txs/{hash}',
      await this.http.get('/txs/{hash}', `/txs/${enc(args.hash)}`, args),
      TX,
    );
  }

  async txUtxos(args: { hash: string; signal?: AbortSignal }): Promise<TxContentUtxo> {
    const e = '/txs/{hash}/utxos';
    return expectObject(e, await this.http.get(e, `/txs/${enc(args.hash)}/utxos`, args), TX_UTXOS);
  }

  /** A transaction's metadata (one entry per label); empty when it has none. */
  async txMetadata(args: { hash: string; signal?: AbortSignal }): Promise<TxMetadata[]> {
    const e = '/txs/{hash}/metadata';
    return expectArray(e, await this.http.get(e, `/txs/${enc(args.hash)}/metadata`, args), TX_METADATA);
  }

  async accountInfo(args: { stakeAddress: string; signal?: AbortSignal }): Promise<AccountContent> {
    const e = '/accounts/{stake_address}';
    return expectObject(e, await this.http.get(e, `/accounts/${enc(args.stakeAddress)}`, args), ACCOUNT);
  }

  accountAddresses(args: { stakeAddress: string } & PageOptions): AsyncIterable<Page<AccountAddress>> {
    return this.accountPages('addresses', args, ACCOUNT_ADDRESS);
  }

  accountRegistrations(
    args: { stakeAddress: string } & PageOptions,
  ): AsyncIterable<Page<AccountRegistration>> {
    return this.accountPages('registrations', args, ACCOUNT_REGISTRATION);
  }

  accountDelegations(args: { stakeAddress: string } & PageOptions): AsyncIterable<Page<AccountDelegation>> {
    return this.accountPages('delegations', args, ACCOUNT_DELEGATION);
  }

  accountWithdrawals(args: { stakeAddress: string } & PageOptions): AsyncIterable<Page<AccountWithdrawal>> {
    return this.accountPages('withdrawals', args, ACCOUNT_WITHDRAWAL);
  }

  accountRewards(args: { stakeAddress: string } & PageOptions): AsyncIterable<Page<AccountReward>> {
    return this.accountPages('rewards', args, ACCOUNT_REWARD);
  }

  accountMirs(args: { stakeAddress: string } & PageOptions): AsyncIterable<Page<AccountMir>> {
    return this.accountPages('mirs', args, ACCOUNT_MIR);
  }

  /** Active stake and pool per epoch. */
  accountHistory(args: { stakeAddress: string } & PageOptions): AsyncIterable<Page<AccountHistory>> {
    return this.accountPages('history', args, ACCOUNT_HISTORY);
  }

  async latestEpoch(options: { signal?: AbortSignal } = {}): Promise<EpochContent> {
    return expectObject(
      '/epochs/latest',
      await this.http.get('/epochs/latest', '/epochs/latest', options),
      EPOCH,
    );
  }

  async epoch(args: { epoch: number; signal?: AbortSignal }): Promise<EpochContent> {
    const e = '/epochs/{number}';
    return expectObject(e, await this.http.get(e, `/epochs/${args.epoch}`, args), EPOCH);
  }

  /** A pool's registered metadata; `error` set (or a 404) when it could not be fetched or has none. */
  async poolMetadata(args: { poolId: string; signal?: AbortSignal }): Promise<PoolMetadata> {
    const e = '/pools/{pool_id}/metadata';
    return expectObject(
      e,
      await this.http.get(e, `/pools/${enc(args.poolId)}/metadata`, args),
      POOL_METADATA,
    );
  }

  poolHistory(args: { poolId: string } & PageOptions): AsyncIterable<Page<PoolHistory>> {
    return this.pages<PoolHistory>(
      '/pools/{pool_id}/history',
      `/pools/${enc(args.poolId)}/history`,
      POOL_HISTORY,
      args,
    );
  }

  async asset(args: { unit: string; signal?: AbortSignal }): Promise<AssetContent> {
    return expectObject(
      '/assets/{asset}',
      await this.http.get('/assets/{asset}', `/assets/${enc(args.unit)}`, args),
      ASSET,
    );
  }

  private accountPages<T>(
    what: string,
    args: { stakeAddress: string } & PageOptions,
    shape: Shape,
  ): AsyncIterable<Page<T>> {
    return this.pages<T>(
      `/accounts/{stake_address}/${what}`,
      `/accounts/${enc(args.stakeAddress)}/${what}`,
      shape,
      args,
    );
  }

  private async *pages<T>(
    endpoint: string,
    path: string,
    shape: Shape,
    options: PageOptions,
    extra: Record<string, string | undefined> = {},
  ): AsyncGenerator<Page<T>> {
    const count = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(options.pageSize ?? MAX_PAGE_SIZE)));
    for (let page = Math.max(1, options.page ?? 1); ; page++) {
      const request: GetOptions = {
        signal: options.signal,
        query: { count, page, order: options.order ?? 'asc', ...extra },
      };
      let body: unknown;
      try {
        body = await this.http.get(endpoint, path, request);
      } catch (error) {
        if (error instanceof BlockfrostNotFoundError) return; // never seen on chain: nothing to list
        throw error;
      }
      const items = expectArray<T>(endpoint, body, shape);
      if (items.length > 0) yield { page, items };
      if (items.length < count) return;
    }
  }
}

/** Every item of a paged listing, in order (for listings known to be small). */
export async function collectPages<T>(pages: AsyncIterable<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  for await (const p of pages) all.push(...p.items);
  return all;
}

/** `fn()`, or `fallback` when Blockfrost answers 404 (e.g. an address never used on chain). */
export async function orWhenNotFound<T, F>(fn: () => Promise<T>, fallback: F): Promise<T | F> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof BlockfrostNotFoundError) return fallback;
    throw error;
  }
}
