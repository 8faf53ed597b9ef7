import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { DailyPrice, LatestPrice } from '../../../../src/domain/prices/price-types.js';
import {
  exactFromText,
  exactPlus,
  exactRatio,
  exactRound,
  exactText,
  valueOfQuantity,
} from '../../../../src/domain/valuation/exact-amount.js';
import { PriceBook } from '../../../../src/domain/valuation/price-book.js';
import { priceSeriesOf } from '../../../../src/domain/valuation/price-series.js';
import { dayNumber, dayText } from '../../../../src/domain/valuation/utc-day.js';
import { valueChange, valueHoldings } from '../../../../src/domain/valuation/value-holdings.js';
import { valueSeries } from '../../../../src/domain/valuation/value-series.js';

const TOKEN = 'aa'.repeat(28) + '4d494e';
const OTHER = 'bb'.repeat(28) + '58';
const daily = (unit: string, currency: string, day: string, price: string, source = 'test'): DailyPrice => ({
  unit,
  currency,
  day,
  price: new Decimal(price),
  source,
});
const NOW = new Date('2026-03-10T12:00:00Z');

function book(rows: DailyPrice[], latest: LatestPrice[] = [], carryDays?: number) {
  return new PriceBook(priceSeriesOf(rows), latest, { now: NOW, ...(carryDays ? { carryDays } : {}) });
}

describe('exact amounts', () => {
  it('parses plain decimal text exactly and refuses anything else', () => {
    expect(exactFromText('0.000000000000000000000000000001')).toEqual({ mantissa: 1n, scale: 30 });
    expect(exactText(exactFromText('-12.3400'))).toBe('-12.34');
    for (const bad of ['1e5', '0x10', '', '1.', '.5', 'NaN', '1,5']) {
      expect(() => exactFromText(bad)).toThrow(/not a plain decimal/);
    }
  });

  it('values base units exactly (no float, no Decimal precision loss)', () => {
    // 45,000,000,000,000,001 lovelace × 0.123456789012345678901234567891 per ADA: 47 significant digits.
    const v = valueOfQuantity(45_000_000_000_000_001n, 6, exactFromText('0.123456789012345678901234567891'));
    // Oracle: Decimal with 200 significant digits (the default 20 would round this).
    const Wide = Decimal.clone({ precision: 200 });
    const expected = new Wide('45000000000000001').div(1e6).times('0.123456789012345678901234567891');
    expect(exactText(v)).toBe(expected.toFixed());
    expect(exactText(v)).not.toBe(
      new Decimal('45000000000.000001').times('0.123456789012345678901234567891').toFixed(),
    );
    expect(exactText(valueOfQuantity(1n, 0, exactFromText('0.1')))).toBe('0.1');
  });

  it('rounds ratios and snapshot values half to even, and refuses a zero divisor', () => {
    expect(exactText(exactRatio(exactFromText('1'), exactFromText('8'), 2)!)).toBe('0.12'); // 0.125 → even
    expect(exactText(exactRatio(exactFromText('3'), exactFromText('8'), 2)!)).toBe('0.38'); // 0.375 → even
    expect(exactText(exactRatio(exactFromText('-1'), exactFromText('8'), 2)!)).toBe('-0.12');
    expect(exactText(exactRatio(exactFromText('1'), exactFromText('-3'), 2)!)).toBe('-0.33');
    expect(exactText(exactRatio(exactFromText('2'), exactFromText('3'), 2)!)).toBe('0.67');
    expect(exactRatio(exactFromText('1'), exactFromText('0'), 2)).toBeNull();
    expect(exactText(exactRound(exactFromText('1.0000005'), 6))).toBe('1');
    expect(exactText(exactRound(exactFromText('1.0000015'), 6))).toBe('1.000002');
    expect(exactText(exactRound(exactFromText('1.00000151'), 6))).toBe('1.000002');
    expect(exactText(exactRound(exactFromText('1.5'), 6))).toBe('1.5');
  });
});

