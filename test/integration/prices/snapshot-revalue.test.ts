import { Decimal as BaseDecimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgPriceRepository } from '../../../src/db/repositories/pg-price-repository.js';
import { PgSnapshotValues } from '../../../src/db/repositories/pg-snapshot-values.js';
import { PriceBookLoader } from '../../../src/portfolio/price-book-loader.js';
import { SnapshotValuer } from '../../../src/prices/snapshot-valuer.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

/** Exact for these figures: 20 significant digits (decimal.js's default) would round the expectations. */
const Decimal = BaseDecimal.clone({ precision: 200 });

/**
 * Late prices: a refresh that stores prices for past days re-values the snapshots from the first of
 * those days on (`revalue(changedFrom)`, as the refresh job calls it), each to quantity × that day's
 * price in the base currency exactly (half-even at the column's 6 places); the snapshots before it
 * are neither read nor written.
 */

const BASE = 'EUR';
const WALLET = 'addr_test1qrevalue';
const DAYS = Array.from({ length: 10 }, (_, i) => `2024-03-${String(i + 1).padStart(2, '0')}`);
/** Lovelace held on each day: odd amounts, so every product has all six places. */
const QUANTITY = DAYS.map((_, i) => 1_234_567_891n + BigInt(i) * 1_000_003n);
/** Prices a source had when the snapshots were first valued: none for the first day. */
const FIRST = new Map(
  ['0.3141592653589793238462643383', '0.2718281828459045', '0.5', '0.123456789'].map(
    (p, i) => [DAYS[i + 1]!, p] as const,
  ),
);
/** Prices that arrive later for past days (Kraken filling in what CoinGecko lacked, say). */
const LATE = new Map(
  [
    '0.41421356237309504880168872',
    '0.17320508',
    '0.99999999999999999999',
    '7.000000000000000000000000000001',
  ].map((p, i) => [DAYS[i + 6]!, p] as const),
);

let db: TestDatabase;
let prices: PgPriceRepository;
let valuer: SnapshotValuer;
let userId: string;
let otherUserId: string;

/** The value revalue must store: quantity in ADA × price, half-even at 6 places. */
const valueOf = (quantity: bigint, price: string) =>
  new Decimal(quantity.toString())
    .div(1e6)
    .times(price)
    .toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN)
    .toFixed(6);

async function values(user: string): Promise<Map<string, string | null>> {
  const { rows } = await db.sql.query<{ day: string; value: string | null }>(
    `SELECT to_char(as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, value::text
     FROM portfolio_holdings_snapshots WHERE user_id = $1::uuid ORDER BY as_of`,
    [user],
  );
  return new Map(rows.map((r) => [r.day, r.value === null ? null : new Decimal(r.value).toFixed(6)]));
}

async function store(points: Map<string, string>, source: string) {
  await prices.upsertDaily(
    [...points].map(([day, price]) => ({
      unit: 'lovelace',
      currency: BASE,
      day,
      price: new BaseDecimal(price),
      source,
    })),
  );
}

beforeAll(async () => {
  db = await createTestDatabase();
  prices = new PgPriceRepository(db.sql);
  valuer = new SnapshotValuer({
    store: new PgSnapshotValues(db.sql),
    books: new PriceBookLoader({ prices, now: () => new Date() }, { ttlMs: 0 }),
    baseCurrency: BASE,
  });
  userId = (await db.prisma.user.create({ data: { displayName: 'late prices' } })).id;
  otherUserId = (await db.prisma.user.create({ data: { displayName: 'early only' } })).id;
  await db.prisma.portfolioHoldingsSnapshot.createMany({
    data: [
      ...DAYS.map((day, i) => ({
        userId,
        walletAddress: WALLET,
        asOf: new Date(`${day}T00:00:00Z`),
        tokenUnit: 'lovelace',
        quantity: QUANTITY[i]!.toString(),
      })),
      // Another user whose snapshots all lie before the late prices.
      ...DAYS.slice(1, 4).map((day, i) => ({
        userId: otherUserId,
        walletAddress: `${WALLET}2`,
        asOf: new Date(`${day}T00:00:00Z`),
        tokenUnit: 'lovelace',
        quantity: QUANTITY[i]!.toString(),
      })),
    ],
  });
  await store(FIRST, 'coingecko');
}, 60_000);
afterAll(async () => {
  await db?.drop();
});

describe('snapshot values when late prices arrive', () => {
  it('first valuation: each day quantity × its price; days after the last price carry it (stale); none before the first is null, not 0', async () => {
    const first = await valuer.revalue(null);
    expect(first).toEqual({ users: 2, rows: 9 + 3, priced: 9 + 3 });
    const v = await values(userId);
    expect(v.get(DAYS[0]!)).toBeNull();
    for (let i = 1; i <= 4; i++)
      expect(v.get(DAYS[i]!), DAYS[i]).toBe(valueOf(QUANTITY[i]!, FIRST.get(DAYS[i]!)!));
    for (let i = 5; i < DAYS.length; i++)
      expect(v.get(DAYS[i]!), DAYS[i]).toBe(valueOf(QUANTITY[i]!, FIRST.get(DAYS[4]!)!));
  });

  it('late prices from a past day on: revalue(that day) re-values exactly the snapshots from that day, and no snapshot before it is read or written', async () => {
    const before = await values(userId);
    const otherBefore = await values(otherUserId);
    // A row before the late days, set apart by hand: rewritten only if revalue reached back past
    // its first day (its recomputed value would differ).
    await db.sql.query(
      `UPDATE portfolio_holdings_snapshots SET value = 1 WHERE user_id = $1::uuid AND as_of = $2::date`,
      [userId, DAYS[3]],
    );
    await store(LATE, 'kraken');

    const late = await valuer.revalue(DAYS[6]!);
    // One user has snapshots from that day; the first day's (unpriced, null) is read again and stays null.
    expect(late).toEqual({ users: 1, rows: 4, priced: 4 });
    const after = await values(userId);
    for (let i = 6; i < DAYS.length; i++) {
      expect(after.get(DAYS[i]!), DAYS[i]).toBe(valueOf(QUANTITY[i]!, LATE.get(DAYS[i]!)!));
      expect(after.get(DAYS[i]!)).not.toBe(before.get(DAYS[i]!));
    }
    expect(after.get(DAYS[3]!)).toBe('1.000000');
    for (const i of [0, 1, 2, 4, 5]) expect(after.get(DAYS[i]!), DAYS[i]).toBe(before.get(DAYS[i]!));
    expect(await values(otherUserId)).toEqual(otherBefore);

    // Asked again with nothing new: nothing changes.
    expect(await valuer.revalue(DAYS[6]!)).toEqual({ users: 1, rows: 0, priced: 4 });
  });
});
