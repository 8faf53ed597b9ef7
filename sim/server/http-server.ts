import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ChainModel } from '../model/chain-model.js';
import { errorBody, HttpError } from './errors.js';
import type { LiveMode } from './live-mode.js';
import { FaultInjector, type FaultRule } from './faults.js';
import { matchRoute } from './blockfrost-routes.js';
import { PriceServices, type PriceServiceLimits } from './price-routes.js';
import { RateLimiter, type LimitSettings } from './rate-limiter.js';
import { RequestStats } from './request-stats.js';

/** A rollback's answer: the new tip, and what left the chain (a fault run checks none of it stays stored). */
export interface RollbackResult {
  height: number;
  hash: string;
  dropped: Array<{ height: number; hash: string; txs: string[] }>;
}

/** What the control API can do to the chain; the simulator wires it to the generator or the recording. */
export interface ChainControl {
  addBlocks(count: number): { height: number; hash: string };
  /** Answers the new tip and the dropped blocks with their transaction hashes (oldest first). */
  rollback(depth: number): RollbackResult;
  /** Crosses `count` epoch boundaries (one block at the start of each next epoch, paying its rewards). */
  advanceEpochs(count: number): { height: number; hash: string; epoch: number };
  /** Streams the ground truth document. */
  writeTruth(out: (chunk: string) => void): void;
  wallets(): unknown;
}

export interface SimServerDeps {
  model: () => ChainModel;
  limiter: RateLimiter;
  faults: FaultInjector;
  stats: RequestStats;
  control: ChainControl;
  /** The simulated CoinGecko and Kraken (their own limits and request counts). */
  prices: PriceServices;
  /** Live mode's timer; null for a recording. */
  live: LiveMode | null;
}

const API = '/api/v0';
const CONTROL = '/__sim';
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, JSON_HEADERS);
  res.end(body);
}

function sendError(res: ServerResponse, status: number, message?: string): void {
  send(res, status, JSON.stringify(errorBody(status, message)));
}

function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (data += c));
    req.on('end', () => {
      if (!data.trim()) return resolve({});
      try {
        const parsed = JSON.parse(data) as unknown;
        resolve(parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {});
      } catch {
        reject(new HttpError(400, 'Request body is not valid JSON.'));
      }
    });
    req.on('error', reject);
  });
}

/** JSON with bigint as decimal strings (ground truth, never on the Blockfrost hot path). */
function stringify(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

export function createSimServer(deps: SimServerDeps): Server {
  const server = createServer((req, res) => {
    handle(req, res, deps).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof HttpError) sendError(res, error.status, error.message);
      else sendError(res, 500);
    });
  });
  server.keepAliveTimeout = 30_000;
  return server;
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: SimServerDeps): Promise<void> {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (path.startsWith(CONTROL)) return control(req, res, path.slice(CONTROL.length) || '/', deps);
  if (PriceServices.handles(path)) {
    const reply = await deps.prices.handle(req, path, new URLSearchParams(q < 0 ? '' : url.slice(q + 1)));
    if (!reply) return void req.socket.destroy();
    res.writeHead(reply.status, { ...JSON_HEADERS, ...reply.headers });
    res.end(reply.body);
    return;
  }
  if (!path.startsWith(API)) return sendError(res, 404);
  const apiPath = path.slice(API.length) || '/';
  const match = matchRoute(apiPath);
  const endpoint = match ? match.route.template : 'unmatched';
  const reply = (status: number, body: string): void => {
    deps.stats.record(endpoint, status);
    send(res, status, body);
  };
  const replyError = (status: number, message?: string): void =>
    reply(status, JSON.stringify(errorBody(status, message)));

  const projectId = req.headers['project_id'];
  if (typeof projectId !== 'string' || projectId.length === 0) return replyError(403);
  const verdict = deps.limiter.take(projectId);
  if (verdict !== 200) return replyError(verdict);
  if (req.method !== 'GET') return replyError(404);

  let malformed = false;
  for (const fault of deps.faults.match(apiPath)) {
    if (fault.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 2000));
    else if (fault.kind === 'reset') {
      deps.stats.record(endpoint, 'reset');
      req.socket.destroy();
      return;
    } else if (fault.kind === 'status') return replyError(fault.status ?? 500);
    else if (fault.kind === 'malformed') malformed = true;
  }
  if (!match) return replyError(404);
  let body: string;
  try {
    const result = match.route.handler({
      model: deps.model(),
      params: match.params,
      query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
    });
    body = JSON.stringify(result);
  } catch (error) {
    if (error instanceof HttpError) return replyError(error.status, error.message);
    throw error;
  }
  if (malformed) body = body.slice(0, Math.max(1, Math.floor(body.length / 2))) + '\u0000<!-- truncated';
  reply(200, body);
}

