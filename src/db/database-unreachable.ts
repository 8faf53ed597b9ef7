// Whether an error means "the database cannot be reached right now" rather than "this job went wrong".
// A job that fails only because PostgreSQL is down (restarting, a network cut) would succeed unchanged
// once it is back, so the worker delays it instead of spending one of its few attempts: with the
// default 3 retries and 1 s doubling backoff, attempts alone last ~7 s, shorter than a restart.

/** Socket errors of a connection that is refused, reset or timed out (node's `code`). */
const SOCKET_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * Prisma's codes for a server it cannot reach (P1001), a connect or operation timeout (P1002, P1008), a
 * closed connection (P1017) and no free pooled connection in time (P2024).
 */
const PRISMA_CODES: ReadonlySet<string> = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

/**
 * PostgreSQL's SQLSTATEs for the same: class 08 (connection exception) and the server going away or not
 * accepting connections yet (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now).
 */
const isUnreachableSqlState = (code: string) => /^08[0-9A-Z]{3}$/.test(code) || /^57P0[123]$/.test(code);

/** Messages of node-postgres for a connection lost or never made (they carry no code). */
const PG_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /^Client has encountered a connection error/,
];

/** Prisma's driver-adapter kinds for the same (the adapter's error, under `meta.driverAdapterError`). */
const ADAPTER_KINDS: ReadonlySet<string> = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
]);

const MAX_DEPTH = 8;

function field(value: object, name: string): string | undefined {
  const v = (value as Record<string, unknown>)[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * True when `error` (or an error it wraps, through `cause` or Prisma's `meta.driverAdapterError`) says
 * the database was unreachable. `stopAt` names errors that are someone else's (Blockfrost's, whose
 * socket errors the chain client retries itself): the chain below them is not looked at.
 */
export function isDatabaseUnreachable(error: unknown, stopAt: (e: Error) => boolean = () => false): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_DEPTH && current instanceof Object; depth++) {
    if (current instanceof Error && stopAt(current)) return false;
    const code = field(current, 'code');
    if (code !== undefined) {
      if (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || isUnreachableSqlState(code)) return true;
    }
    const kind = field(current, 'kind');
    if (kind !== undefined && ADAPTER_KINDS.has(kind)) return true;
    const message = field(current, 'message');
    if (message !== undefined && PG_MESSAGES.some((m) => m.test(message))) return true;
    const meta = (current as { meta?: { driverAdapterError?: unknown } }).meta;
    current = meta?.driverAdapterError ?? (current as { cause?: unknown }).cause;
  }
  return false;
}
