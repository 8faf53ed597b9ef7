/**
 * Amount formatting from exact integer strings. Quantities arrive as decimal strings of base units
 * (lovelace, token base units) and are formatted with BigInt only, so no amount ever passes through a
 * floating-point number on its way to the screen.
 */

const DIGITS = /^-?\d+$/;

/** Parses an integer string (or bigint/number) into a bigint; null for anything that is not an integer. */
export function toBigInt(value: string | bigint | number | null | undefined): bigint | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value) : null;
  const s = value.trim();
  return DIGITS.test(s) ? BigInt(s) : null;
}

export interface FormatOptions {
  /** Keep at most this many fraction digits (truncating toward zero, never rounding up). Default: all. */
  maxFractionDigits?: number;
  /** Always show at least this many fraction digits. Default 0. */
  minFractionDigits?: number;
  /** Prefix positive amounts with "+". Default false. */
  signed?: boolean;
  /** Group the integer part in thousands with this separator. Default ",". */
  groupSeparator?: string;
}

/** Formats `quantity` base units with `decimals` decimal places: ("1234567", 6) → "1.234567". */
export function formatUnits(
  quantity: string | bigint | number,
  decimals: number,
  options: FormatOptions = {},
): string {
  const q = toBigInt(quantity);
  if (q === null) return String(quantity);
  const negative = q < 0n;
  const abs = negative ? -q : q;
  const scale = 10n ** BigInt(Math.max(0, decimals));
  const whole = abs / scale;
  let fraction = decimals > 0 ? (abs % scale).toString().padStart(decimals, '0') : '';
  if (options.maxFractionDigits !== undefined && fraction.length > options.maxFractionDigits) {
    fraction = fraction.slice(0, options.maxFractionDigits);
  }
  fraction = fraction.replace(/0+$/, '');
  const min = options.minFractionDigits ?? 0;
  if (fraction.length < min) fraction = fraction.padEnd(min, '0');
  const sep = options.groupSeparator ?? ',';
  const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  const sign =
    negative && (whole !== 0n || /[1-9]/.test(fraction)) ? '-' : options.signed && q > 0n ? '+' : '';
  return `${sign}${grouped}${fraction ? '.' + fraction : ''}`;
}

/** Lovelace → ADA text with up to 6 decimals: "1500000" → "1.5". */
export function formatAda(lovelace: string | bigint | number, options: FormatOptions = {}): string {
  return formatUnits(lovelace, 6, options);
}

/**
 * An approximate number for charts only (recharts needs numbers). Exact display always uses
 * formatUnits; this keeps 6 significant fraction digits, which is plenty for a pixel position.
 */
export function unitsToChartNumber(quantity: string | bigint, decimals: number): number {
  const q = toBigInt(quantity);
  if (q === null) return 0;
  const scale = 10n ** BigInt(Math.max(0, decimals));
  const whole = q / scale;
  const frac = q % scale;
  return Number(whole) + Number(frac) / Number(scale);
}

/** Share of `part` in `total` as a percentage string with one decimal, computed in integers. */
export function percentOf(part: bigint, total: bigint): string {
  if (total <= 0n) return '0.0';
  const permille = (part * 1000n + total / 2n) / total;
  return `${permille / 10n}.${permille % 10n}`;
}
