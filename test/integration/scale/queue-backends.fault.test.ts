// Issue #15: the same 100-wallet sync under the Prisma, BullMQ and Supabase-SQL queue backends gives
// identical records. One seeded simulator; one fresh database per backend; `adafolio worker` child
// processes with QUEUE_BACKEND set. The Supabase backend's workers reach its SQL functions through the
// PostgREST stand-in (PostgREST itself cannot run here), over HTTP from the child processes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareFaultRun } from '../../../bench/scale/fault-run.js';
import { startSimulatorProcess, type SimulatorProcess } from '../../../bench/scale/simulator-process.js';
import { startWorkerPool } from '../../../bench/scale/worker-processes.js';
import { createTestDatabase, testRedisPrefix } from '../../support/test-database.js';
import { startPostgrestStandIn } from '../queue/support/postgrest-stand-in.js';
import { readBackendRecords, type BackendRecords } from './backend-records.js';
import { faultRunEnv } from './fault-env.js';
import { expectEqualToTruth } from './expect-truth.js';

const BACKENDS = ['prisma', 'bullmq', 'supabase'] as const;
type Backend = (typeof BACKENDS)[number];

async function syncUnder(sim: SimulatorProcess, backend: Backend): Promise<BackendRecords> {
  const db = await createTestDatabase();
  const redisPrefix = testRedisPrefix(`qb-${backend}`);
  const standIn = backend === 'supabase' ? await startPostgrestStandIn(db.url) : undefined;
  // Like every fault run's, with this backend (and the stand-in for Supabase) and a longer lease.
  const env = faultRunEnv(db.url, sim, redisPrefix, {
    QUEUE_BACKEND: backend,
    QUEUE_LEASE_MS: '5000',
    ...(standIn ? { SUPABASE_URL: standIn.url, SUPABASE_SERVICE_ROLE_KEY: standIn.key } : {}),
  });
  const run = await prepareFaultRun({ simControlUrl: sim.controlUrl, env, redisPrefix });
  const pool = await startWorkerPool({ count: 2, jobs: 4, env });
  try {
    await run.enqueueAll();
    const seconds = await run.waitUntilDone({ timeoutMs: 60_000 });
    const check = await run.check();
    const equal = expectEqualToTruth(check, run, backend);
    const records = await readBackendRecords(db.sql);
    console.log(
      `${backend}: ${seconds.toFixed(1)} s, ${equal}; rows ` +
        Object.entries(records)
          .map(([k, rows]) => `${k} ${rows.length}`)
          .join(', ') +
        (standIn ? `; ${standIn.requests} stand-in RPCs` : ''),
    );
    return records;
  } finally {
    await pool.stop(5_000).catch(() => undefined);
    await run.close().catch(() => undefined);
    await standIn?.close();
    await db.drop();
  }
}

describe('queue backends: the same sync under Prisma, BullMQ and Supabase-SQL', () => {
  let sim: SimulatorProcess;
  beforeAll(async () => {
    sim = await startSimulatorProcess([
      '--seed',
      '151',
      '--wallets',
      '100',
      '--txs-per-wallet',
      '3',
      '--no-limits',
    ]);
  }, 120_000);
  afterAll(async () => {
    await sim?.close();
  });

  it('gives identical records, row for row, each equal to the truth', async () => {
    const results = new Map<Backend, BackendRecords>();
    for (const backend of BACKENDS) results.set(backend, await syncUnder(sim, backend));
    const prisma = results.get('prisma')!;
    expect(prisma.transactions.length).toBeGreaterThan(100);
    expect(prisma.snapshots.length).toBeGreaterThan(0);
    for (const backend of ['bullmq', 'supabase'] as const) {
      const other = results.get(backend)!;
      for (const kind of Object.keys(prisma) as (keyof BackendRecords)[]) {
        expect(other[kind], `${backend} ${kind}`).toEqual(prisma[kind]);
      }
    }
  }, 240_000);
});
