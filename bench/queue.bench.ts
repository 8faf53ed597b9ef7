// Queue benchmark: no-op jobs per second drained by 4 consumer processes (concurrency 16 each) for
// every backend — Prisma (SQL functions over pg, LISTEN/NOTIFY), the Supabase backend's SQL functions
// (called over pg: the supabase-js HTTP hop needs a PostgREST endpoint these machines cannot run), and
// our BullMQ backend — next to raw BullMQ (Queue.addBulk + bare Workers) measured in the same run.
// Jobs are loaded first; the clock runs from 10 % done to the last completion. This file is also the
// consumer child (QUEUE_BENCH_CHILD set), forked with `node --import tsx`.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { pino } from 'pino';
import type { Bench, BenchResult } from './bench.js';
import { migrateDatabase } from '../src/db/database-admin.js';
import { pgConfigFromUrl } from '../src/db/pg-config-from-url.js';
import { BullmqJobQueue } from '../src/queue/bullmq/bullmq-job-queue.js';
import type { JobQueue } from '../src/queue/job-queue.js';
import { PrismaJobQueue } from '../src/queue/prisma/prisma-job-queue.js';
import { SupabaseJobQueue } from '../src/queue/supabase/supabase-job-queue.js';

const DATABASE_URL =
  process.env.BENCH_QUEUE_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/adafolio_bench_queue';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONSUMERS = 4;
const CONCURRENCY = 16;
const JOBS = Number(process.env.BENCH_QUEUE_JOBS ?? 8_000);
const QUEUE_NAME = 'bench';

type Variant = 'prisma' | 'supabase-sql' | 'bullmq' | 'raw-bullmq';
interface Where {
  variant: Variant;
  prefix: string;
}

const logger = pino({ level: 'warn' });

function openQueue(where: Where): JobQueue {
  switch (where.variant) {
    case 'prisma':
      return new PrismaJobQueue({ databaseUrl: DATABASE_URL }, { logger });
    case 'supabase-sql':
      return SupabaseJobQueue.overPgForTests({ databaseUrl: DATABASE_URL, pollIntervalMs: 200 }, { logger });
    default:
      return new BullmqJobQueue(
        { redisUrl: REDIS_URL, prefix: where.prefix, queueName: QUEUE_NAME },
        { logger },
      );
  }
}

/** Child: opens the queue, waits for "go", consumes no-op jobs until told to stop. */
async function runChild(): Promise<void> {
  const where = JSON.parse(process.env.QUEUE_BENCH_CHILD!) as Where;
  let stop: () => Promise<void>;
  let begin: () => Promise<void>;
  if (where.variant === 'raw-bullmq') {
    let worker: Worker | undefined;
    begin = async () => {
      worker = new Worker(QUEUE_NAME, async () => undefined, {
        connection: { url: REDIS_URL, maxRetriesPerRequest: null },
        prefix: where.prefix,
        concurrency: CONCURRENCY,
      });
    };
    stop = async () => worker?.close();
  } else {
    const queue = openQueue(where);
    const consumer = queue.createConsumer();
    begin = () => consumer.start(async () => undefined, { concurrency: CONCURRENCY });
    stop = async () => {
      await consumer.stop({ graceful: true, timeoutMs: 2_000 });
      await queue.close();
    };
  }
  process.on('message', (m: { cmd: string }) => {
    if (m.cmd === 'go') void begin();
    if (m.cmd === 'stop') void stop().then(() => process.exit(0));
  });
  process.send?.({ event: 'ready' });
}

