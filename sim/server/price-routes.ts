import type { IncomingMessage } from 'node:http';
import { dayOfIndex, decimalText, type PriceModel } from '../generator/price-model.js';
import type { FaultInjector } from './faults.js';
import { RateLimiter, type LimitSettings } from './rate-limiter.js';
import { RequestStats } from './request-stats.js';

/**
 * CoinGecko- and Kraken-compatible price endpoints over the seeded PriceModel, with the real paths,
 * shapes, error bodies and limits that matter to a client:
 * - CoinGecko `/coingecko/api/v3` (public and demo keys: `x-cg-demo-api-key`) and
 *   `/coingecko-pro/api/v3` (pro keys: `x-cg-pro-api-key`): `coins/{id}/market_chart/range` (daily
 *   points at 00:00 UTC for ranges over 90 days, hourly otherwise, then a last "now" point),
 *   `coins/{platform}/contract/{address}/market_chart/range` (no Cardano token is listed: 404),
 *   `simple/price`, `ping`. Public and demo keys see only the last 365 days (401, error_code 10012; `coingeckoKeylessDays`).
 * - Kraken `/kraken/0/public/OHLC?pair=ADAUSD&interval=1440[&since]`: the last 720 daily candles;
 *   errors as Kraken sends them (HTTP 200, `{"error":["EQuery:Unknown asset pair"]}`).
 * Prices are written into the JSON as the model's decimal text: CoinGecko's are JSON numbers (a
 * client must not read them through a float), Kraken's strings. Own limits and request counts,
 * apart from Blockfrost's; injected faults apply when their `path` names a price path.
 */
export interface PriceServiceLimits {
  /** CoinGecko calls a minute for the public API and demo keys (pro keys: 10×). */
  coingeckoPerMinute: number;
  /** Kraken public calls a second (burst 15, as Kraken's public tier). */
  krakenPerSecond: number;
  /** Days of history public and demo keys see (CoinGecko: 365; tests shorten it). */
  coingeckoKeylessDays: number;
  enabled: boolean;
}

export const DEFAULT_PRICE_LIMITS: PriceServiceLimits = {
  coingeckoPerMinute: 30,
  krakenPerSecond: 1,
  coingeckoKeylessDays: 365,
  enabled: true,
};

const DAY_S = 86_400;
const KRAKEN_CANDLES = 720;
const CG_RATE_LIMITED = {
  status: {
    error_code: 429,
    error_message:
      "You've exceeded the Rate Limit. Please visit https://www.coingecko.com/en/api/pricing to subscribe to our API plans for higher rate limits.",
  },
};

export interface PriceReply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

function limiterFor(perSecond: number, burst: number, enabled: boolean): LimitSettings {
  return { enabled, rps: perSecond, burst, daily: Number.MAX_SAFE_INTEGER, banSeconds: 0, banAfter: 1e9 };
}

export class PriceServices {
  readonly stats = new RequestStats();
  private limits: PriceServiceLimits = { ...DEFAULT_PRICE_LIMITS };
  private coingecko!: RateLimiter;
  private coingeckoPro!: RateLimiter;
  private kraken!: RateLimiter;

  constructor(
    private readonly model: PriceModel,
    private readonly faults: FaultInjector,
    private readonly now: () => number = Date.now,
  ) {
    this.updateLimits({});
  }

  updateLimits(patch: Partial<PriceServiceLimits>): PriceServiceLimits {
    this.limits = { ...this.limits, ...patch };
    const cg = this.limits.coingeckoPerMinute / 60;
    this.coingecko = new RateLimiter(
      limiterFor(cg, this.limits.coingeckoPerMinute, this.limits.enabled),
      this.now,
    );
    this.coingeckoPro = new RateLimiter(
      limiterFor(cg * 10, this.limits.coingeckoPerMinute * 10, this.limits.enabled),
      this.now,
    );
    this.kraken = new RateLimiter(limiterFor(this.limits.krakenPerSecond, 15, this.limits.enabled), this.now);
    return this.limits;
  }

  get settings(): PriceServiceLimits {
    return this.limits;
  }

  static handles(path: string): boolean {
    return (
      path.startsWith('/coingecko/') || path.startsWith('/coingecko-pro/') || path.startsWith('/kraken/')
    );
  }

