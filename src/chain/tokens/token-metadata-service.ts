import type { BlockfrostClient } from '../blockfrost-client.js';
import { BlockfrostNotFoundError } from '../errors/blockfrost-not-found.error.js';
import { emptyTokenRecord, tokenRecordFromAsset } from './token-record-from-asset.js';
import type { TokenRecord } from './token-record.js';
import type { TokenStore } from './token-store.js';

export interface TokenMetadataServiceOptions {
  /** Records kept in this process (least recently used dropped first). Default 10,000. */
  cacheSize?: number;
}

export interface TokenMetadataServiceDeps {
  client: Pick<BlockfrostClient, 'asset'>;
  store: TokenStore;
  clock?: () => Date;
}

/**
 * Token metadata, fetched from Blockfrost (`/assets/{unit}`) at most once per unit and kept in the
 * `TokenStore`, with an in-process LRU in front. Concurrent requests for one unit share one fetch.
 * A token Blockfrost does not know is stored with empty metadata, not reported as an error; failures
 * that may pass (rate limits, daily budget, outages) are thrown and nothing is stored.
 */
export class TokenMetadataService {
  private readonly cache = new Map<string, TokenRecord>();
  private readonly inFlight = new Map<string, Promise<TokenRecord>>();
  private readonly cacheSize: number;
  private readonly clock: () => Date;

  constructor(
    options: TokenMetadataServiceOptions,
    private readonly deps: TokenMetadataServiceDeps,
  ) {
    this.cacheSize = options.cacheSize ?? 10_000;
    this.clock = deps.clock ?? (() => new Date());
  }

  async get(unit: string): Promise<TokenRecord> {
    return (await this.getMany([unit])).get(unit)!;
  }

  /** Records for every unit (lovelace excluded: it is not a token). */
  async getMany(units: Iterable<string>): Promise<Map<string, TokenRecord>> {
    const wanted = [...new Set(units)].filter((u) => u !== 'lovelace');
    const result = new Map<string, TokenRecord>();
    const missing: string[] = [];
    for (const unit of wanted) {
      const hit = this.cache.get(unit);
      if (hit) {
        this.remember(hit); // refresh its LRU position
        result.set(unit, hit);
      } else missing.push(unit);
    }
    if (missing.length === 0) return result;

    const pending = missing.map((unit) => {
      let p = this.inFlight.get(unit);
      if (!p) {
        p = this.load(unit).finally(() => this.inFlight.delete(unit));
        this.inFlight.set(unit, p);
      }
      return p;
    });
    for (const record of await Promise.all(pending)) result.set(record.unit, record);
    return result;
  }

  /** Requests for this unit that reached Blockfrost are counted by the client; this is the store path. */
  private async load(unit: string): Promise<TokenRecord> {
    const [stored] = await this.deps.store.findMany([unit]);
    if (stored) return this.remember(stored);
    let record: TokenRecord;
    try {
      record = tokenRecordFromAsset(unit, await this.deps.client.asset({ unit }), this.clock());
    } catch (error) {
      if (!(error instanceof BlockfrostNotFoundError)) throw error;
      record = emptyTokenRecord(unit, this.clock());
    }
    return this.remember(await this.deps.store.insertIfAbsent(record));
  }

  private remember(record: TokenRecord): TokenRecord {
    this.cache.delete(record.unit);
    this.cache.set(record.unit, record);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    return record;
  }
}
