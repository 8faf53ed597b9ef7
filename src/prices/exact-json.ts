import { isLosslessNumber, parse } from 'lossless-json';
import { Decimal } from 'decimal.js';

/**
 * Price APIs send prices as JSON numbers (CoinGecko) or strings (Kraken). `JSON.parse` would turn a
 * number into a float before we see it (Node 20 has no reviver access to the source text), so bodies
 * are parsed with lossless-json, which keeps every number as its decimal text.
 */
export function parseExactJson(text: string): unknown {
  return parse(text);
}

/** The exact decimal of a JSON number or numeric string, or null when it is neither (or not finite). */
export function exactDecimal(value: unknown): Decimal | null {
  const text = isLosslessNumber(value) ? value.value : typeof value === 'string' ? value.trim() : null;
  if (text === null || !/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return null;
  return new Decimal(text);
}

/** A JSON number or numeric string as a safe integer (timestamps), or null. */
export function exactInteger(value: unknown): number | null {
  const d = exactDecimal(value);
  if (d === null || !d.isInteger()) return null;
  const n = d.toNumber();
  return Number.isSafeInteger(n) ? n : null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isLosslessNumber(value);
}
