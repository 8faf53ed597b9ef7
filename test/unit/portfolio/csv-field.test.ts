import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from '../../../src/portfolio/csv-field.js';

describe('csvField', () => {
  it('leaves plain numbers as they are, negative ones too, so spreadsheets read them as numbers', () => {
    for (const n of ['0', '42', '-7', '1.5', '-0.000001', '-123456789.12345678', '1e-7', '-2.5E+21', '3e5'])
      expect(csvField(n), n).toBe(n);
  });

  it('escapes every cell starting with = + - @ tab or CR that is not a plain number', () => {
    const cases: Array<[string, string]> = [
      ['=1+1', `'=1+1`],
      ['+1', `'+1`],
      ['+SUM(A1:A2)', `'+SUM(A1:A2)`],
      ['-SUM(A1)', `'-SUM(A1)`],
      [`-2+3+cmd|' /C calc'!A0`, `'-2+3+cmd|' /C calc'!A0`],
      ['-1 buy', `'-1 buy`],
      ['-1-1', `'-1-1`],
      ['-1.', `'-1.`],
      ['-', `'-`],
      ['@EVIL', `'@EVIL`],
      ['\t=1', `'\t=1`],
      ['\r=1', `"'\r=1"`],
    ];
    for (const [value, want] of cases) expect(csvField(value), JSON.stringify(value)).toBe(want);
  });

  it('leaves other text alone, formula characters inside a cell included', () => {
    for (const s of ['', 'ADA', 'a=b', '1+1', 'x-1', 'HOSKY@pool', ' =1', "'quoted"])
      expect(csvField(s)).toBe(s);
  });

  it('quotes cells with quotes, commas or line breaks (RFC 4180), after the formula guard', () => {
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('line1\r\nline2')).toBe('"line1\r\nline2"');
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('-1,5')).toBe(`"'-1,5"`);
  });

  it('csvLine joins cells with commas, CRLF-terminated; null and undefined are empty; numbers as text', () => {
    expect(csvLine(['a', 1, -2.5, null, undefined, '=x', 'b,c'])).toBe(`a,1,-2.5,,,'=x,"b,c"\r\n`);
  });
});
