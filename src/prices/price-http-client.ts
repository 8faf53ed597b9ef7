import type { RateLimiter } from '../chain/limiter/rate-limiter.js';
import { abortableSleep } from '../chain/abortable-sleep.js';
import { PriceSourceUnavailableError } from './price-source-unavailable.error.js';

export interface PriceHttpClientOptions {
  /** Named in errors and logs: `coingecko`, `kraken`. */
  source: string;
  /** Per-request timeout. Default 15 s. */
  timeoutMs?: number;
  /** Further tries after a 429, a 5xx or a network error. Default 3. */
  retries?: number;
  /** First backoff; doubles per try. Default 500 ms. */
  backoffMs?: number;
  /**
   * Longest wait for one retry. A 429 asking for longer (CoinGecko says 60 s) is not waited out here:
   * the request fails as `unavailable` with `retryAt`, and the refresh job tries again later. Default 10 s.
   */
  maxRetryWaitMs?: number;
}

export interface PriceHttpClientDeps {
  /** The source's own shared token bucket (not Blockfrost's). */
  limiter: RateLimiter;
  fetch?: typeof fetch;
}

export interface PriceHttpResponse {
  status: number;
  body: string;
}

/**
 * GET for a public price API: every request takes a token from the source's bucket first; 429s pause
 * every process sharing the bucket and are retried within a bounded wait; 5xx and network errors are
 * retried with backoff; anything else comes back to the adapter, which knows the API's error bodies.
 */
export class PriceHttpClient {
  private readonly o: Required<PriceHttpClientOptions>;
  private readonly fetchFn: typeof fetch;

  constructor(
    options: PriceHttpClientOptions,
    private readonly deps: PriceHttpClientDeps,
  ) {
    this.o = { timeoutMs: 15_000, retries: 3, backoffMs: 500, maxRetryWaitMs: 10_000, ...options };
    this.fetchFn = deps.fetch ?? fetch;
  }

  async get(
    url: string,
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<PriceHttpResponse> {
    let lastProblem = 'no answer';
    for (let attempt = 0; attempt <= this.o.retries; attempt++) {
      await this.deps.limiter.take(signal ? { signal } : {});
      let res: Response;
      let body: string;
      try {
        const timeout = AbortSignal.timeout(this.o.timeoutMs);
        res = await this.fetchFn(url, {
          headers: { accept: 'application/json', ...headers },
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        body = await res.text();
      } catch (error) {
        signal?.throwIfAborted();
        lastProblem = `request failed (${(error as Error).message})`;
        await this.backoff(attempt, signal);
        continue;
      }
      if (res.status === 429) {
        await this.deps.limiter.reportRateLimited();
        const waitMs = retryAfterMs(res.headers.get('retry-after')) ?? this.delay(attempt);
        if (waitMs > this.o.maxRetryWaitMs || attempt === this.o.retries) {
          throw new PriceSourceUnavailableError(
            this.o.source,
            `rate limited (HTTP 429; retry after ${Math.ceil(waitMs / 1000)} s)`,
            new Date(Date.now() + waitMs),
          );
        }
        await abortableSleep(waitMs, signal);
        continue;
      }
      if (res.status >= 500) {
        lastProblem = `HTTP ${res.status}`;
        await this.backoff(attempt, signal);
        continue;
      }
      return { status: res.status, body };
    }
    throw new PriceSourceUnavailableError(this.o.source, `${lastProblem} after ${this.o.retries + 1} tries`);
  }

  private delay(attempt: number): number {
    return Math.min(this.o.maxRetryWaitMs, this.o.backoffMs * 2 ** attempt);
  }

  private async backoff(attempt: number, signal?: AbortSignal): Promise<void> {
    if (attempt < this.o.retries) await abortableSleep(this.delay(attempt), signal);
  }
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}
