import { Decimal } from 'decimal.js';
import { dayNumber } from '../valuation/utc-day.js';
import { LOVELACE, type DailyPrice } from './price-types.js';

/** A CSV line that was not stored, with its 1-based line number and why. */
export interface RefusedPriceRow {
  line: number;
  text: string;
  reason: string;
}

export interface PriceCsvResult {
  prices: DailyPrice[];
  refused: RefusedPriceRow[];
}

export interface PriceCsvOptions {
  /** Quote currencies the deployment values in (`ADA` and the configured fiat list). */
  currencies: readonly string[];
  /** Days after this (`YYYY-MM-DD`, today) are refused: a price cannot be known in advance. */
  today: string;
}

const COLUMNS = ['date', 'unit', 'currency', 'price'] as const;
/** Plain decimal text only: an exponent or a thousands separator in a price file is a typo, not data. */
const DECIMAL = /^(?:\d+(?:\.\d+)?|\.\d+)$/;
const TOKEN_UNIT = /^[0-9a-f]{56}(?:[0-9a-f]{2}){0,32}$/;
/** The price column is `numeric(65, 30)`: 30 places after the point, 35 digits before it. */
const MAX_PLACES = 30;
const MAX_INTEGER_DIGITS = 65 - MAX_PLACES;

/** `lovelace`, `ADA` (same thing, priced per ADA) or a native token's policy id + asset name hex. */
function unitOf(raw: string): string | null {
  const u = raw.toLowerCase();
  if (u === LOVELACE || u === 'ada') return LOVELACE;
  return TOKEN_UNIT.test(u) ? u : null;
}

/**
 * Splits one CSV line into cells: commas, and double-quoted cells with `""` escapes (what
 * spreadsheets write). No line breaks inside cells: a price file has none, so a line is a row.
 */
function cells(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) return null; // unterminated quote
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += line[i++];
      }
      if (i < line.length && line[i] !== ',') return null;
    } else {
      const end = line.indexOf(',', i);
      cell = end < 0 ? line.slice(i) : line.slice(i, end);
      i = end < 0 ? line.length : end;
    }
    out.push(cell.trim());
    if (i >= line.length) return out;
    i++; // the comma
  }
}

function checkRow(
  row: string[],
  options: PriceCsvOptions,
): { price: Omit<DailyPrice, 'source'> } | { reason: string } {
  if (row.length !== COLUMNS.length) {
    return { reason: `expected ${COLUMNS.length} columns (${COLUMNS.join(', ')}), found ${row.length}` };
  }
  const [day, rawUnit, rawCurrency, rawPrice] = row as [string, string, string, string];
  if (Number.isNaN(dayNumber(day))) return { reason: `date "${day}" is not a calendar date YYYY-MM-DD` };
  if (day > options.today) return { reason: `date ${day} is after today (${options.today})` };
  const unit = unitOf(rawUnit);
  if (!unit) {
    return { reason: `unit "${rawUnit}" is neither lovelace/ADA nor a policy id + asset name in hex` };
  }
  const currency = rawCurrency.toUpperCase();
  if (!options.currencies.includes(currency)) {
    return { reason: `currency "${rawCurrency}" is not one of ${options.currencies.join(', ')}` };
  }
  if (unit === LOVELACE && currency === 'ADA') return { reason: 'ADA priced in ADA is always 1' };
  if (!DECIMAL.test(rawPrice)) return { reason: `price "${rawPrice}" is not a plain decimal number` };
  const price = new Decimal(rawPrice);
  if (price.isZero()) return { reason: 'price is zero' };
  // Checked on the value (trailing zeros after the point and leading zeros cost nothing): the
  // database would round the first silently and refuse the second with the whole batch.
  if (price.decimalPlaces() > MAX_PLACES) {
    return {
      reason: `price "${rawPrice}" has ${price.decimalPlaces()} decimal places; at most ${MAX_PLACES} are stored exactly`,
    };
  }
  const integerDigits = price.trunc().isZero() ? 0 : price.trunc().toFixed().length;
  if (integerDigits > MAX_INTEGER_DIGITS) {
    return {
      reason: `price "${rawPrice}" has ${integerDigits} digits before the decimal point; at most ${MAX_INTEGER_DIGITS} can be stored`,
    };
  }
  return { price: { unit, currency, day, price } };
}

/**
 * Parses a price file (`date, unit, currency, price`, one header line optional) row by row: good
 * rows become `csv` prices, bad ones are refused with their line and reason, and nothing is guessed.
 * A row repeating an earlier (unit, currency, day) is refused too, so the file says one thing.
 */
export function parsePriceCsv(text: string, options: PriceCsvOptions): PriceCsvResult {
  const prices: DailyPrice[] = [];
  const refused: RefusedPriceRow[] = [];
  const seen = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/^\uFEFF/, '');
    const number = i + 1;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const row = cells(line);
    if (!row) {
      refused.push({ line: number, text: line, reason: 'unterminated or misplaced quote' });
      continue;
    }
    if (
      prices.length === 0 &&
      refused.length === 0 &&
      row.map((c) => c.toLowerCase()).join() === COLUMNS.join()
    ) {
      continue; // the header
    }
    const checked = checkRow(row, options);
    if ('reason' in checked) {
      refused.push({ line: number, text: line, reason: checked.reason });
      continue;
    }
    const p = checked.price;
    const key = `${p.unit}|${p.currency}|${p.day}`;
    const first = seen.get(key);
    if (first !== undefined) {
      refused.push({
        line: number,
        text: line,
        reason: `repeats line ${first} (same date, unit and currency)`,
      });
      continue;
    }
    seen.set(key, number);
    prices.push({ ...p, source: 'csv' });
  }
  return { prices, refused };
}
