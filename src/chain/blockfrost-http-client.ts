import { BlockfrostBannedError } from './errors/blockfrost-banned.error.js';
import { BlockfrostMalformedResponseError } from './errors/blockfrost-malformed-response.error.js';
import { BlockfrostNotFoundError } from './errors/blockfrost-not-found.error.js';
import { BlockfrostRateLimitedError } from './errors/blockfrost-rate-limited.error.js';
import { BlockfrostRejectedError } from './errors/blockfrost-rejected.error.js';
import { BlockfrostUnavailableError } from './errors/blockfrost-unavailable.error.js';
import { DailyBudgetExhaustedError } from './errors/daily-budget-exhausted.error.js';
import { abortableSleep } from './abortable-sleep.js';
import { backoffDelay, classifyStatus, parseErrorBody } from './blockfrost-status.js';
import type { RateLimiter } from './limiter/rate-limiter.js';
import type { RequestCounter } from './request-counter.js';

export interface BlockfrostHttpClientOptions {
  /** Base URL including `/api/v0` (`BLOCKFROST_URL`): the real service or the simulator. */
  baseUrl: string;
  /** Sent as the `project_id` header (`BLOCKFROST_PROJECT_ID`). */
  projectId: string;
  /** Per attempt, headers and body. Default 20,000 ms. */
  timeoutMs?: number;
  /** Attempts for 5xx, timeouts and connection failures, the first included. Default 5. */
  maxAttempts?: number;
  /** Backoff before the n-th retry is random in [0, min(retryMaxMs, retryBaseMs * 2^(n-1))). Default 250 ms. */
  retryBaseMs?: number;
  /** Default 8,000 ms. */
  retryMaxMs?: number;
  /** 429s in a row for one call before giving up with `BlockfrostRateLimitedError`. Default 20. */
  maxRateLimitRetries?: number;
  /** 418s for one call before giving up with `BlockfrostBannedError`. Default 3. */
  maxBanRetries?: number;
  /** Used to recognise a 429 that is really the daily cap (see `classifyStatus`). Default none. */
  dailyLimit?: number;
}

export interface BlockfrostHttpClientDeps {
  /** Every attempt takes one token first; the client never sends without one. */
  limiter: RateLimiter;
  /** Counts every attempt by endpoint template. */
  counters?: RequestCounter[];
  fetch?: typeof fetch;
  /** In [0, 1), for backoff jitter. Default `Math.random`. */
  random?: () => number;
}

export type QueryValue = string | number | undefined;

export interface GetOptions {
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
}

/**
 * Layer 1 of the Blockfrost adapter: one GET, through the injected `RateLimiter`, with Blockfrost's
 * statuses turned into shared pauses, retries or typed errors. Knows nothing of endpoints' shapes.
 */
export class BlockfrostHttpClient {
  private readonly o: Required<Omit<BlockfrostHttpClientOptions, 'dailyLimit'>> & { dailyLimit?: number };
  private readonly deps: Required<BlockfrostHttpClientDeps>;

  constructor(options: BlockfrostHttpClientOptions, deps: BlockfrostHttpClientDeps) {
    this.o = {
      timeoutMs: 20_000,
      maxAttempts: 5,
      retryBaseMs: 250,
      retryMaxMs: 8_000,
      maxRateLimitRetries: 20,
      maxBanRetries: 3,
      ...options,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
    };
    this.deps = { counters: [], fetch: globalThis.fetch, random: Math.random, ...deps };
  }

  /** The same client, also counting its requests into `counter` (e.g. one counter per sync job). */
  withCounter(counter: RequestCounter): BlockfrostHttpClient {
    return new BlockfrostHttpClient(this.o, { ...this.deps, counters: [...this.deps.counters, counter] });
  }

  get limiter(): RateLimiter {
    return this.deps.limiter;
  }

