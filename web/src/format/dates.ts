/** Dates are shown in the browser's locale but bucketed in UTC (the API's buckets are UTC). */

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatDay(iso: string, interval: 'day' | 'week' | 'month' = 'day'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (interval === 'month')
    return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', timeZone: 'UTC' });
  return d.toLocaleDateString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** "yyyy-mm-dd" from a date input → ISO start of that UTC day. */
export function dayStartIso(day: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T00:00:00.000Z` : undefined;
}

/** "yyyy-mm-dd" → ISO start of the next UTC day (an exclusive upper bound that includes the whole day). */
export function dayEndExclusiveIso(day: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}
