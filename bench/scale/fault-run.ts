// A fault run's producer side: the users and wallets a deployment's API would hold (one user per owner
// of the generated chain tracking all of that owner's wallets, plus a second user for every k-th owner,
// so wallets and transactions are shared between users), one sync job per tracked wallet enqueued as
// the API does, a bounded wait until the queue is drained, and the end-of-run check against the truth.
// The workers are separate `adafolio worker` processes (worker-processes.ts) that the run may kill.
import { pino } from 'pino';
import { createAppContext, type AppContext } from '../../src/composition/create-app-context.js';
import { loadConfig } from '../../src/config/config.js';
import { enqueueWalletSync } from '../../src/sync/sync-wallet-job.js';
import {
  checkAgainstTruth,
  type TrackedWallet,
  type Truth,
  type TruthCheck,
  type TruthWallet,
} from './truth-check.js';

export interface FaultRunOptions {
  /** The simulator's control URL (`…/__sim`): the truth is read from there. */
  simControlUrl: string;
  /**
   * The producer's environment (DATABASE_URL direct, not through a fault proxy; REDIS_URL, QUEUE_BACKEND,
   * BLOCKFROST_URL, …) and Redis key prefix: the same the workers use.
   */
  env: Record<string, string>;
  redisPrefix: string;
  /** A second user for every k-th owner (default 4; 0: none). */
  sharedEvery?: number;
  /**
   * Track the users and wallets already in the database (a finished run's), matched to the truth by
   * address, instead of adding them: re-adding a tracked wallet is refused, and the point of a re-sync
   * run is that the same wallets, at their stored cursors, sync again.
   */
  reuseWallets?: boolean;
}

export interface QueueProgress {
  pending: number;
  processing: number;
  completed: number;
  failed: number;
  delayed: number;
}

export interface FaultRun {
  app: AppContext;
  truth: Truth;
  tracked: TrackedWallet[];
  /** Distinct wallet-transactions of the tracked wallets (per user). */
  walletTransactions: number;
  jobIds: string[];
  enqueueAll(): Promise<string[]>;
  /** Queue figures (null while the queue is unreachable, e.g. Redis restarting). */
  progress(): Promise<QueueProgress | null>;
  /**
   * Polls until every enqueued job is completed (or one failed), at most `timeoutMs`; `onTick` runs
   * every poll (fault schedules). Resolves with the seconds taken; rejects naming what is left.
   */
  waitUntilDone(options: {
    timeoutMs: number;
    pollMs?: number;
    onTick?: (elapsedMs: number) => Promise<void> | void;
  }): Promise<number>;
  check(options?: { snapshots?: boolean }): Promise<TruthCheck>;
  close(): Promise<void>;
}

async function fetchJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return (await res.json()) as T;
}

/** One user per owner tracking all of that owner's wallets, plus a second user for every k-th owner. */
async function addWallets(app: AppContext, truth: Truth, every: number): Promise<TrackedWallet[]> {
  const byOwner = new Map<string, TruthWallet[]>();
  for (const w of truth.wallets) byOwner.set(w.owner, [...(byOwner.get(w.owner) ?? []), w]);
  const tracked: TrackedWallet[] = [];
  let n = 0;
  for (const [owner, wallets] of byOwner) {
    const users = [`owner-${owner}`, ...(every > 0 && n++ % every === 0 ? [`shared-${owner}`] : [])];
    for (const name of users) {
      const { user } = await app.repositories.users.findOrCreateByAddress(name);
      for (const w of wallets) {
        const added = await app.repositories.wallets.add(user.id, { address: w.address, kind: w.kind });
        tracked.push({ wallet: w, userId: user.id, walletId: added.id });
      }
    }
  }
  return tracked;
}

async function storedWallets(app: AppContext, truth: Truth): Promise<TrackedWallet[]> {
  const byAddress = new Map(truth.wallets.map((w) => [w.address, w]));
  const rows = await app.sql.query<{ id: string; user_id: string; address: string }>(
    'SELECT id::text, user_id::text, address FROM wallets ORDER BY created_at, id',
  );
  return rows.rows.map((r) => {
    const wallet = byAddress.get(r.address);
    if (!wallet) throw new Error(`stored wallet ${r.address} is not in the simulator's truth`);
    return { wallet, userId: r.user_id, walletId: r.id };
  });
}

export async function prepareFaultRun(options: FaultRunOptions): Promise<FaultRun> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...options.env });
  const app = await createAppContext(config, {
    queue: { retryBackoffMs: 200 },
    events: false,
    redisPrefix: options.redisPrefix,
    logger: pino({ level: 'silent' }),
  });
  const truth = await fetchJson<Truth>(options.simControlUrl + '/truth');
  const tracked = options.reuseWallets
    ? await storedWallets(app, truth)
    : await addWallets(app, truth, options.sharedEvery ?? 4);
  const walletTransactions = tracked.reduce((s, t) => s + t.wallet.expected.transactions.length, 0);
  const jobIds: string[] = [];

  const progress = async (): Promise<QueueProgress | null> => {
    try {
      const s = await app.queue!.stats();
      return {
        pending: s.pending,
        processing: s.processing,
        completed: s.completed,
        failed: s.failed,
        delayed: s.delayed,
      };
    } catch {
      return null;
    }
  };

  return {
    app,
    truth,
    tracked,
    walletTransactions,
    jobIds,
    async enqueueAll() {
      for (const t of tracked) {
        const { job } = await enqueueWalletSync(app.queue!, {
          id: t.walletId,
          userId: t.userId,
          address: t.wallet.address,
        });
        jobIds.push(job.id);
      }
      return jobIds;
    },
    progress,
    async waitUntilDone({ timeoutMs, pollMs = 250, onTick }) {
      const t0 = Date.now();
      let last: QueueProgress | null = null;
      for (;;) {
        const elapsed = Date.now() - t0;
        if (onTick) await onTick(elapsed);
        const p = await progress();
        if (p) last = p;
        if (p && p.failed > 0) {
          const failed: string[] = [];
          for (const id of jobIds) {
            const j = await app.queue!.get(id).catch(() => null);
            if (j?.status === 'failed') failed.push(`${j.walletAddress}: ${j.error}`);
          }
          throw new Error(`${p.failed} job(s) failed: ${failed.slice(0, 5).join('; ')}`);
        }
        if (p && p.pending === 0 && p.processing === 0 && p.completed >= jobIds.length) {
          return (Date.now() - t0) / 1000;
        }
        if (elapsed > timeoutMs) {
          throw new Error(
            `not done within ${timeoutMs} ms: ${JSON.stringify(last)} of ${jobIds.length} jobs`,
          );
        }
        await new Promise((r) => setTimeout(r, pollMs));
      }
    },
    check: (o) => checkAgainstTruth(app.sql, truth, tracked, o),
    close: () => app.close(),
  };
}