  /**
   * GETs `path` (already filled in) and answers the parsed JSON. `endpoint` is the path template
   * (`/txs/{hash}`) used for counting and in errors.
   */
  async get(endpoint: string, path: string, options: GetOptions = {}): Promise<unknown> {
    const url = this.url(path, options.query);
    let failures = 0;
    let rateLimited = 0;
    let bans = 0;
    for (;;) {
      await this.deps.limiter.take({ signal: options.signal });
      for (const c of this.deps.counters) c.increment(endpoint);

      let status: number;
      let text: string;
      try {
        const signal = options.signal
          ? AbortSignal.any([options.signal, AbortSignal.timeout(this.o.timeoutMs)])
          : AbortSignal.timeout(this.o.timeoutMs);
        const res = await this.deps.fetch(url, { headers: { project_id: this.o.projectId }, signal });
        status = res.status;
        text = await res.text();
      } catch (cause) {
        if (options.signal?.aborted) throw options.signal.reason;
        // Timeout, refused or reset connection, body cut off: all transient.
        failures++;
        if (failures >= this.o.maxAttempts) {
          throw new BlockfrostUnavailableError(
            `Blockfrost ${endpoint} failed ${failures} times: ${(cause as Error)?.message ?? String(cause)}`,
            { endpoint, cause },
          );
        }
        await this.backoff(failures, options.signal);
        continue;
      }

      const body = status >= 200 && status < 300 ? undefined : parseErrorBody(text);
      let context: { requestsToday?: number; dailyLimit?: number } = {};
      if (status === 429 && this.o.dailyLimit !== undefined) {
        const usage = await this.deps.limiter.getUsage().catch(() => undefined);
        context = { requestsToday: usage?.requestsToday, dailyLimit: this.o.dailyLimit };
      }
      const action = classifyStatus(status, body ?? {}, context);
      const detail = body?.message ? `: ${body.message}` : '';
      switch (action.kind) {
        case 'ok':
          return this.parse(endpoint, text, status);
        case 'not_found':
          throw new BlockfrostNotFoundError(`Blockfrost ${endpoint}: not found${detail}`, { endpoint });
        case 'rate_limited':
          // Empty the shared bucket and pause everyone; the next take waits the pause out.
          await this.deps.limiter.reportRateLimited();
          if (++rateLimited > this.o.maxRateLimitRetries) {
            throw new BlockfrostRateLimitedError(
              `Blockfrost ${endpoint}: still rate limited after ${rateLimited} tries`,
              {
                endpoint,
              },
            );
          }
          continue;
        case 'banned': {
          const resumeAt = await this.deps.limiter.reportBanned();
          if (++bans > this.o.maxBanRetries) throw new BlockfrostBannedError(resumeAt, { endpoint });
          continue; // the next take waits the ban out, or rejects when it is too long to wait
        }
        case 'daily_cap': {
          const resumeAt = await this.deps.limiter.reportDailyCapReached();
          throw new DailyBudgetExhaustedError(resumeAt, 'daily_cap', { endpoint, status });
        }
        case 'retry':
          failures++;
          if (failures >= this.o.maxAttempts) {
            throw new BlockfrostUnavailableError(
              `Blockfrost ${endpoint} answered ${status} ${failures} times${detail}`,
              {
                endpoint,
                status,
              },
            );
          }
          await this.backoff(failures, options.signal);
          continue;
        case 'rejected':
          throw new BlockfrostRejectedError(
            `Blockfrost ${endpoint} rejected the request (${status})${detail}`,
            {
              endpoint,
              status,
            },
          );
      }
    }
  }

  private parse(endpoint: string, text: string, status: number): unknown {
    try {
      return JSON.parse(text);
    } catch (cause) {
      throw new BlockfrostMalformedResponseError(`Blockfrost ${endpoint} answered a body that is not JSON`, {
        endpoint,
        status,
        cause,
        bodySample: text.slice(0, 200),
      });
    }
  }

  private url(path: string, query: Record<string, QueryValue> = {}): string {
    const u = new URL(this.o.baseUrl + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  private backoff(attempt: number, signal?: AbortSignal): Promise<void> {
    const ms = backoffDelay(attempt, this.o.retryBaseMs, this.o.retryMaxMs, this.deps.random);
    return abortableSleep(ms, signal);
  }
}
