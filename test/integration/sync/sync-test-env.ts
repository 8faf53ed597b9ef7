import { pino } from 'pino';
import { startSimulator } from '../../../sim/index.js';
import { mapWithConcurrency } from '../../../src/sync/map-with-concurrency.js';
import { loadConfig } from '../../../src/config/config.js';
import {
  createAppContext,
  type AppContext,
  type AppContextOptions,
} from '../../../src/composition/create-app-context.js';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '../../support/test-database.js';
import { TEST_REDIS_URL } from '../../support/test-env.js';
import type { TruthRecord, TruthWallet } from '../../../sim/truth/ground-truth.js';
import { normaliseTruth, sortRecords, storedRecordAsTruth } from '../../../bench/scale/truth-check.js';

export { normaliseTruth, sortRecords };

/** The simulator's answer as the sim engineer announced it (sim/index.ts). */
export interface RunningSim {
  url: string;
  controlUrl: string;
  projectId: string;
  close(): Promise<void>;
}

export type { TruthRecord, TruthWallet };

export interface Truth {
  seed: number;
  tip: { height: number; hash: string };
  wallets: TruthWallet[];
}

export async function control<T = unknown>(sim: RunningSim, path: string, body?: unknown): Promise<T> {
  const res = await fetch(sim.controlUrl + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`sim ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export const truthOf = (sim: RunningSim) => control<Truth>(sim, '/truth');

export interface SyncEnv {
  db: TestDatabase;
  app: AppContext;
  redisPrefix: string;
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A fresh database and an app context pointed at the simulator (Redis bucket under a test prefix). */
export async function createSyncEnv(
  sim: RunningSim,
  options: AppContextOptions & {
    redis?: boolean;
    env?: Record<string, string>;
    /** The simulator runs without limits: lift ours too (the default bucket is Blockfrost's 10 rps). */
    unlimited?: boolean;
  } = {},
): Promise<SyncEnv> {
  const db = await createTestDatabase();
  const redisPrefix = testRedisPrefix('sync');
  const env: Record<string, string> = {
    DATABASE_URL: db.url,
    BLOCKFROST_URL: sim.url,
    BLOCKFROST_PROJECT_ID: sim.projectId,
    QUEUE_BACKEND: 'prisma',
    LOG_LEVEL: 'silent',
    ...(options.redis === false ? {} : { REDIS_URL: TEST_REDIS_URL }),
    ...(options.unlimited ? { BLOCKFROST_RPS: '1000000', BLOCKFROST_BURST: '1000000' } : {}),
    ...options.env,
  };
  const config = loadConfig(env);
  const { redis: _redis, env: _env, unlimited: _unlimited, ...appOptions } = options;
  const app = await createAppContext(config, {
    logger: pino({ level: 'silent' }),
    redisPrefix,
    // As `adafolio worker` and `adafolio sync` do.
    asyncCommit: true,
    ...appOptions,
  });
  return {
    db,
    app,
    redisPrefix,
    env,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

/** Adds `wallets` for one new user and returns their ids. */
export async function addUserWithWallets(
  app: AppContext,
  name: string,
  wallets: TruthWallet[] | Array<{ address: string; kind: 'stake' | 'payment' }>,
) {
  const { user } = await app.repositories.users.findOrCreateByAddress(name);
  const ids = new Map<string, string>();
  for (const w of wallets) {
    const added = await app.repositories.wallets.add(user.id, { address: w.address, kind: w.kind });
    ids.set(w.address, added.id);
  }
  return { userId: user.id, walletIds: ids };
}

/** A wallet of the ground truth as one user tracks it. */
export interface TrackedWallet {
  wallet: TruthWallet;
  userId: string;
  walletId: string;
}

/** One user per owner (named `<prefix>-<owner>`), tracking all of that owner's wallets. */
export async function trackByOwner(app: AppContext, truth: Truth, prefix: string): Promise<TrackedWallet[]> {
  const byOwner = new Map<string, TruthWallet[]>();
  for (const w of truth.wallets) byOwner.set(w.owner, [...(byOwner.get(w.owner) ?? []), w]);
  const out: TrackedWallet[] = [];
  for (const [owner, wallets] of byOwner) {
    const { userId, walletIds } = await addUserWithWallets(app, `${prefix}-${owner}`, wallets);
    for (const w of wallets) out.push({ wallet: w, userId, walletId: walletIds.get(w.address)! });
  }
  return out;
}

/** The stored records of a wallet in the ground truth's format (for toEqual against truth). */
export async function storedAsTruth(
  app: AppContext,
  userId: string,
  walletAddress: string,
): Promise<TruthRecord[]> {
  const rows = await app.repositories.transactions.listByWallet(userId, walletAddress);
  const out: TruthRecord[] = [];
  for (const r of rows) {
    const flows = await app.repositories.transactions.flows(userId, r.id);
    out.push(storedRecordAsTruth(r, Object.fromEntries(flows.map((f) => [f.unit, f.quantity.toString()]))));
  }
  return sortRecords(out);
}

/** A generated chain (limits off) with one user per owner tracking it, synced once in-process. */
export interface SyncedChain {
  sim: RunningSim;
  env: SyncEnv;
  truth: Truth;
  tracked: TrackedWallet[];
  close(): Promise<void>;
}

export async function startSyncedChain(
  chain: { seed: number; wallets: number; txsPerWallet: number },
  userPrefix: string,
): Promise<SyncedChain> {
  const sim = await startSimulator({ ...chain, limits: { enabled: false }, port: 0 });
  const env = await createSyncEnv(sim, { unlimited: true });
  const truth = await truthOf(sim);
  const tracked = await trackByOwner(env.app, truth, userPrefix);
  await mapWithConcurrency(tracked, 4, (t) => env.app.sync.sync({ userId: t.userId, walletId: t.walletId }));
  return {
    sim,
    env,
    truth,
    tracked,
    async close() {
      await env.close();
      await sim.close();
    },
  };
}
