import { Decimal } from 'decimal.js';
import type { DailyPrice, LatestPrice } from '../../domain/prices/price-types.js';
import type { SqlPool } from '../prisma-client.js';
import type { DailyPriceQuery, DailyUpsertMode, PriceRepository } from './price-repository.js';

interface DailyRow {
  unit: string;
  currency: string;
  day: string;
  price: string;
  source: string;
}

/**
 * The shared price table over plain SQL. Prices travel as decimal text both ways (`numeric` ⇄
 * `Decimal`), so no value ever passes through a JavaScript float; days travel as `YYYY-MM-DD` text so
 * no time zone can shift them.
 */
export class PgPriceRepository implements PriceRepository {
  constructor(private readonly sql: SqlPool) {}

  async upsertDaily(points: readonly DailyPrice[], mode: DailyUpsertMode = 'keep'): Promise<number> {
    if (!points.length) return 0;
    const update = 'DO UPDATE SET price = EXCLUDED.price, source = EXCLUDED.source, fetched_at = now()';
    const conflict =
      mode === 'keep'
        ? 'DO NOTHING'
        : mode === 'replace'
          ? update
          : // An unchanged row is not rewritten: a source revisited every refresh would otherwise count
            // (and revalue snapshots from) every day it ever priced.
            `${update} WHERE split_part(prices.source, ':', 1) = ANY($6::text[])
              AND (prices.source <> EXCLUDED.source OR prices.price <> EXCLUDED.price)`;
    const { rowCount } = await this.sql.query({
      name: `prices_upsert_daily_${typeof mode === 'string' ? mode : 'over'}`,
      text: `INSERT INTO prices (unit, currency, day, price, source)
        SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::numeric[], $5::text[])
        ON CONFLICT (unit, currency, day) ${conflict}`,
      values: [
        points.map((p) => p.unit),
        points.map((p) => p.currency),
        points.map((p) => p.day),
        points.map((p) => p.price.toFixed()),
        points.map((p) => p.source),
        ...(typeof mode === 'string' ? [] : [mode.over]),
      ],
    });
    return rowCount ?? 0;
  }

  async upsertLatest(points: readonly LatestPrice[]): Promise<number> {
    if (!points.length) return 0;
    const { rowCount } = await this.sql.query({
      name: 'prices_upsert_latest',
      text: `INSERT INTO latest_prices (unit, currency, price, source, observed_at)
        SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[], $4::text[], $5::timestamptz[])
        ON CONFLICT (unit, currency) DO UPDATE SET price = EXCLUDED.price, source = EXCLUDED.source,
          observed_at = EXCLUDED.observed_at, fetched_at = now()
        WHERE latest_prices.observed_at <= EXCLUDED.observed_at`,
      values: [
        points.map((p) => p.unit),
        points.map((p) => p.currency),
        points.map((p) => p.price.toFixed()),
        points.map((p) => p.source),
        points.map((p) => p.observedAt),
      ],
    });
    return rowCount ?? 0;
  }

  async daily(query: DailyPriceQuery): Promise<DailyPrice[]> {
    if (!query.units.length || !query.currencies.length) return [];
    const { rows } = await this.sql.query<DailyRow>({
      name: 'prices_daily',
      text: `SELECT unit, currency, to_char(day, 'YYYY-MM-DD') AS day, price::text AS price, source
        FROM prices
        WHERE unit = ANY($1::text[]) AND currency = ANY($2::text[]) AND day BETWEEN $3::date AND $4::date
        ORDER BY unit, currency, day`,
      values: [query.units, query.currencies, query.from, query.to],
    });
    return rows.map((r) => ({ ...r, price: new Decimal(r.price) }));
  }

  async latest(units: readonly string[], currencies: readonly string[]): Promise<LatestPrice[]> {
    if (!units.length || !currencies.length) return [];
    const { rows } = await this.sql.query<Omit<DailyRow, 'day'> & { observed_at: Date }>({
      name: 'prices_latest',
      text: `SELECT unit, currency, price::text AS price, source, observed_at FROM latest_prices
        WHERE unit = ANY($1::text[]) AND currency = ANY($2::text[]) ORDER BY unit, currency`,
      values: [units, currencies],
    });
    return rows.map((r) => ({
      unit: r.unit,
      currency: r.currency,
      price: new Decimal(r.price),
      source: r.source,
      observedAt: r.observed_at,
    }));
  }

  async withdrawDaily(
    source: string,
    unit: string,
    currency: string,
    range: { from: string; to: string },
    keep: readonly string[],
  ): Promise<string[]> {
    const { rows } = await this.sql.query<{ day: string }>({
      name: 'prices_withdraw_daily',
      text: `DELETE FROM prices
        WHERE unit = $1 AND currency = $2 AND day BETWEEN $3::date AND $4::date
          AND split_part(source, ':', 1) = $5 AND NOT (day = ANY($6::date[]))
        RETURNING to_char(day, 'YYYY-MM-DD') AS day`,
      values: [unit, currency, range.from, range.to, source, keep],
    });
    return rows.map((r) => r.day).sort();
  }

  async missingDays(unit: string, currency: string, from: string, to: string): Promise<string[]> {
    const { rows } = await this.sql.query<{ day: string }>({
      name: 'prices_missing_days',
      text: `SELECT to_char(d, 'YYYY-MM-DD') AS day
        FROM generate_series($3::date, $4::date, interval '1 day') AS d
        WHERE NOT EXISTS (SELECT 1 FROM prices p WHERE p.unit = $1 AND p.currency = $2 AND p.day = d::date)
        ORDER BY d`,
      values: [unit, currency, from, to],
    });
    return rows.map((r) => r.day);
  }
}
