import { describe, expect, it } from 'vitest';
import type { HoldingSeriesRow } from '../../../src/db/repositories/pg-portfolio-read-repository.js';
import { bucketStart, buildHoldingsHistory } from '../../../src/portfolio/holdings-history.js';

const DAY = 86_400_000;
const day = (iso: string) => Date.parse(iso) / DAY;
const TOKEN = 'c'.repeat(56) + '74';

function row(
  tokenUnit: string,
  walletAddress: string,
  points: Array<[string, bigint]>,
  decimals: number | null = null,
): HoldingSeriesRow {
  return {
    tokenUnit,
    walletAddress,
    days: points.map(([d]) => day(d)),
    quantities: points.map(([, q]) => q),
    token: decimals === null ? null : { unit: tokenUnit, name: 'T', ticker: 'T', decimals },
  };
}

/** The row as the repository returns small quantities: numbers. */
const asNumbers = (r: HoldingSeriesRow): HoldingSeriesRow => ({
  ...r,
  quantities: (r.quantities as bigint[]).map(Number),
});

describe('buildHoldingsHistory', () => {
  it('sums wallets per bucket, opens with the balance held before `from`, and keeps only changes', () => {
    const rows = [
      row('lovelace', 'w1', [
        ['2025-12-20', 5_000_000n], // before the range: part of the opening balance
        ['2026-01-02', 7_000_000n],
        ['2026-01-04', 1_000_000n],
      ]),
      row('lovelace', 'w2', [
        ['2025-12-31', 1_000_000n],
        ['2026-01-04', 7_000_000n], // the same day as w1's drop: the total does not change
      ]),
      row(TOKEN, 'w2', [['2026-01-03', 250n]], 2),
    ];
    const range = {
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-01-05T10:00:00Z'),
      interval: 'day' as const,
    };
    const h = buildHoldingsHistory(rows, range);
    // Summed in numbers (the usual case) or in bigints: the same answer.
    expect(buildHoldingsHistory(rows.map(asNumbers), range)).toEqual(h);
    expect(h.buckets).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-02T00:00:00.000Z',
      '2026-01-03T00:00:00.000Z',
      '2026-01-04T00:00:00.000Z',
      '2026-01-05T00:00:00.000Z',
    ]);
    expect(h.tokens.map((t) => t.unit)).toEqual(['lovelace', TOKEN]);
    expect(h.series).toEqual([
      { unit: 'lovelace', at: [0, 1], amounts: ['6', '8'] },
      { unit: TOKEN, at: [2], amounts: ['2.5'] },
    ]);
  });

  it('buckets by ISO week (Monday) and by calendar month, UTC', () => {
    const rows = [
      row('lovelace', 'w1', [
        ['2026-01-04', 1_000_000n], // Sunday: week of Monday 2025-12-29
        ['2026-01-05', 2_000_000n], // Monday
        ['2026-01-11', 3_000_000n], // Sunday of the same week: the week ends at 3
        ['2026-02-01', 4_000_000n],
      ]),
    ];
    const range = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-02-03T00:00:00Z') };
    const weekly = buildHoldingsHistory(rows, { ...range, interval: 'week' });
    expect(weekly.buckets.map((b) => b.slice(0, 10))).toEqual([
      '2025-12-29',
      '2026-01-05',
      '2026-01-12',
      '2026-01-19',
      '2026-01-26',
      '2026-02-02',
    ]);
    expect(weekly.series).toEqual([{ unit: 'lovelace', at: [0, 1, 4], amounts: ['1', '3', '4'] }]);
    const monthly = buildHoldingsHistory(rows, { ...range, interval: 'month' });
    expect(monthly.buckets).toEqual(['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
    expect(monthly.series).toEqual([{ unit: 'lovelace', at: [0, 1], amounts: ['3', '4'] }]);
  });

  it('starts at the first bucket with data, keeps exact big amounts, and sorts days that arrive unsorted', () => {
    const huge = 123_456_789_012_345_678_901n;
    const rows = [
      row(TOKEN, 'w1', [
        ['2026-03-05', huge + 1n],
        ['2026-03-03', huge],
      ]),
    ];
    const h = buildHoldingsHistory(rows, {
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-03-06T00:00:00Z'),
      interval: 'day',
    });
    expect(h.buckets.map((b) => b.slice(0, 10))).toEqual([
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
    ]);
    expect(h.series).toEqual([
      { unit: TOKEN, at: [0, 2], amounts: ['123456789012345678901', '123456789012345678902'] },
    ]);
  });

  it('sums in bigints when numbers could lose precision, with the same result', () => {
    const big = 4_000_000_000_000_000n; // each a safe integer, but two wallets' sum is not
    const rows = [
      row('lovelace', 'w1', [['2026-01-01', big]]),
      row('lovelace', 'w2', [
        ['2026-01-01', big],
        ['2026-01-02', big + 1n],
      ]),
    ];
    const range = { from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-02T00:00:00Z') };
    const expected = [{ unit: 'lovelace', at: [0, 1], amounts: ['8000000000', '8000000000.000001'] }];
    expect(buildHoldingsHistory(rows, { ...range, interval: 'day' }).series).toEqual(expected);
    expect(buildHoldingsHistory(rows.map(asNumbers), { ...range, interval: 'day' }).series).toEqual(expected);
    // Small quantities take the number path: the same answer.
    const small = [row('lovelace', 'w1', [['2026-01-01', 3n]]), row('lovelace', 'w2', [['2026-01-02', 4n]])];
    expect(buildHoldingsHistory(small.map(asNumbers), { ...range, interval: 'day' }).series).toEqual([
      { unit: 'lovelace', at: [0, 1], amounts: ['0.000003', '0.000007'] },
    ]);
  });

  it('is empty without rows', () => {
    const h = buildHoldingsHistory([], {
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-03-06T00:00:00Z'),
      interval: 'week',
    });
    expect(h).toMatchObject({ tokens: [], buckets: [], series: [] });
  });
});

describe('bucketStart', () => {
  it('truncates to the UTC day, Monday of the ISO week, and first of the month', () => {
    const t = new Date('2026-01-08T15:30:00Z'); // a Thursday
    expect(bucketStart(t, 'day').toISOString()).toBe('2026-01-08T00:00:00.000Z');
    expect(bucketStart(t, 'week').toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(bucketStart(t, 'month').toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
});

describe('bucket start strings', () => {
  it('match Date#toISOString for every day of four centuries around now, leap days included', () => {
    const day0 = Date.UTC(1900, 0, 1) / DAY;
    const rows = [row('lovelace', 'w', [['1900-01-01', 1n]])];
    const h = buildHoldingsHistory(rows, {
      from: new Date(day0 * DAY),
      to: new Date((day0 + 1999) * DAY),
      interval: 'day',
    });
    expect(h.buckets).toHaveLength(2000);
    h.buckets.forEach((b, i) => expect(b).toBe(new Date((day0 + i) * DAY).toISOString()));
    for (let d = Date.UTC(1800, 0, 1) / DAY; d < Date.UTC(2200, 0, 1) / DAY; d += 7) {
      const w = buildHoldingsHistory([{ ...rows[0]!, days: [d] }], {
        from: new Date(d * DAY),
        to: new Date(d * DAY),
        interval: 'day',
      });
      expect(w.buckets[0]).toBe(new Date(d * DAY).toISOString());
    }
  });
});
