import { describe, expect, it } from 'vitest';
import { buildHoldingRows, utcDayStart } from '../../../src/sync/holdings-snapshots.js';

const d = (s: string) => new Date(s + 'T00:00:00Z');
const TOKEN = 'ab'.repeat(28) + '4d494e';

describe('buildHoldingRows', () => {
  const daily = [
    { day: d('2021-02-25'), unit: 'lovelace', quantity: 42_690_000n },
    { day: d('2021-02-25'), unit: TOKEN, quantity: 10n },
    { day: d('2021-03-01'), unit: 'lovelace', quantity: -5_168_273n },
    { day: d('2021-03-05'), unit: TOKEN, quantity: -10n },
  ];

  it('reaches back to the first transaction on a first sync and ends with a row for today', () => {
    const rows = buildHoldingRows(daily, new Date(0), new Date('2026-11-25T13:00:00Z'));
    expect(rows).toEqual([
      { asOf: d('2021-02-25'), tokenUnit: TOKEN, quantity: 10n },
      { asOf: d('2021-02-25'), tokenUnit: 'lovelace', quantity: 42_690_000n },
      { asOf: d('2021-03-01'), tokenUnit: 'lovelace', quantity: 37_521_727n },
      // the token went to zero: a 0 row, so the latest row per token is the current holding
      { asOf: d('2021-03-05'), tokenUnit: TOKEN, quantity: 0n },
      { asOf: d('2026-11-25'), tokenUnit: 'lovelace', quantity: 37_521_727n },
    ]);
  });

  it('from a later day keeps the running balance of earlier days', () => {
    const rows = buildHoldingRows(daily, d('2021-03-01'), d('2021-03-05'));
    expect(rows).toEqual([
      { asOf: d('2021-03-01'), tokenUnit: 'lovelace', quantity: 37_521_727n },
      { asOf: d('2021-03-05'), tokenUnit: TOKEN, quantity: 0n },
      { asOf: d('2021-03-05'), tokenUnit: 'lovelace', quantity: 37_521_727n },
    ]);
  });

  it('no records: no rows', () => {
    expect(buildHoldingRows([], new Date(0), new Date())).toEqual([]);
  });

  it('utcDayStart truncates to 00:00 UTC', () => {
    expect(utcDayStart(new Date('2021-03-01T23:59:59.999Z'))).toEqual(d('2021-03-01'));
  });
});
