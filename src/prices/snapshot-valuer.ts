import type { PgSnapshotValues } from '../db/repositories/pg-snapshot-values.js';
import { dayNumber } from '../domain/valuation/utc-day.js';
import { exactRound, exactText, valueOfQuantity } from '../domain/valuation/exact-amount.js';
import type { PriceBookLoader } from '../portfolio/price-book-loader.js';

/** The snapshot column's scale (`numeric(40, 6)`). */
const VALUE_PLACES = 6;

/**
 * Keeps `portfolio_holdings_snapshots.value` true: the snapshot's quantity × that day's price in the
 * deployment's base currency, rounded half-even to the column's 6 places; null (never 0) when the day
 * has no price. Rewritten from the first day a refresh stored a new price, and for rows not valued yet
 * (new snapshots of a sync, late prices).
 */
export class SnapshotValuer {
  constructor(
    private readonly deps: { store: PgSnapshotValues; books: PriceBookLoader; baseCurrency: string },
  ) {}

  /** Users whose values a new price changed (every holder: today's value moves with any latest price). */
  holders(): Promise<string[]> {
    return this.deps.store.usersWithHoldings();
  }

  async revalue(fromDay: string | null): Promise<{ users: number; rows: number; priced: number }> {
    this.deps.books.invalidate();
    let rows = 0;
    let priced = 0;
    const users = await this.deps.store.usersToValue(fromDay);
    for (const userId of users) {
      const snapshots = await this.deps.store.rowsToValue(userId, fromDay);
      if (!snapshots.length) continue;
      const book = await this.deps.books.book(
        [...new Set(snapshots.map((s) => s.unit))],
        this.deps.baseCurrency,
      );
      const values = snapshots.map((s) => {
        const p = book.exactPriceOf(s.unit, this.deps.baseCurrency, dayNumber(s.day));
        if (p.exact === null) return null;
        priced++;
        return exactText(exactRound(valueOfQuantity(s.quantity, s.decimals, p.exact), VALUE_PLACES));
      });
      rows += await this.deps.store.setValues(
        userId,
        snapshots.map((s) => s.id),
        values,
      );
    }
    return { users: users.length, rows, priced };
  }
}
