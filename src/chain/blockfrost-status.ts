/**
 * How the client reacts to one Blockfrost answer, decided from its status and body alone (pure, so it
 * is unit-tested without a server). Statuses as Blockfrost documents them.
 */
export type StatusAction =
  | { kind: 'ok' }
  | { kind: 'rate_limited' }
  | { kind: 'daily_cap' }
  | { kind: 'banned' }
  | { kind: 'not_found' }
  | { kind: 'retry' }
  | { kind: 'rejected' };

/** Blockfrost's error body: `{ status_code, error, message }`. */
export interface BlockfrostErrorBody {
  status_code?: number;
  error?: string;
  message?: string;
}

export function parseErrorBody(text: string): BlockfrostErrorBody {
  try {
    const v: unknown = JSON.parse(text);
    if (v !== null && typeof v === 'object') return v as BlockfrostErrorBody;
  } catch {
    // Not JSON: a proxy's HTML page, an empty body. The status alone decides.
  }
  return {};
}

/**
 * A 429 is normally the per-second limit. It means the daily cap only when Blockfrost says so in the
 * body (mentions the day), or when our own count shows the day's limit is already used: mistaking a
 * per-second 429 for the daily cap would stop syncing until midnight, so the body has to be explicit.
 */
export function classifyStatus(
  status: number,
  body: BlockfrostErrorBody,
  context: { requestsToday?: number; dailyLimit?: number } = {},
): StatusAction {
  if (status >= 200 && status < 300) return { kind: 'ok' };
  if (status === 402) return { kind: 'daily_cap' };
  if (status === 418) return { kind: 'banned' };
  if (status === 429) {
    const text = `${body.error ?? ''} ${body.message ?? ''}`;
    if (/daily|per day|\bday\b|today/i.test(text)) return { kind: 'daily_cap' };
    if (context.dailyLimit !== undefined && (context.requestsToday ?? 0) >= context.dailyLimit) {
      return { kind: 'daily_cap' };
    }
    return { kind: 'rate_limited' };
  }
  if (status === 404) return { kind: 'not_found' };
  // 425 is "mempool full" on submit: transient. 408 is a proxy timeout.
  if (status >= 500 || status === 408 || status === 425) return { kind: 'retry' };
  return { kind: 'rejected' };
}

/** Full-jitter exponential backoff: a random delay in [0, min(max, base * 2^(attempt-1))). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1)));
}