  /** Answers one price request; `null` means the connection is to be reset (an injected fault). */
  async handle(req: IncomingMessage, path: string, query: URLSearchParams): Promise<PriceReply | null> {
    const service = path.startsWith('/kraken/') ? 'kraken' : 'coingecko';
    const endpoint = `${service} ${templateOf(path)}`;
    let malformed = false;
    for (const fault of this.faults.matchScoped(path)) {
      if (fault.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 2000));
      else if (fault.kind === 'reset') {
        this.stats.record(endpoint, 'reset');
        return null;
      } else if (fault.kind === 'status') {
        this.stats.record(endpoint, fault.status ?? 500);
        return { status: fault.status ?? 500, body: '<html><body>Service Unavailable</body></html>' };
      } else if (fault.kind === 'malformed') malformed = true;
    }
    const reply =
      service === 'kraken' ? this.krakenReply(req, path, query) : this.coingeckoReply(req, path, query);
    this.stats.record(endpoint, reply.status);
    if (malformed && reply.status === 200) {
      return { ...reply, body: reply.body.slice(0, Math.max(1, Math.floor(reply.body.length / 2))) };
    }
    return reply;
  }

  private coingeckoReply(req: IncomingMessage, path: string, query: URLSearchParams): PriceReply {
    const pro = path.startsWith('/coingecko-pro/');
    const base = pro ? '/coingecko-pro/api/v3' : '/coingecko/api/v3';
    if (!path.startsWith(base + '/')) return json(404, { error: 'Not found' });
    const demoKey = header(req, 'x-cg-demo-api-key');
    const proKey = header(req, 'x-cg-pro-api-key');
    if (pro && !proKey) return json(401, cgError(10002, 'API Key Missing'));
    if (!pro && proKey) {
      return json(
        400,
        cgError(
          10010,
          'If you are using Pro API key, please change your root URL from api.coingecko.com to pro-api.coingecko.com',
        ),
      );
    }
    const limiter = pro ? this.coingeckoPro : this.coingecko;
    const verdict = limiter.take(proKey ?? demoKey ?? 'public');
    if (verdict !== 200) return { ...json(429, CG_RATE_LIMITED), headers: { 'retry-after': '60' } };

    const rest = path.slice(base.length);
    if (rest === '/ping') return json(200, { gecko_says: '(V3) To the Moon!' });
    if (rest === '/simple/price') return this.simplePrice(query);
    const range = /^\/coins\/([^/]+)\/market_chart\/range$/.exec(rest);
    if (range) return this.marketChart(range[1]!, query, pro);
    if (/^\/coins\/[^/]+\/contract\/[^/]+\/market_chart\/range$/.test(rest))
      return json(404, { error: 'coin not found' });
    return json(404, { error: 'Not found' });
  }

  private simplePrice(query: URLSearchParams): PriceReply {
    const ids = (query.get('ids') ?? '').split(',').filter(Boolean);
    const currencies = (query.get('vs_currencies') ?? '').split(',').filter(Boolean);
    if (!ids.length) return json(400, { error: 'Missing parameter ids' });
    if (!currencies.length) return json(400, { error: 'Missing parameter vs_currencies' });
    const parts: string[] = [];
    if (ids.includes('cardano')) {
      const inner = currencies
        .map((c) => [c.toLowerCase(), this.priceAt(c, this.now() / 1000)] as const)
        .filter(([, p]) => p !== null)
        .map(([c, p]) => `${JSON.stringify(c)}:${p}`);
      parts.push(`"cardano":{${inner.join(',')}}`);
    }
    return { status: 200, body: `{${parts.join(',')}}` };
  }

  private marketChart(id: string, query: URLSearchParams, pro: boolean): PriceReply {
    if (id !== 'cardano') return json(404, { error: 'coin not found' });
    const currency = query.get('vs_currency');
    if (!currency) return json(400, { error: 'Missing parameter vs_currency' });
    if (!this.model.currencies.includes(currency.toUpperCase()))
      return json(400, { error: 'invalid vs_currency' });
    const from = Number(query.get('from'));
    const to = Number(query.get('to'));
    if (!Number.isFinite(from) || !Number.isFinite(to) || from > to) {
      return json(400, { error: 'Invalid from/to: UNIX timestamps, from ≤ to' });
    }
    const nowS = this.now() / 1000;
    const keylessDays = this.limits.coingeckoKeylessDays;
    if (!pro && from < nowS - keylessDays * DAY_S) {
      return json(
        401,
        cgError(
          10012,
          `Your request exceeds the allowed time range. Public API users are limited to querying historical data within the past ${keylessDays} days. Upgrade to a paid plan to enjoy full historical data access: https://www.coingecko.com/en/api/pricing. `,
        ),
      );
    }
    const end = Math.min(to, nowS);
    const step = to - from > 90 * DAY_S ? DAY_S : 3600;
    const points: string[] = [];
    for (let t = Math.ceil(from / step) * step; t <= end; t += step) {
      const p = this.priceAt(currency, t);
      if (p !== null) points.push(`[${t * 1000},${p}]`);
    }
    // CoinGecko ends a range reaching the present with the current price, off the daily grid.
    if (to >= nowS - 300 && end % step !== 0) {
      const p = this.priceAt(currency, end);
      if (p !== null) points.push(`[${Math.floor(end * 1000)},${p}]`);
    }
    const list = `[${points.join(',')}]`;
    return { status: 200, body: `{"prices":${list},"market_caps":${list},"total_volumes":${list}}` };
  }

  /**
   * The price at an instant: the day's 00:00 price exactly on a day boundary (those are the ground
   * truth), else the straight line to the next day's, at 10 significant digits.
   */
  private priceAt(currency: string, unixSeconds: number): string | null {
    const dayIdx = Math.floor(unixSeconds / DAY_S);
    const a = this.model.adaPrice(currency.toUpperCase(), dayOfIndex(dayIdx));
    if (a === null) return null;
    const frac = unixSeconds / DAY_S - dayIdx;
    if (frac === 0) return a;
    const b = this.model.adaPrice(currency.toUpperCase(), dayOfIndex(dayIdx + 1)) ?? a;
    return decimalText(Number(a) + (Number(b) - Number(a)) * frac);
  }

  private krakenReply(_req: IncomingMessage, path: string, query: URLSearchParams): PriceReply {
    if (path !== '/kraken/0/public/OHLC') return json(404, { error: ['EGeneral:Unknown method'] });
    if (this.kraken.take('public') !== 200) return json(200, { error: ['EGeneral:Too many requests'] });
    const pair = (query.get('pair') ?? '').toUpperCase();
    const interval = query.get('interval') ?? '1';
    const m = /^(?:ADA|XADA)(?:Z)?([A-Z]{3})$/.exec(pair);
    const currency = m?.[1];
    if (!currency || !this.model.currencies.includes(currency)) {
      return json(200, { error: ['EQuery:Unknown asset pair'] });
    }
    if (interval !== '1440') return json(200, { error: ['EGeneral:Invalid arguments:interval'] });
    const since = Number(query.get('since') ?? 0);
    const today = Math.floor(this.now() / 1000 / DAY_S);
    const rows: string[] = [];
    let last = 0;
    for (let d = today - KRAKEN_CANDLES + 1; d <= today; d++) {
      const t = d * DAY_S;
      if (t < since) continue;
      const open = this.model.adaPrice(currency, dayOfIndex(d));
      if (open === null) continue;
      // Today's candle is still open: its close is the price now.
      const close =
        d === today
          ? this.priceAt(currency, this.now() / 1000)!
          : (this.model.adaPrice(currency, dayOfIndex(d + 1)) ?? open);
      const hi = Math.max(Number(open), Number(close)) * 1.01;
      const lo = Math.min(Number(open), Number(close)) * 0.99;
      const vwap = (Number(open) + Number(close)) / 2;
      rows.push(
        JSON.stringify([
          t,
          open,
          decimalText(hi),
          decimalText(lo),
          close,
          decimalText(vwap),
          '1234567.89012345',
          4321,
        ]),
      );
      if (d < today) last = t;
    }
    return {
      status: 200,
      body: `{"error":[],"result":{${JSON.stringify(pair)}:[${rows.join(',')}],"last":${last}}}`,
    };
  }
}

function templateOf(path: string): string {
  return path
    .replace(/^\/coingecko(-pro)?\/api\/v3/, '')
    .replace(/^\/kraken/, '')
    .replace(/\/coins\/[^/]+\/contract\/[^/]+\//, '/coins/{platform}/contract/{address}/')
    .replace(/\/coins\/[^/]+\/market_chart/, '/coins/{id}/market_chart');
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function cgError(code: number, message: string): unknown {
  return {
    error: { status: { timestamp: new Date().toISOString(), error_code: code, error_message: message } },
  };
}

function json(status: number, value: unknown): PriceReply {
  return { status, body: JSON.stringify(value) };
}
