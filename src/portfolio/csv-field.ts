/**
 * A cell that is a plain number (what the exports write for amounts and money: optional minus,
 * digits, optional fraction, optional exponent such as JavaScript's `1e-7`). It stays as it is, so a
 * spreadsheet reads a negative gain as a number.
 */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;
/** What a spreadsheet may take as the start of a formula. */
const FORMULA_LEAD = /^[=+\-@\t\r]/;

/**
 * RFC 4180 quoting, plus a leading quote for every cell a spreadsheet could run as a formula: one
 * starting with = + - @, a tab or a carriage return, unless it is a plain number (`-2+3+cmd|…` is not).
 */
export function csvField(value: string): string {
  const safe = FORMULA_LEAD.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line (CRLF-terminated); null and undefined are empty cells. */
export function csvLine(cells: ReadonlyArray<string | number | null | undefined>): string {
  return cells.map((c) => csvField(c === null || c === undefined ? '' : String(c))).join(',') + '\r\n';
}
