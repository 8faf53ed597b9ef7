import type { HeldUnit, PriceDemand } from '../../prices/price-demand.js';
import type { SqlPool } from '../prisma-client.js';

/** The price demand over plain SQL: one aggregate over the snapshots (units only, never users). */
export class PgPriceDemand implements PriceDemand {
  constructor(private readonly sql: SqlPool) {}

  async heldUnits(): Promise<HeldUnit[]> {
    const { rows } = await this.sql.query<{ unit: string; first_day: string }>({
      name: 'price_demand_held_units',
      text: `SELECT token_unit AS unit, to_char(min(as_of) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS first_day
        FROM portfolio_holdings_snapshots GROUP BY token_unit ORDER BY token_unit`,
    });
    return rows.map((r) => ({ unit: r.unit, firstDay: r.first_day }));
  }

  async unitsWithoutLatest(units: readonly string[], currency: string, since?: Date): Promise<string[]> {
    if (!units.length) return [];
    const { rows } = await this.sql.query<{ unit: string }>({
      name: 'price_demand_without_latest',
      text: `SELECT u AS unit FROM unnest($1::text[]) AS u
        WHERE NOT EXISTS (SELECT 1 FROM latest_prices l WHERE l.unit = u AND l.currency = $2
          AND ($3::timestamptz IS NULL OR l.observed_at >= $3::timestamptz))`,
      values: [units, currency, since ?? null],
    });
    return rows.map((r) => r.unit);
  }
}
