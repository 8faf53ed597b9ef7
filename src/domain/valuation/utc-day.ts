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
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The UTC day number containing an instant. */
export function dayOf(t: Date): number {
  return Math.floor(t.getTime() / DAY_MS);
}
