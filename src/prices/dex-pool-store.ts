import type { DexPoolKind } from '../domain/prices/pools/index.js';

/** The deepest pool found for a token, or (all nulls) that none was found at `checkedAt`. */
export interface DexPoolRecord {
  tokenUnit: string;
  kind: DexPoolKind | null;
  address: string | null;
  nftUnit: string | null;
  checkedAt: Date;
}

/** A pool's history starts at its first transaction: no day before it can have a pool price. */
export interface DexPoolHistoryStore {
  historyFrom(unit: string): Promise<string | null>;
  setHistoryFrom(unit: string, day: string): Promise<void>;
}

/** Where found pools are kept, shared by every worker (port; plain SQL: `PgDexPoolStore`). */
export interface DexPoolStore extends DexPoolHistoryStore {
  find(units: readonly string[]): Promise<DexPoolRecord[]>;
  save(records: readonly DexPoolRecord[]): Promise<void>;
}
