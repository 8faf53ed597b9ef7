import { isDexPoolKind } from '../../domain/prices/pools/index.js';
import type { DexPoolRecord, DexPoolStore } from '../../prices/dex-pool-store.js';
import type { SqlPool } from '../prisma-client.js';

export class PgDexPoolStore implements DexPoolStore {
  constructor(private readonly sql: SqlPool) {}

  async find(units: readonly string[]): Promise<DexPoolRecord[]> {
    if (!units.length) return [];
    const { rows } = await this.sql.query<{
      token_unit: string;
      kind: string | null;
      address: string | null;
      nft_unit: string | null;
      checked_at: Date;
    }>({
      name: 'dex_pools_find',
      text: `SELECT token_unit, kind, address, nft_unit, checked_at FROM dex_pools WHERE token_unit = ANY($1::text[])`,
      values: [units],
    });
    return rows.map((r) => ({
      tokenUnit: r.token_unit,
      kind: r.kind !== null && isDexPoolKind(r.kind) ? r.kind : null,
      address: r.address,
      nftUnit: r.nft_unit,
      checkedAt: r.checked_at,
    }));
  }

  async historyFrom(unit: string): Promise<string | null> {
    const { rows } = await this.sql.query<{ day: string | null }>({
      name: 'dex_pools_history_from',
      text: `SELECT to_char(history_from, 'YYYY-MM-DD') AS day FROM dex_pools WHERE token_unit = $1`,
      values: [unit],
    });
    return rows[0]?.day ?? null;
  }

  async setHistoryFrom(unit: string, day: string): Promise<void> {
    await this.sql.query({
      name: 'dex_pools_set_history_from',
      text: 'UPDATE dex_pools SET history_from = $2::date WHERE token_unit = $1',
      values: [unit, day],
    });
  }

  async save(records: readonly DexPoolRecord[]): Promise<void> {
    if (!records.length) return;
    await this.sql.query({
      name: 'dex_pools_save',
      text: `INSERT INTO dex_pools (token_unit, kind, address, nft_unit, checked_at)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
        ON CONFLICT (token_unit) DO UPDATE SET kind = EXCLUDED.kind, address = EXCLUDED.address,
          nft_unit = EXCLUDED.nft_unit, checked_at = EXCLUDED.checked_at,
          history_from = CASE WHEN dex_pools.nft_unit IS NOT DISTINCT FROM EXCLUDED.nft_unit THEN dex_pools.history_from END`,
      values: [
        records.map((r) => r.tokenUnit),
        records.map((r) => r.kind),
        records.map((r) => r.address),
        records.map((r) => r.nftUnit),
        records.map((r) => r.checkedAt),
      ],
    });
  }
}
