import { describe, expect, it } from 'vitest';
import { exactDecimal, exactInteger, parseExactJson } from '../../../src/prices/exact-json.js';

describe('exact-decimal JSON of price answers', () => {
  it('keeps every digit of CoinGecko number prices that a float would round', () => {
    const body = parseExactJson(
      '{"prices":[[1704067200000,0.59843214567891234567],[1704153600000,1e-7],[1704240000000,12345678901234567890.5]]}',
    ) as { prices: unknown[][] };
    expect(body.prices.map((p) => exactDecimal(p[1])!.toFixed())).toEqual([
      '0.59843214567891234567',
      '0.0000001',
      '12345678901234567890.5',
    ]);
    expect(exactInteger(body.prices[0]![0])).toBe(1704067200000);
    expect(Number('0.59843214567891234567').toString()).not.toBe('0.59843214567891234567');
  });

  it("reads Kraken's string prices and refuses what is not a number", () => {
    const row = parseExactJson('[1704067200,"0.598400","0.6","x","",null,true]') as unknown[];
    expect(exactDecimal(row[1])!.toFixed()).toBe('0.5984');
    expect(exactDecimal(row[3])).toBeNull();
    expect(exactDecimal(row[4])).toBeNull();
    expect(exactDecimal(row[5])).toBeNull();
    expect(exactDecimal(row[6])).toBeNull();
    expect(exactInteger('1.5')).toBeNull();
    expect(() => parseExactJson('{"prices":[[1,')).toThrow();
  });
});
