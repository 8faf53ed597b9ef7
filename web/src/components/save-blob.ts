/**
 * Hands a fetched file to the browser as a download. CSV exports are fetched with the Authorization
 * header (the API never reads tokens from URLs), so a plain link cannot download them.
 */
export function saveBlob(blob: Blob, filename: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser a moment to start the download before the blob URL goes away.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** `adafolio-<what>-YYYY-MM-DD.csv` for today (UTC). */
export function csvFilename(what: string): string {
  return `adafolio-${what}-${new Date().toISOString().slice(0, 10)}.csv`;
}
