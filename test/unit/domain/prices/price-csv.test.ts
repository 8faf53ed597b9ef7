import { describe, expect, it } from 'vitest';
import { parsePriceCsv } from '../../../../src/domain/prices/price-csv.js';

const TOKEN = '29d222ce763455e3d7a09a665ce554f00ac89d2e99a1a83d267170c6' + '4d494e';
const options = { currencies: ['ADA', 'USD', 'EUR'], today: '2024-06-30' };

describe('parsePriceCsv', () => {
  it('parses good rows exactly, with or without a header, normalising ADA and case', () => {
    const text = [
      '\uFEFFdate,unit,currency,price',
      '2021-03-01,lovelace,USD,1.23456789012345678901',
      '2021-03-02, ADA ,eur,"0.9"',
      `2021-03-02,${TOKEN.toUpperCase()},ADA,.000123`,
      '',
      '# a comment line',
    ].join('\r\n');
    const { prices, refused } = parsePriceCsv(text, options);
    expect(refused).toEqual([]);
    expect(prices.map((p) => [p.day, p.unit, p.currency, p.price.toFixed(), p.source])).toEqual([
      ['2021-03-01', 'lovelace', 'USD', '1.23456789012345678901', 'csv'],
      ['2021-03-02', 'lovelace', 'EUR', '0.9', 'csv'],
      ['2021-03-02', TOKEN, 'ADA', '0.000123', 'csv'],
    ]);
    // No float ever: 21 significant digits survive.
    expect(prices[0]!.price.precision()).toBe(21);
  });

  it('keeps the good rows and refuses each bad one by line with its reason', () => {
    const text = [
      'date,unit,currency,price',
      '2021-02-30,lovelace,USD,1', // 2 not a calendar day
      '2021-03-01,lovelace,XYZ,1', // 3 currency
      '2021-03-01,notaunit,USD,1', // 4 unit
      '2021-03-01,lovelace,USD,1e3', // 5 exponent
      '2021-03-01,lovelace,USD,-1', // 6 negative
      '2021-03-01,lovelace,USD,0', // 7 zero
      '2021-03-01,lovelace,USD', // 8 columns
      '2021-03-01,lovelace,USD,0.5', // 9 good
      '2021-03-01,lovelace,USD,0.6', // 10 repeat of 9
      '2099-01-01,lovelace,USD,1', // 11 future
      '2021-03-01,lovelace,ADA,1', // 12 ADA in ADA
      '2021-03-01,lovelace,USD,"1', // 13 quote
      '2021-03-01,lovelace,USD,"1,000"', // 14 thousands separator
    ].join('\n');
    const { prices, refused } = parsePriceCsv(text, options);
    expect(prices.map((p) => p.price.toFixed())).toEqual(['0.5']);
    expect(refused.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14]);
    const reason = (line: number) => refused.find((r) => r.line === line)!.reason;
    expect(reason(2)).toMatch(/not a calendar date/);
    expect(reason(3)).toMatch(/not one of ADA, USD, EUR/);
    expect(reason(4)).toMatch(/unit "notaunit"/);
    expect(reason(5)).toMatch(/plain decimal/);
    expect(reason(7)).toMatch(/zero/);
    expect(reason(8)).toMatch(/expected 4 columns/);
    expect(reason(10)).toMatch(/repeats line 9/);
    expect(reason(11)).toMatch(/after today/);
    expect(reason(13)).toMatch(/quote/);
    expect(refused[0]!.text).toBe('2021-02-30,lovelace,USD,1');
  });

  it('does not take a bad first row for a header', () => {
    const { prices, refused } = parsePriceCsv('date,unit,currency\n2021-03-01,lovelace,USD,1\n', options);
    expect(refused.map((r) => r.line)).toEqual([1]);
    expect(prices).toHaveLength(1);
  });

  it('refuses a price the numeric(65,30) column cannot hold exactly: over 30 decimal places or 35 integer digits', () => {
    const places30 = '0.' + '1'.repeat(30);
    const places31 = '0.' + '0'.repeat(30) + '1';
    const digits35 = '9'.repeat(35) + '.5';
    const digits36 = '1' + '0'.repeat(35);
    const text = [
      'date,unit,currency,price',
      `2021-03-01,lovelace,USD,${places30}`, // 2 good: exactly 30 places
      `2021-03-02,lovelace,USD,${places31}`, // 3 would be rounded to 0
      `2021-03-03,lovelace,USD,${digits35}`, // 4 good: 35 integer digits
      `2021-03-04,lovelace,USD,${digits36}`, // 5 would overflow the column
      `2021-03-05,lovelace,USD,0001.5${'0'.repeat(40)}`, // 6 good: zeros that carry no digit
      `2021-03-06,lovelace,EUR,${'1'.repeat(40)}.${'1'.repeat(40)}`, // 7 both: places first
    ].join('\n');
    const { prices, refused } = parsePriceCsv(text, options);
    expect(prices.map((p) => [p.day, p.price.toFixed()])).toEqual([
      ['2021-03-01', places30],
      ['2021-03-03', digits35],
      ['2021-03-05', '1.5'],
    ]);
    expect(refused.map((r) => [r.line, r.reason])).toEqual([
      [3, `price "${places31}" has 31 decimal places; at most 30 are stored exactly`],
      [5, `price "${digits36}" has 36 digits before the decimal point; at most 35 can be stored`],
      [7, expect.stringMatching(/has 40 decimal places; at most 30/)],
    ]);
  });
});
