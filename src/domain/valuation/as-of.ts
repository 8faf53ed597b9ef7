import { dayNumber } from './utc-day.js';

const DAY_MS = 86_400_000;

/** True when `zone` is an IANA time zone the runtime knows (`Europe/Berlin`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

/** The calendar day (`YYYY-MM-DD`) an instant falls on in `zone` (UTC when undefined). */
export function localDay(t: Date, zone?: string): string {
  if (!zone) return t.toISOString().slice(0, 10);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(t);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Milliseconds `zone` is ahead of UTC at instant `t`. */
function offsetMs(t: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(t));
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return wall - Math.floor(t / 1000) * 1000;
}

/**
 * The last millisecond of calendar day `day` (`YYYY-MM-DD`) in `zone` (UTC when undefined): what
 * "as of that day" means. The offset is taken at the moment itself, so a DST change that day counts.
 */
export function endOfDay(day: string, zone?: string): Date {
  const next = (dayNumber(day) + 1) * DAY_MS;
  if (!zone) return new Date(next - 1);
  let t = next - offsetMs(next, zone);
  t = next - offsetMs(t - 1, zone);
  return new Date(t - 1);
}

export type AsOfProblem = 'malformed' | 'future';

/** Checks an `asOf` day against today in the zone: a real `YYYY-MM-DD` and not after today. */
export function checkAsOf(day: string, now: Date, zone?: string): AsOfProblem | null {
  if (Number.isNaN(dayNumber(day))) return 'malformed';
  return day > localDay(now, zone) ? 'future' : null;
}
