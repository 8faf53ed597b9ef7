import { AsyncLocalStorage } from 'node:async_hooks';
import type { BlockfrostClient } from '../chain/blockfrost-client.js';
import type { RequestCounter } from '../chain/request-counter.js';
import {
  TokenMetadataService,
  type TokenMetadataServiceOptions,
} from '../chain/tokens/token-metadata-service.js';
import type { TokenRecord } from '../chain/tokens/token-record.js';
import type { TokenStore } from '../chain/tokens/token-store.js';

/** What the sync needs of token metadata (port). */
export interface TokenMetadataSource {
  /** Stored metadata of these units; costs no request. */
  known(units: readonly string[]): Promise<Map<string, TokenRecord>>;
  /**
   * Metadata of one unit, fetched (`/assets/{asset}`) and stored when not stored yet. The request is
   * counted into `counter` (the job's); throws what the client throws (budget, outage), storing nothing.
   */
  ensure(unit: string, counter: RequestCounter): Promise<TokenRecord>;
}

type AssetClient = Pick<BlockfrostClient, 'asset'>;

export interface TokenMetadataSourceDeps {
  client: Pick<BlockfrostClient, 'asset' | 'withCounter'>;
  store: TokenStore;
  clock?: () => Date;
}

/**
 * `TokenMetadataSource` over one process-wide `TokenMetadataService` (its LRU and its sharing of a
 * fetch between concurrent callers span every job of the process). The service holds one client, but
 * each job counts its own requests: the client it is given picks the calling job's counting client
 * from an AsyncLocalStorage, so a fetch is counted to the job that started it (a job that joins a
 * fetch already in flight pays nothing).
 */
export class BlockfrostTokenMetadataSource implements TokenMetadataSource {
  readonly service: TokenMetadataService;
  private readonly scope = new AsyncLocalStorage<AssetClient>();

  constructor(
    options: TokenMetadataServiceOptions,
    private readonly deps: TokenMetadataSourceDeps,
  ) {
    const scoped: AssetClient = { asset: (args) => (this.scope.getStore() ?? deps.client).asset(args) };
    this.service = new TokenMetadataService(options, {
      client: scoped,
      store: deps.store,
      ...(deps.clock ? { clock: deps.clock } : {}),
    });
  }

  async known(units: readonly string[]): Promise<Map<string, TokenRecord>> {
    return this.service.stored(units);
  }

  ensure(unit: string, counter: RequestCounter): Promise<TokenRecord> {
    return this.scope.run(this.deps.client.withCounter(counter), () => this.service.get(unit));
  }
}
