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
    const { result, missing } = this.fromCache(units);
    if (missing.length === 0) return result;

    // One store query for every unit not already being loaded; Blockfrost only for those not stored.
    const toLoad = missing.filter((unit) => !this.inFlight.has(unit));
    if (toLoad.length > 0) {
      const stored = this.deps.store.findMany(toLoad).then((rows) => new Map(rows.map((r) => [r.unit, r])));
      for (const unit of toLoad) {
        const p = stored
          .then((found) => found.get(unit) ?? this.fetchAndStore(unit))
          .then((record) => this.remember(record))
          .finally(() => this.inFlight.delete(unit));
        this.inFlight.set(unit, p);
      }
    }
    const pending = missing.map((unit) => this.inFlight.get(unit)!);
    for (const record of await Promise.all(pending)) result.set(record.unit, record);
    return result;
  }

  private async fetchAndStore(unit: string): Promise<TokenRecord> {
    let record: TokenRecord;
    try {
      record = tokenRecordFromAsset(unit, await this.deps.client.asset({ unit }), this.clock());
    } catch (error) {
      if (!(error instanceof BlockfrostNotFoundError)) throw error;
      record = emptyTokenRecord(unit, this.clock());
    }
    return this.deps.store.insertIfAbsent(record);
  }

  /**
   * Records of the units already stored, never fetching: from this process's cache, the rest with one
   * store query (remembered, so a unit costs at most one query per process; stored units are never
   * removed).
   */
  async stored(units: Iterable<string>): Promise<Map<string, TokenRecord>> {
    const { result, missing } = this.fromCache(units);
    if (missing.length === 0) return result;
    for (const r of await this.deps.store.findMany(missing)) result.set(r.unit, this.remember(r));
    return result;
  }

  /** The units (lovelace excluded) this process holds, LRU positions refreshed, and the others. */
  private fromCache(units: Iterable<string>): { result: Map<string, TokenRecord>; missing: string[] } {
    const result = new Map<string, TokenRecord>();
    const missing: string[] = [];
    for (const unit of new Set(units)) {
      if (unit === 'lovelace') continue;
      const hit = this.cache.get(unit);
      if (hit) result.set(unit, this.remember(hit));
      else missing.push(unit);
    }
    return { result, missing };
  }

  private remember(record: TokenRecord): TokenRecord {
    this.cache.delete(record.unit);
    this.cache.set(record.unit, record);
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    return record;
  }
}
