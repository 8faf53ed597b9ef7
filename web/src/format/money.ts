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

export const UNPRICED_LABEL: Record<string, string> = {
  no_source: 'no price source',
  stale: 'price out of date',
  outside_history: 'outside price history',
};
