const DAY_MS = 86_400_000;

/** The UTC calendar day of `nowMs` as `YYYY-MM-DD` (Blockfrost counts its daily limit midnight to midnight UTC). */
export function utcDay(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 10);
}

/** Epoch milliseconds of the next 00:00 UTC strictly after `nowMs`. */
export function nextUtcMidnight(nowMs: number): number {
  return (Math.floor(nowMs / DAY_MS) + 1) * DAY_MS;
}
