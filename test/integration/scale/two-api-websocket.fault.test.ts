import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiProcesses, type ApiPool } from '../../../bench/scale/api-processes.js';
import { startSimulatorProcess, type SimulatorProcess } from '../../../bench/scale/simulator-process.js';
import {
  checkAgainstTruth,
  type TrackedWallet,
  type Truth,
  type TruthWallet,
} from '../../../bench/scale/truth-check.js';
import { startWorkerPool, type WorkerPool } from '../../../bench/scale/worker-processes.js';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '../../support/test-database.js';
import { call, openSocket, signIn, TEST_JWT_SECRET, type SignedIn } from '../api/support/api-harness.js';
import { faultRunEnv } from './fault-env.js';

type Socket = Awaited<ReturnType<typeof openSocket>>;

interface Client {
  user: SignedIn;
  /** One socket on each API process, in API order. */
  sockets: Socket[];
  wallets: TrackedWallet[];
}

const walletIdsOf = (s: Socket, type: string) =>
  new Set(s.frames.filter((f) => f.type === type).map((f) => String(f.payload.walletId)));

async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Two `adafolio api` processes (as behind a proxy: same database, Redis and key prefix, ports of their
// own) and two `adafolio worker` processes. Users sign in on one API and hold a socket on each; the
// wallets they add through either API are synced by whichever worker takes the job.
describe('fault run: a second API process — worker events reach the owner’s WebSocket clients on both (2 APIs, 2 workers)', () => {
  let db: TestDatabase;
  let sim: SimulatorProcess;
  let apis: ApiPool;
  let workers: WorkerPool;
  let truth: Truth;
  let env: Record<string, string>;
  const clients: Client[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    sim = await startSimulatorProcess([
      '--seed',
      '73',
      '--wallets',
      '16',
      '--txs-per-wallet',
      '6',
      '--no-limits',
    ]);
    const faultEnv = faultRunEnv(db.url, sim, testRedisPrefix('two-api'), { JWT_SECRET: TEST_JWT_SECRET });
    env = faultEnv;
    apis = await startApiProcesses({ count: 2, env });
    truth = await sim.control<Truth>('/truth');
  }, 180_000);
  afterAll(async () => {
    for (const c of clients) for (const s of c.sockets) s.close();
    await apis?.stop().catch(() => undefined);
    await workers?.stop(5_000).catch(() => undefined);
    await sim?.close();
    await db?.drop();
  });

  it('each user’s sockets on both APIs get sync_progress and wallet_updated for every wallet of theirs, and nothing of another user’s', async () => {
    const t0 = Date.now();
    const [api0, api1] = apis.apis;
    // Users 0 and 1 each track every wallet of one owner (the truth's records are those of such a
    // user: a transfer between two owners is a send and a receive); user 2 tracks nothing and must
    // hear nothing. Owners with several wallets first, for more events per socket.
    const byOwner = new Map<string, TruthWallet[]>();
    for (const w of truth.wallets) byOwner.set(w.owner, [...(byOwner.get(w.owner) ?? []), w]);
    const owners = [...byOwner.values()].sort((a, b) => b.length - a.length);
    const walletsOf = (u: number): TruthWallet[] => (u < 2 ? owners[u]! : []);
    for (let u = 0; u < 3; u++) {
      // Signed in on one API, the token opens sockets on both (same JWT secret).
      const user = await signIn(u % 2 === 0 ? api0! : api1!);
      const sockets = [];
      for (const api of apis.apis) sockets.push(await openSocket(api, user.accessToken));
      clients.push({ user, sockets, wallets: [] });
    }
    // Wallets added through the API of the user's index (its first sync enqueued by that API).
    for (let u = 0; u < 2; u++) {
      const c = clients[u]!;
      for (const w of walletsOf(u)) {
        const res = await call<{ wallet: { id: string } }>(apis.apis[u]!, 'POST', '/api/wallets', {
          token: c.user.accessToken,
          body: { address: w.address },
        });
        expect(res.status).toBe(201);
        c.wallets.push({ wallet: w, userId: c.user.userId, walletId: res.body.wallet.id });
      }
    }
    const tracked = clients.flatMap((c) => c.wallets);
    // The workers start once every wallet is added: a wallet synced before its user's other wallets
    // were added keeps "receive" where the truth (all wallets tracked) says "internal_transfer".

    // Which worker process ran each job (the lease column names host:pid:…), sampled while they run.
    const workerOfJob = new Map<string, string>();
    const jobs = async () => {
      const { rows } = await db.sql.query<{ id: string; status: string; locked_by: string | null }>(
        `SELECT id, status, locked_by FROM sync_jobs WHERE job_type = 'sync_wallet'`,
      );
      for (const r of rows) if (r.locked_by) workerOfJob.set(r.id, r.locked_by.split(':')[1]!);
      return rows;
    };
    // Sampled from before the workers start: a job may take well under a second.
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        await jobs();
        await new Promise((r) => setTimeout(r, 30));
      }
    })();
    workers = await startWorkerPool({ count: 2, jobs: 2, env });
    await until(
      async () => {
        const rows = await jobs();
        return rows.length === tracked.length && rows.every((r) => r.status === 'completed');
      },
      90_000,
      'every wallet synced',
    ).finally(() => (sampling = false));
    await sampler;
    // Events are published as the jobs end: give the last ones time to arrive.
    const owns = (c: Client) => new Set(c.wallets.map((w) => w.walletId));
    await until(
      () =>
        clients.every((c) =>
          c.sockets.every(
            (s) =>
              walletIdsOf(s, 'wallet_updated').size >= owns(c).size &&
              walletIdsOf(s, 'sync_progress').size >= owns(c).size,
          ),
        ),
      30_000,
      'every socket heard of every wallet of its user',
    );
    await new Promise((r) => setTimeout(r, 500));

    for (const c of clients) {
      const mine = [...owns(c)].sort();
      for (const s of c.sockets) {
        expect([...walletIdsOf(s, 'wallet_updated')].sort()).toEqual(mine);
        expect([...walletIdsOf(s, 'sync_progress')].sort()).toEqual(mine);
        expect(s.frames.filter((f) => f.type === 'sync_failed')).toEqual([]);
      }
    }
    // The user without wallets heard nothing but the greeting, on either API.
    for (const s of clients[2]!.sockets) expect(s.frames.map((f) => f.type)).toEqual(['hello']);
    // Both workers ran jobs, so both workers' events crossed to both APIs.
    const pids = new Set(workerOfJob.values());
    expect([...pids].sort()).toEqual(workers.workers.map((w) => String(w.child.pid)).sort());

    const check = await checkAgainstTruth(db.sql, truth, tracked);
    expect(check.problems).toEqual([]);
    expect(check.reconciled).toBe(tracked.length);
    expect(check.records.stored).toBe(check.records.expected);

    const frames = clients.flatMap((c) => c.sockets).map((s) => s.frames.length);
    const perWorker = [...pids].map((p) => [...workerOfJob.values()].filter((x) => x === p).length);
    console.log(
      `two-api-websocket: ${tracked.length} wallets of 2 users (${clients[0]!.wallets.length} + ${clients[1]!.wallets.length}; third user: none), jobs per worker ${perWorker.join('/')}, frames per socket ${frames.join('/')} (api0/api1 per user), done after ${((Date.now() - t0) / 1000).toFixed(1)} s; ${check.records.stored} records, ${check.snapshots.stored} snapshots equal to the truth`,
    );
  }, 180_000);
});
