import { describe, expect, it } from 'vitest';
import { formatAmount, tokenDisplay } from '../../../src/portfolio/token-display.js';
import { decodeCursor, encodeCursor } from '../../../src/portfolio/transaction-cursor.js';

describe('formatAmount', () => {
  it('applies decimals exactly, without floating point', () => {
    expect(formatAmount(5_620_000n, 6)).toBe('5.62');
    expect(formatAmount(1n, 6)).toBe('0.000001');
    expect(formatAmount(-3_000_000n, 6)).toBe('-3');
    expect(formatAmount(0n, 6)).toBe('0');
    expect(formatAmount(18_446_744_073_709_551_615n, 0)).toBe('18446744073709551615');
    expect(formatAmount(123_456_789_012_345_678_901_234_567n, 8)).toBe('1234567890123456789.01234567');
  });

  it('formats safe-integer numbers exactly like bigints', () => {
    for (const q of [0, 1, -1, 5_620_000, -3_000_000, 1_000_000_000_000_000, Number.MAX_SAFE_INTEGER]) {
      for (const d of [0, 2, 6, 8]) expect(formatAmount(q, d)).toBe(formatAmount(BigInt(q), d));
    }
  });

  it('describes lovelace as ADA and unknown tokens with 0 decimals', () => {
    expect(tokenDisplay('lovelace', undefined)).toEqual({
      unit: 'lovelace',
      name: 'Cardano',
      ticker: 'ADA',
      decimals: 6,
    });
    expect(tokenDisplay('ab'.repeat(28), undefined)).toEqual({
      unit: 'ab'.repeat(28),
      name: null,
      ticker: null,
      decimals: 0,
    });
  });
});

describe('transaction cursor', () => {
  it('round-trips and refuses anything it did not issue', () => {
    const c = {
      txTimestamp: new Date('2026-01-02T03:04:05.678Z'),
      id: '4b0c7a9e-6a36-4d5a-9d51-0f1f2c3a4b5c',
    };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor('nonsense')).toBeNull();
    expect(decodeCursor(Buffer.from('2026-01-02|x').toString('base64url'))).toBeNull();
    expect(decodeCursor(Buffer.from(`not-a-date|${c.id}`).toString('base64url'))).toBeNull();
  });
});
