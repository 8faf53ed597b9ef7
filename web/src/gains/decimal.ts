/**
 * Exact arithmetic on the API's decimal text (no float ever): sums for the per-transaction gains and
 * the sign of a figure. Accepts `-12.5`, `+3`, `0.000001`; anything else is treated as absent.
 */

const DECIMAL = /^([-+]?)(\d+)(?:\.(\d+))?$/;

function parse(text: string): { digits: bigint; places: number } | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const fraction = m[3] ?? '';
  const digits = BigInt(`${m[2]}${fraction}`);
  return { digits: m[1] === '-' ? -digits : digits, places: fraction.length };
}

function render(digits: bigint, places: number): string {
  const negative = digits < 0n;
  const abs = (negative ? -digits : digits).toString().padStart(places + 1, '0');
  const whole = places ? abs.slice(0, -places) : abs;
  const fraction = places ? abs.slice(-places).replace(/0+$/, '') : '';
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Σ of decimal texts, exact; unreadable entries are skipped. `[]` → `0`. */
export function sumDecimals(values: Iterable<string>): string {
  let total = 0n;
  let places = 0;
  for (const v of values) {
    const p = parse(v);
    if (!p) continue;
    if (p.places > places) {
      total *= 10n ** BigInt(p.places - places);
      places = p.places;
    }
    total += p.digits * 10n ** BigInt(places - p.places);
  }
  return render(total, places);
}

/** −1, 0 or 1 for a decimal text (0 for null or unreadable text). */
export function signOf(text: string | null | undefined): -1 | 0 | 1 {
  const p = text ? parse(text) : null;
  if (!p || p.digits === 0n) return 0;
  return p.digits < 0n ? -1 : 1;
}
