import pg from 'pg';
import { pino } from 'pino';
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import { buildApp, type ApiDeps, type ApiOptions } from '../../../../src/api/app.js';
import { jobQueueForApi } from '../../../../src/api/adapters/job-queue-adapter.js';
import { createRepositories } from '../../../../src/db/repositories/index.js';
import {
  PgPortfolioReadRepository,
  readPoolConfig,
} from '../../../../src/db/repositories/pg-portfolio-read-repository.js';
import { pgConfigFromUrl } from '../../../../src/db/pg-config-from-url.js';
import { createJobQueue, type JobQueue } from '../../../../src/queue/index.js';
import { RedisEventBus } from '../../../../src/realtime/index.js';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '../../../support/test-database.js';
import { TEST_REDIS_URL } from '../../../support/test-env.js';
import { TestWallet } from './cip30-wallet.js';

export const TEST_JWT_SECRET = 'test-secret-for-adafolio-api-tests-0123456789';

export interface ApiHarness {
  app: FastifyInstance;
  url: string;
  db: TestDatabase;
  queue: JobQueue;
  /** A second bus instance standing for a worker process publishing events. */
  worker: RedisEventBus;
  clock: { now: Date; advance(ms: number): void };
  repos: ReturnType<typeof createRepositories>;
  close(): Promise<void>;
}

/** Starts the real API on port 0 against a fresh database, a Redis prefix and the Prisma queue. */
export async function startApi(
  options: Partial<ApiOptions> = {},
  existingDb?: TestDatabase,
  extraDeps: Partial<ApiDeps> = {},
): Promise<ApiHarness> {
  const db = existingDb ?? (await createTestDatabase());
  const prefix = testRedisPrefix('api');
  const logger = pino({ level: 'silent' });
  const queue = await createJobQueue(
    {
      queueBackend: 'prisma',
      databaseUrl: db.url,
      redisUrl: undefined,
      supabase: { url: undefined, serviceRoleKey: undefined, jwtSecret: undefined },
    },
    { logger },
  );
  const eventBus = new RedisEventBus({ url: TEST_REDIS_URL, prefix });
  const worker = new RedisEventBus({ url: TEST_REDIS_URL, prefix });
  const clock = {
    now: new Date(),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  const repos = createRepositories(db);
  const readPool = new pg.Pool(readPoolConfig(pgConfigFromUrl(db.url), 4));
  // Dropping the test database terminates idle pooled connections; that is expected here.
  readPool.on('error', () => {});
  const app = await buildApp(
    { jwtSecret: TEST_JWT_SECRET, logLevel: 'silent', heartbeatMs: 60_000, ...options },
    {
      prisma: db.prisma,
      repositories: repos,
      reader: new PgPortfolioReadRepository(readPool),
      jobQueue: jobQueueForApi(queue),
      eventBus,
      usage: { getUsage: async () => ({ requestsToday: 123, remaining: 49_377 }) },
      now: () => clock.now,
      ...extraDeps,
    },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    db,
    queue,
    worker,
    clock,
    repos,
    async close() {
      await app.close();
      await eventBus.close();
      await worker.close();
      await queue.close();
      await readPool.end();
      if (!existingDb) await db.drop();
    },
  };
}

export interface CallResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A JSON call; `token` adds the bearer header. */
export async function call<T = Record<string, unknown>>(
  h: { url: string },
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<CallResult<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(h.url + path, {
    method,
    headers,
    body:
      opts.body === undefined
        ? undefined
        : typeof opts.body === 'string'
          ? opts.body
          : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let body: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
  return { status: res.status, body: body as T, headers: res.headers };
}

export interface SignedIn {
  userId: string;
  accessToken: string;
  refreshToken: string;
  wallet: TestWallet;
  address: string;
}

/** The full CIP-30 sign-in: challenge, signData with the wallet's key, verify. */
export async function signIn(
  h: { url: string },
  wallet = new TestWallet(),
  address = wallet.baseAddress,
): Promise<SignedIn> {
  const challenge = await call<{ nonce: string; message: string }>(h, 'POST', '/auth/challenge', {
    body: { address },
  });
  if (challenge.status !== 201) throw new Error(`challenge failed: ${JSON.stringify(challenge.body)}`);
  const signed = wallet.signData(address, challenge.body.message);
  const verify = await call<{ accessToken: string; refreshToken: string; user: { id: string } }>(
    h,
    'POST',
    '/auth/verify',
    {
      body: { address, nonce: challenge.body.nonce, ...signed },
    },
  );
  if (verify.status !== 200) throw new Error(`verify failed: ${JSON.stringify(verify.body)}`);
  return {
    userId: verify.body.user.id,
    accessToken: verify.body.accessToken,
    refreshToken: verify.body.refreshToken,
    wallet,
    address,
  };
}

/** Opens /ws with the token as a query parameter and collects the frames it receives. */
export async function openSocket(
  h: { url: string },
  token: string,
  via: 'query' | 'protocol' = 'query',
  extraQuery = '',
): Promise<{
  ws: WebSocket;
  frames: Array<{ type: string; payload: Record<string, unknown> }>;
  close(): void;
}> {
  const base = h.url.replace(/^http/, 'ws') + '/ws';
  const ws =
    via === 'query'
      ? new WebSocket(`${base}?${extraQuery}token=${encodeURIComponent(token)}`)
      : new WebSocket(base, ['adafolio.v1', `bearer.${token}`]);
  const frames: Array<{ type: string; payload: Record<string, unknown> }> = [];
  ws.on('message', (data) => frames.push(JSON.parse(String(data))));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
  });
  // The server greets each connection once the relay has registered it.
  const deadline = Date.now() + 2000;
  while (!frames.some((f) => f.type === 'hello') && Date.now() < deadline) await sleep(10);
  return { ws, frames, close: () => ws.close() };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function waitFor(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}