describe('PriceBook', () => {
  const rows = [
    daily('lovelace', 'USD', '2026-03-01', '0.50', 'kraken'),
    daily('lovelace', 'USD', '2026-03-02', '0.55', 'kraken'),
    daily('lovelace', 'USD', '2026-03-09', '0.60', 'coingecko'),
    daily(TOKEN, 'ADA', '2026-03-02', '0.25', 'dex:minswap'),
    daily(TOKEN, 'ADA', '2026-03-09', '0.2', 'dex:minswap'),
  ];

  it('answers the day own price, fresh', () => {
    expect(book(rows).priceOf('lovelace', 'USD', '2026-03-02')).toMatchObject({
      source: 'kraken',
      priceDate: '2026-03-02',
      stale: false,
    });
    expect(book(rows).priceOf('lovelace', 'USD', '2026-03-02').price!.toFixed()).toBe('0.55');
  });

  it('carries the latest earlier day within carryDays, saying its date; older is stale with its date', () => {
    const b = book(rows, [], 3);
    expect(b.priceOf('lovelace', 'USD', '2026-03-05')).toMatchObject({
      priceDate: '2026-03-02',
      stale: true,
    });
    expect(b.priceOf('lovelace', 'USD', '2026-03-06')).toEqual({
      price: null,
      reason: 'stale',
      priceDate: '2026-03-02',
    });
  });

  it('before the first known price is outside_history; a never-priced unit is no_source', () => {
    expect(book(rows).priceOf('lovelace', 'USD', '2026-02-28')).toEqual({
      price: null,
      reason: 'outside_history',
    });
    expect(book(rows).priceOf(OTHER, 'USD', '2026-03-02')).toEqual({ price: null, reason: 'no_source' });
    expect(book(rows).priceOf('lovelace', 'JPY', '2026-03-02')).toEqual({ price: null, reason: 'no_source' });
  });

  it('crosses token/ADA × ADA/fiat of the same day, names both sources and the older date', () => {
    const p = book(rows).priceOf(TOKEN, 'USD', '2026-03-02');
    expect(p).toMatchObject({ source: 'dex:minswap×kraken', priceDate: '2026-03-02', stale: false });
    expect(p.price!.toFixed()).toBe('0.1375');
    const carried = book(rows).priceOf(TOKEN, 'USD', '2026-03-03');
    expect(carried).toMatchObject({ priceDate: '2026-03-02', stale: true });
    // The token leg stale beyond the carry window: the cross rate fails with the token's reason.
    expect(book(rows, [], 3).priceOf(TOKEN, 'USD', '2026-03-08')).toEqual({
      price: null,
      reason: 'stale',
      priceDate: '2026-03-02',
    });
    // Token priced in ADA but ADA not yet in USD: the ADA leg's reason.
    const noFiat = book([daily(TOKEN, 'ADA', '2026-03-02', '0.25')]);
    expect(noFiat.priceOf(TOKEN, 'USD', '2026-03-02')).toEqual({ price: null, reason: 'no_source' });
    expect(noFiat.priceOf(TOKEN, 'ADA', '2026-03-01')).toEqual({ price: null, reason: 'outside_history' });
  });

  it('prefers a direct token/fiat price, and keeps its specific reason over a failing cross rate', () => {
    const b = book([...rows, daily(TOKEN, 'USD', '2026-03-02', '0.14', 'coingecko')]);
    expect(b.priceOf(TOKEN, 'USD', '2026-03-02')).toMatchObject({ source: 'coingecko' });
    expect(b.priceOf(TOKEN, 'USD', '2026-03-02').price!.toFixed()).toBe('0.14');
    const onlyDirect = book([daily(TOKEN, 'USD', '2026-03-05', '0.14')]);
    expect(onlyDirect.priceOf(TOKEN, 'USD', '2026-03-01')).toEqual({
      price: null,
      reason: 'outside_history',
    });
  });

  it('ADA in ADA is 1', () => {
    expect(book([]).priceOf('lovelace', 'ADA', '2020-01-01')).toMatchObject({
      source: 'identity',
      stale: false,
    });
    expect(book([]).priceOf('lovelace', 'ADA', 'now').price!.toFixed()).toBe('1');
  });

  it('now: a fresh latest price wins; an old one is stale; beyond carryDays it falls back or is stale', () => {
    const latest = (observedAt: string, price = '0.61'): LatestPrice => ({
      unit: 'lovelace',
      currency: 'USD',
      price: new Decimal(price),
      source: 'coingecko',
      observedAt: new Date(observedAt),
    });
    expect(book(rows, [latest('2026-03-10T11:55:00Z')]).priceOf('lovelace', 'USD', 'now')).toMatchObject({
      priceDate: '2026-03-10',
      stale: false,
    });
    expect(book(rows, [latest('2026-03-08T11:00:00Z')]).priceOf('lovelace', 'USD', 'now')).toMatchObject({
      priceDate: '2026-03-08',
      stale: true,
    });
    // Latest too old: the daily table (yesterday's row, carried) answers.
    const old = book(rows, [latest('2026-02-01T00:00:00Z')]).priceOf('lovelace', 'USD', 'now');
    expect(old).toMatchObject({ priceDate: '2026-03-09', stale: true });
    expect(book([], [latest('2026-02-01T00:00:00Z')]).priceOf('lovelace', 'USD', 'now')).toEqual({
      price: null,
      reason: 'stale',
      priceDate: '2026-02-01',
    });
  });

  it('refuses a malformed day', () => {
    expect(() => book(rows).priceOf('lovelace', 'USD', '2026-02-30')).toThrow(RangeError);
  });
});

