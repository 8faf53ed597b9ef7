/**
 * Money for display, from the API's exact decimal text: rounded half-up on the digits themselves
 * (never through a float) and grouped by the browser's locale.
 */
const FRACTION: Record<string, number> = { JPY: 0, ADA: 2 };

function roundText(text: string, places: number): { negative: boolean; whole: string; fraction: string } {
  const negative = text.startsWith('-');
  const [rawWhole = '0', rawFraction = ''] = text.replace(/^[-+]/, '').split('.');
  const padded = (rawFraction + '0'.repeat(places + 1)).slice(0, places + 1);
  let digits = BigInt(rawWhole + padded.slice(0, places));
  if (Number(padded[places] ?? '0') >= 5) digits += 1n;
  const all = digits.toString().padStart(places + 1, '0');
  const whole = places ? all.slice(0, -places) : all;
  const fraction = places ? all.slice(-places) : '';
  const zero = /^0*$/.test(whole + fraction);
  return { negative: negative && !zero, whole, fraction };
}

function group(whole: string): string {
  const sep = new Intl.NumberFormat().formatToParts(1000).find((p) => p.type === 'group')?.value ?? ',';
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** `1234.5678`, `USD` → `$1,234.57`; `ADA` → `₳1,234.57`; null → an em dash. */
export function formatMoney(text: string | null | undefined, currency: string): string {
  if (text === null || text === undefined) return '—';
  const places = FRACTION[currency] ?? 2;
  const r = roundText(text, places);
  const symbol = currency === 'ADA' ? '₳' : symbolOf(currency);
  return `${r.negative ? '−' : ''}${symbol}${group(r.whole)}${places ? `.${r.fraction}` : ''}`;
}

/** A unit price keeps more digits: tokens trade at fractions of a cent. */
export function formatPrice(text: string | null | undefined, currency: string): string {
  if (text === null || text === undefined) return '—';
  const abs = text.replace(/^-/, '');
  const lead = /^0\.(0*)/.exec(abs)?.[1]?.length ?? -1;
  const places = lead >= 0 ? Math.min(12, lead + 4) : 4;
  const r = roundText(text, places);
  const symbol = currency === 'ADA' ? '₳' : symbolOf(currency);
  return `${symbol}${group(r.whole)}.${r.fraction.replace(/0+$/, '').padEnd(2, '0')}`;
}

function symbolOf(currency: string): string {
  try {
    const part = new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
    })
      .formatToParts(0)
      .find((p) => p.type === 'currency');
    return part?.value ?? `${currency} `;
  } catch {
    return `${currency} `;
  }
}

/** `2.5` → `+2.50%`; null → an em dash. */
export function formatPercent(text: string | null | undefined): string {
  if (text === null || text === undefined) return '—';
  const r = roundText(text, 2);
  return `${r.negative ? '−' : '+'}${r.whole}.${r.fraction}%`;
}

/**
 * Moves the decimal point of a decimal text `by` places to the right, exactly (accepts the exponent
 * form `1.2e-7` Decimal.js prints for tiny numbers); null for anything that is not a number.
 */
function shiftDecimal(text: string, by: number): string | null {
  const m = /^([-+]?)(\d*)(?:\.(\d*))?(?:e([-+]?\d+))?$/i.exec(text.trim());
  if (!m || (!m[2] && !m[3])) return null;
  const whole = m[2] ?? '';
  let digits = whole + (m[3] ?? '');
  let point = whole.length + Number(m[4] ?? 0) + by;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  if (point > digits.length) digits = digits.padEnd(point, '0');
  return `${m[1] === '-' ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A yield as a decimal fraction (`0.031249`) → `3.12%` (no sign: a rate, not a change); null → —. */
export function formatYield(fraction: string | null | undefined): string {
  if (fraction === null || fraction === undefined) return '—';
  const percent = shiftDecimal(fraction, 2);
  if (percent === null) return fraction;
  const r = roundText(percent, 2);
  return `${r.negative ? '−' : ''}${group(r.whole)}.${r.fraction}%`;
}

export const UNPRICED_LABEL: Record<string, string> = {
  no_source: 'no price source',
  stale: 'price out of date',
  outside_history: 'outside price history',
};