async function control(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  deps: SimServerDeps,
): Promise<void> {
  const method = req.method ?? 'GET';
  const ok = (value: unknown): void => send(res, 200, stringify(value));
  const key = `${method} ${path}`;
  switch (key) {
    case 'GET /stats':
      return ok(deps.stats.snapshot());
    case 'POST /stats/reset':
      deps.stats.reset();
      return ok(deps.stats.snapshot());
    case 'GET /limits':
      return ok(deps.limiter.settings);
    case 'POST /limits': {
      const body = await readBody(req);
      const patch: Partial<LimitSettings> = {};
      for (const k of ['enabled', 'rps', 'burst', 'daily', 'banSeconds', 'banAfter'] as const) {
        if (body[k] !== undefined) (patch as Record<string, unknown>)[k] = body[k];
      }
      return ok(deps.limiter.update(patch));
    }
    case 'POST /limits/next-day':
      return ok({ day: deps.limiter.nextDay() });
    case 'POST /limits/reset':
      deps.limiter.reset();
      return ok(deps.limiter.settings);
    case 'GET /price-stats':
      return ok(deps.prices.stats.snapshot());
    case 'POST /price-stats/reset':
      deps.prices.stats.reset();
      return ok(deps.prices.stats.snapshot());
    case 'GET /price-limits':
      return ok(deps.prices.settings);
    case 'POST /price-limits': {
      const body = await readBody(req);
      const patch: Partial<PriceServiceLimits> = {};
      for (const k of ['enabled', 'coingeckoPerMinute', 'krakenPerSecond', 'coingeckoKeylessDays'] as const) {
        if (body[k] !== undefined) (patch as Record<string, unknown>)[k] = body[k];
      }
      return ok(deps.prices.updateLimits(patch));
    }
    case 'GET /faults':
      return ok(deps.faults.list());
    case 'POST /faults': {
      const body = (await readBody(req)) as unknown as FaultRule;
      try {
        deps.faults.add(body);
      } catch (error) {
        return sendError(res, 400, (error as Error).message);
      }
      return ok(deps.faults.list());
    }
    case 'DELETE /faults':
      deps.faults.clear();
      return ok([]);
    case 'POST /blocks': {
      const body = await readBody(req);
      const count = Number(body.count ?? 1);
      if (!Number.isInteger(count) || count < 1 || count > 1000)
        return sendError(res, 400, 'count must be an integer 1..1000');
      return ok(deps.control.addBlocks(count));
    }
    case 'POST /rollback': {
      const body = await readBody(req);
      const depth = Number(body.depth);
      if (!Number.isInteger(depth) || depth < 1 || depth > 2160)
        return sendError(res, 400, 'depth must be an integer 1..2160');
      return ok(deps.control.rollback(depth));
    }
    case 'POST /epoch': {
      const body = await readBody(req);
      const count = Number(body.count ?? 1);
      if (!Number.isInteger(count) || count < 1 || count > 100)
        return sendError(res, 400, 'count must be an integer 1..100');
      return ok(deps.control.advanceEpochs(count));
    }
    case 'GET /live':
      return ok({ seconds: deps.live?.seconds ?? 0 });
    case 'POST /live': {
      if (!deps.live) return sendError(res, 400, 'Not available for an imported recording.');
      const seconds = Number((await readBody(req)).seconds);
      if (!Number.isFinite(seconds) || seconds < 0 || seconds > 3600)
        return sendError(res, 400, 'seconds must be a number 0..3600 (0 stops live mode)');
      return ok(deps.live.set(seconds));
    }
    case 'GET /tip': {
      const tip = deps.model().tip;
      return ok({ height: tip?.height ?? 0, hash: tip?.hash ?? '', epoch: tip?.epoch ?? null });
    }
    case 'GET /wallets':
      return ok(deps.control.wallets());
    case 'GET /truth': {
      res.writeHead(200, JSON_HEADERS);
      deps.control.writeTruth((chunk) => res.write(chunk));
      res.end();
      return;
    }
    default:
      return sendError(res, 404);
  }
}