describe('valueHoldings', () => {
  const rows = [daily('lovelace', 'USD', '2026-03-02', '0.5'), daily(TOKEN, 'ADA', '2026-03-02', '0.25')];

  it('values each holding, sums the priced ones and lists the unpriced with reasons (never 0)', () => {
    const v = valueHoldings(
      [
        { unit: 'lovelace', quantity: 1_500_000n, decimals: 6 },
        { unit: TOKEN, quantity: 1234n, decimals: 2 },
        { unit: OTHER, quantity: 7n, decimals: 0 },
      ],
      book(rows),
      'USD',
      '2026-03-02',
    );
    expect(v.holdings.map((h) => [h.unit, h.price, h.value, h.reason])).toEqual([
      ['lovelace', '0.5', '0.75', null],
      [TOKEN, '0.125', '1.5425', null],
      [OTHER, null, null, 'no_source'],
    ]);
    expect(v.total).toBe('2.2925');
    expect(v.pricedUnits).toBe(2);
    expect(v.unpricedUnits).toEqual([{ unit: OTHER, reason: 'no_source', priceDate: null }]);
  });

  it('total is null when nothing held is priced, and 0 only for an empty portfolio', () => {
    const none = valueHoldings([{ unit: OTHER, quantity: 7n, decimals: 0 }], book(rows), 'USD', '2026-03-02');
    expect(none.total).toBeNull();
    expect(valueHoldings([], book(rows), 'USD', '2026-03-02').total).toBe('0');
  });
});

describe('valueChange', () => {
  it('compares the same quantities at the earlier and later prices, rounding the percent half to even', () => {
    const b = book([
      daily('lovelace', 'USD', '2026-03-02', '0.40'),
      daily('lovelace', 'USD', '2026-03-09', '0.45'),
      daily('lovelace', 'USD', '2026-03-10', '0.5'),
    ]);
    const holdings = [
      { unit: 'lovelace', quantity: 8_000_000n, decimals: 6 },
      { unit: OTHER, quantity: 1n, decimals: 0 },
    ];
    expect(valueChange(holdings, b, 'USD', '2026-03-10', 1)).toEqual({
      since: '2026-03-09',
      from: '3.6',
      to: '4',
      absolute: '0.4',
      percent: '11.11',
      comparedUnits: 1,
    });
    expect(valueChange(holdings, b, 'USD', 'now', 8)).toMatchObject({
      since: '2026-03-02',
      percent: '25.00',
    });
    // Nothing priced back then: no comparison rather than a fake 100 %.
    expect(valueChange(holdings, b, 'USD', '2026-03-10', 30)).toBeNull();
  });
});

