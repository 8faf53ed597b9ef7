import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgPriceRepository } from '../../../src/db/repositories/pg-price-repository.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

const TOKEN = 'ab'.repeat(28) + '4d494e';

describe('shared price table (PostgreSQL)', () => {
  let db: TestDatabase;
  let prices: PgPriceRepository;

  beforeAll(async () => {
    db = await createTestDatabase();
    prices = new PgPriceRepository(db.sql);
  });
  afterAll(() => db.drop());

  it('stores and reads exact decimals that no float can hold', async () => {
    const exact = '0.123456789012345678901234567891';
    await prices.upsertDaily([
      {
        unit: 'lovelace',
        currency: 'USD',
        day: '2021-06-01',
        price: new Decimal('1.7612345678901234567'),
        source: 'kraken',
      },
      { unit: TOKEN, currency: 'ADA', day: '2021-06-01', price: new Decimal(exact), source: 'dex:minswap' },
    ]);
    const rows = await prices.daily({
      units: [TOKEN, 'lovelace'],
      currencies: ['ADA', 'USD'],
      from: '2021-06-01',
      to: '2021-06-01',
    });
    expect(rows.map((r) => [r.unit, r.currency, r.day, r.price.toFixed(), r.source])).toEqual([
      [TOKEN, 'ADA', '2021-06-01', exact, 'dex:minswap'],
      ['lovelace', 'USD', '2021-06-01', '1.7612345678901234567', 'kraken'],
    ]);
  });

  it('`over`: replaces only rows of the listed sources (by name before `:`), and only when they differ', async () => {
    const at = (day: string) => ({ unit: TOKEN, currency: 'ADA', day });
    await prices.upsertDaily([
      { ...at('2021-08-01'), price: new Decimal('5'), source: 'dex:minswap-v2' },
      { ...at('2021-08-02'), price: new Decimal('6'), source: 'coingecko' },
    ]);
    const fill = (day: string, price: string) => ({ ...at(day), price: new Decimal(price), source: 'fill' });
    const over = { over: ['fill', 'dex'] };
    // The dex row is replaced, the coingecko row kept, a missing day inserted.
    expect(
      await prices.upsertDaily(
        [fill('2021-08-01', '4'), fill('2021-08-02', '4'), fill('2021-08-03', '4')],
        over,
      ),
    ).toBe(2);
    // The same answer again writes nothing; a changed fill price replaces its own row.
    expect(await prices.upsertDaily([fill('2021-08-01', '4'), fill('2021-08-03', '4')], over)).toBe(0);
    expect(await prices.upsertDaily([fill('2021-08-03', '4.5')], over)).toBe(1);
    const rows = await prices.daily({
      units: [TOKEN],
      currencies: ['ADA'],
      from: '2021-08-01',
      to: '2021-08-03',
    });
    expect(rows.map((r) => [r.day, r.price.toFixed(), r.source])).toEqual([
      ['2021-08-01', '4', 'fill'],
      ['2021-08-02', '6', 'coingecko'],
      ['2021-08-03', '4.5', 'fill'],
    ]);
  });

  it('keeps the first source for a day unless asked to replace', async () => {
    const day = { unit: 'lovelace', currency: 'EUR', day: '2021-07-01' };
    expect(await prices.upsertDaily([{ ...day, price: new Decimal('1.1'), source: 'coingecko' }])).toBe(1);
    expect(await prices.upsertDaily([{ ...day, price: new Decimal('1.2'), source: 'kraken' }])).toBe(0);
    let [row] = await prices.daily({
      units: ['lovelace'],
      currencies: ['EUR'],
      from: '2021-07-01',
      to: '2021-07-01',
    });
    expect([row!.price.toFixed(), row!.source]).toEqual(['1.1', 'coingecko']);
    expect(await prices.upsertDaily([{ ...day, price: new Decimal('1.15'), source: 'csv' }], 'replace')).toBe(
      1,
    );
    [row] = await prices.daily({
      units: ['lovelace'],
      currencies: ['EUR'],
      from: '2021-07-01',
      to: '2021-07-01',
    });
    expect([row!.price.toFixed(), row!.source]).toEqual(['1.15', 'csv']);
  });

  it('lists the days a range still lacks', async () => {
    await prices.upsertDaily([
      { unit: 'lovelace', currency: 'GBP', day: '2021-08-02', price: new Decimal('1'), source: 'kraken' },
      { unit: 'lovelace', currency: 'GBP', day: '2021-08-04', price: new Decimal('1'), source: 'kraken' },
    ]);
    expect(await prices.missingDays('lovelace', 'GBP', '2021-08-01', '2021-08-05')).toEqual([
      '2021-08-01',
      '2021-08-03',
      '2021-08-05',
    ]);
  });

  it('keeps the newest latest price and ignores an older observation', async () => {
    const base = { unit: 'lovelace', currency: 'USD', source: 'coingecko' };
    await prices.upsertLatest([
      { ...base, price: new Decimal('0.45'), observedAt: new Date('2026-12-05T10:00:00Z') },
    ]);
    await prices.upsertLatest([
      { ...base, price: new Decimal('0.40'), observedAt: new Date('2026-12-05T09:00:00Z') },
    ]);
    const [latest] = await prices.latest(['lovelace'], ['USD']);
    expect(latest!.price.toFixed()).toBe('0.45');
    expect(latest!.observedAt.toISOString()).toBe('2026-12-05T10:00:00.000Z');
  });
});
