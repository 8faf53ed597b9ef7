const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` UTC day; NaN when it is not a real calendar day. */
export function dayNumber(day: string): number {
  const m = ISO_DAY.exec(day);
  if (!m) return NaN;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return dayText(t / DAY_MS) === day ? t / DAY_MS : NaN;
}

/** `YYYY-MM-DD` of a day number. */
export function dayText(day: number): string {
  return civilDay(day) ?? new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DDT00:00:00.000Z` of a day number: the ISO instant its UTC midnight prints as. */
export function dayIso(day: number): string {
  const text = civilDay(day);
  return text === null ? new Date(day * DAY_MS).toISOString() : `${text}T00:00:00.000Z`;
}

/**
 * `YYYY-MM-DD` of a whole day number by arithmetic (H. Hinnant's civil_from_days), null outside the
 * years 1000–9999 (which print otherwise) or for a fractional day. Through a Date and toISOString it
 * cost more than the rest of valuing a portfolio (a day's text per price looked up), and a year of
 * daily buckets ~0.25 ms per history request.
 */
function civilDay(day: number): string | null {
  if (!Number.isInteger(day)) return null;
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 1000 || y > 9999) return null;
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** The UTC day number containing an instant. */
export function dayOf(t: Date): number {
  return Math.floor(t.getTime() / DAY_MS);
}