function spawnChild(where: Where): { child: ChildProcess; ready: Promise<void>; exited: Promise<void> } {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, QUEUE_BENCH_CHILD: JSON.stringify(where) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = new Promise<void>((r) =>
    child.on('message', (m: { event?: string }) => m.event === 'ready' && r()),
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return { child, ready, exited };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Loads JOBS jobs, starts 4 consumers at once, returns jobs/second until the last one completed. */
async function measure(variant: Variant, admin: pg.Pool): Promise<number> {
  const where: Where = { variant, prefix: `adafolio-bench:${randomBytes(4).toString('hex')}` };
  let completed: () => Promise<number>;
  let cleanup: () => Promise<void>;
  if (variant === 'prisma' || variant === 'supabase-sql') {
    await admin.query('TRUNCATE sync_jobs');
    // One statement: loading is not what is measured (enqueues commit durably, ~0.5–1k/s here).
    await admin.query(
      `INSERT INTO sync_jobs (job_type, data) SELECT 'noop', jsonb_build_object('n', g) FROM generate_series(1, $1) g`,
      [JOBS],
    );
    completed = async () =>
      Number((await admin.query(`SELECT count(*) AS n FROM sync_jobs WHERE status = 'completed'`)).rows[0].n);
    cleanup = async () => void (await admin.query('TRUNCATE sync_jobs'));
  } else {
    const queue = new Queue(QUEUE_NAME, { connection: { url: REDIS_URL }, prefix: where.prefix });
    if (variant === 'raw-bullmq') {
      for (let i = 0; i < JOBS; i += 1_000) {
        await queue.addBulk(
          Array.from({ length: Math.min(1_000, JOBS - i) }, (_, k) => ({ name: 'noop', data: { n: i + k } })),
        );
      }
    } else {
      const ours = openQueue(where);
      for (let i = 0; i < JOBS; i += 500) {
        await Promise.all(
          Array.from({ length: Math.min(500, JOBS - i) }, (_, k) => ours.add('noop', { n: i + k })),
        );
      }
      await ours.close();
    }
    completed = async () => (await queue.getJobCounts('completed')).completed ?? 0;
    cleanup = async () => {
      await queue.obliterate({ force: true });
      await queue.close();
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${where.prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    };
  }
  const children = Array.from({ length: CONSUMERS }, () => spawnChild(where));
  await Promise.all(children.map((c) => c.ready));
  for (const c of children) c.child.send({ cmd: 'go' });
  // The clock starts once 10 % are done, so consumers' start-up (connections, first claim) is not
  // counted: the figure is the steady drain rate.
  const warm = Math.floor(JOBS / 10);
  const deadline = Date.now() + 120_000;
  let t0 = 0;
  for (;;) {
    const n = await completed();
    if (!t0 && n >= warm) t0 = performance.now();
    if (n >= JOBS) break;
    if (Date.now() > deadline) throw new Error(`${variant}: not done after 120 s`);
    await sleep(10);
  }
  const seconds = (performance.now() - t0) / 1000;
  for (const c of children) c.child.send({ cmd: 'stop' });
  await Promise.all(
    children.map((c) => Promise.race([c.exited, sleep(5_000).then(() => c.child.kill('SIGKILL'))])),
  );
  await cleanup();
  return (JOBS - warm) / seconds;
}

const bench: Bench = {
  name: 'queue',
  async run(): Promise<BenchResult[]> {
    await migrateDatabase(DATABASE_URL, { quiet: true });
    const admin = new pg.Pool({ ...pgConfigFromUrl(DATABASE_URL), max: 2 });
    try {
      // Raw BullMQ runs first and last; the baseline is the mean, so drift in the machine's load
      // (2 shared cores) does not favour either side.
      const rawBefore = await measure('raw-bullmq', admin);
      const bull = await measure('bullmq', admin);
      const prisma = await measure('prisma', admin);
      const supabase = await measure('supabase-sql', admin);
      const rawAfter = await measure('raw-bullmq', admin);
      const raw = (rawBefore + rawAfter) / 2;
      const note = `${JOBS.toLocaleString('en-US')} no-op jobs, ${CONSUMERS} consumer processes × concurrency ${CONCURRENCY}`;
      const baseline = { name: 'raw BullMQ', value: raw };
      return [
        {
          name: 'raw BullMQ (Queue.addBulk + Worker)',
          value: raw,
          unit: 'jobs/s',
          note: `${note}; mean of a run before (${Math.round(rawBefore)}) and after (${Math.round(rawAfter)}) the others`,
        },
        { name: 'BullmqJobQueue', value: bull, unit: 'jobs/s', baseline, note },
        {
          name: 'PrismaJobQueue',
          value: prisma,
          unit: 'jobs/s',
          target: { value: 500, better: 'higher' },
          baseline,
          note,
        },
        {
          name: 'Supabase SQL functions (over pg, polling)',
          value: supabase,
          unit: 'jobs/s',
          baseline,
          note: `${note}; the supabase-js/PostgREST hop is not measured (no endpoint here)`,
        },
      ];
    } finally {
      await admin.end();
    }
  },
};

export default bench;

if (process.env.QUEUE_BENCH_CHILD) await runChild();