describe('valueSeries', () => {
  it('equals Σ quantity × exactPriceOf per token and day (direct, cross rate, gaps, stale, ADA)', () => {
    // Seeded generator: prices with varying places and holes longer than the carry window, some
    // tokens priced directly, some only in ADA, one never; quantities that change and go to zero.
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 48_271) % 2_147_483_647) % n; // Park–Miller: exact in doubles
    const units = ['lovelace', TOKEN, OTHER, 'cc'.repeat(28) + '01', 'dd'.repeat(28) + '02'];
    const first = dayNumber('2026-01-01');
    const days = Array.from({ length: 60 }, (_, k) => first + k);
    const rows: DailyPrice[] = [];
    for (const [unit, currency] of [
      ['lovelace', 'USD'],
      [TOKEN, 'ADA'],
      [OTHER, 'USD'],
      [OTHER, 'ADA'],
      ['cc'.repeat(28) + '01', 'ADA'],
    ] as const) {
      let gap = 0;
      for (const d of days) {
        // Holes of 3–14 days: shorter ones carry the last price, longer ones leave days stale.
        if (gap > 0 && gap--) continue;
        if (rand(8) === 0) {
          gap = 2 + rand(12);
          continue;
        }
        const places = rand(9);
        const price = `${rand(3)}.${String(rand(10 ** places || 1)).padStart(places, '0')}`;
        rows.push(daily(unit, currency, dayText(d), places === 0 ? String(rand(5)) : price));
      }
    }
    const b = book(rows);
    const changes = units.map((unit, i) => {
      const at = [...new Set(Array.from({ length: 6 }, () => rand(days.length)))].sort((x, y) => x - y);
      const quantities = at.map(() => (rand(4) === 0 ? 0n : BigInt(rand(1_000_000_000)) * 1000n + 1n));
      return { unit, decimals: i === 0 ? 6 : rand(8), at, quantities };
    });
    for (const currency of ['USD', 'ADA', 'EUR']) {
      const got = valueSeries(changes, days, b, currency);
      // The oracle: every cell looked up on its own and multiplied out, as valuation did before.
      const totals: Array<string | null> = [];
      const unpriced: number[] = [];
      days.forEach((day, k) => {
        let total = exactFromText('0');
        let held = 0;
        let missing = 0;
        for (const c of changes) {
          let j = -1;
          while (j + 1 < c.at.length && c.at[j + 1]! <= k) j++;
          if (j < 0 || c.quantities[j] === 0n) continue;
          held++;
          const p = b.exactPriceOf(c.unit, currency, day);
          if (p.exact === null) missing++;
          else total = exactPlus(total, valueOfQuantity(c.quantities[j]!, c.decimals, p.exact));
        }
        totals.push(held > 0 && missing === held ? null : exactText(total));
        unpriced.push(missing);
      });
      expect(got.totals).toEqual(totals);
      expect(got.unpriced).toEqual(unpriced);
    }
  });

  it('values every bucket from change points, carries prices, marks unpriced buckets null', () => {
    const b = book([
      daily('lovelace', 'USD', '2026-03-02', '0.5'),
      daily('lovelace', 'USD', '2026-03-04', '1'),
    ]);
    const days = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'].map(dayNumber);
    const s = valueSeries(
      [
        { unit: 'lovelace', decimals: 6, at: [0, 2], quantities: [2_000_000n, 3_000_001n] },
        { unit: OTHER, decimals: 2, at: [1, 3], quantities: [5n, 0n] },
      ],
      days,
      b,
      'USD',
    );
    expect(s.totals).toEqual([null, '1', '1.5000005', '3.000001']);
    expect(s.unpriced).toEqual([1, 1, 1, 0]);
  });

  it('aligns scales exactly across tokens and cross rates', () => {
    const b = book([
      daily('lovelace', 'EUR', '2026-03-02', '0.333'),
      daily(TOKEN, 'ADA', '2026-03-02', '0.0000001'),
    ]);
    const s = valueSeries(
      [
        { unit: TOKEN, decimals: 0, at: [0], quantities: [3n] },
        { unit: 'lovelace', decimals: 6, at: [0], quantities: [1n] },
      ],
      [dayNumber('2026-03-02')],
      b,
      'EUR',
    );
    // 3 × 0.0000001 × 0.333 + 0.000001 × 0.333
    expect(s.totals).toEqual(['0.0000004329']);
  });
});

describe('as of a day', () => {
  it('ends the day in UTC or in the user time zone, DST included', async () => {
    const { endOfDay, localDay, checkAsOf, isTimeZone } =
      await import('../../../../src/domain/valuation/as-of.js');
    expect(endOfDay('2025-12-31').toISOString()).toBe('2025-12-31T23:59:59.999Z');
    expect(endOfDay('2025-12-31', 'Europe/Berlin').toISOString()).toBe('2025-12-31T22:59:59.999Z');
    expect(endOfDay('2025-07-01', 'Europe/Berlin').toISOString()).toBe('2025-07-01T21:59:59.999Z');
    expect(endOfDay('2025-03-30', 'Europe/Berlin').toISOString()).toBe('2025-03-30T21:59:59.999Z'); // DST starts
    expect(endOfDay('2025-12-31', 'America/New_York').toISOString()).toBe('2026-01-01T04:59:59.999Z');
    expect(endOfDay('2025-12-31', 'Asia/Tokyo').toISOString()).toBe('2025-12-31T14:59:59.999Z');
    expect(localDay(new Date('2026-01-01T03:00:00Z'), 'America/New_York')).toBe('2025-12-31');
    expect(checkAsOf('2026-03-10', NOW)).toBeNull();
    expect(checkAsOf('2026-03-11', NOW)).toBe('future');
    expect(checkAsOf('2026-3-1', NOW)).toBe('malformed');
    expect(checkAsOf('2026-02-29', NOW)).toBe('malformed');
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
