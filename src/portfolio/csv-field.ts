/** RFC 4180 quoting, plus a leading quote for cells a spreadsheet would run as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-\d/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One CSV line (CRLF-terminated); null and undefined are empty cells. */
export function csvLine(cells: ReadonlyArray<string | number | null | undefined>): string {
  return cells.map((c) => csvField(c === null || c === undefined ? '' : String(c))).join(',') + '\r\n';
}
