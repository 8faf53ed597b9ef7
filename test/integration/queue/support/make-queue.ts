import { pino } from 'pino';
import { BullmqJobQueue } from '../../../../src/queue/bullmq/bullmq-job-queue.js';
import type { JobQueue } from '../../../../src/queue/job-queue.js';
import { PrismaJobQueue } from '../../../../src/queue/prisma/prisma-job-queue.js';
import type { PrismaRawClient } from '../../../../src/queue/prisma/prisma-queue-rpc.js';
import type { QueueOptions } from '../../../../src/queue/queue-options.js';
import { SupabaseJobQueue } from '../../../../src/queue/supabase/supabase-job-queue.js';

/** Where a queue lives, so a child process can open the same one. */
export interface QueueLocation {
  backend: 'prisma' | 'bullmq' | 'supabase-sql' | 'supabase-http';
  databaseUrl?: string;
  redisUrl?: string;
  prefix?: string;
  /** supabase-http: the PostgREST stand-in's URL and key. */
  supabaseUrl?: string;
  supabaseKey?: string;
}

export const testLogger = pino({ level: process.env.QUEUE_TEST_LOG ?? 'silent' });

/** `poolSize`: the test's producer adds thousands of jobs; more connections share each WAL flush. */
export function makeQueue(
  where: QueueLocation,
  options: QueueOptions & { poolSize?: number } = {},
  prisma?: PrismaRawClient,
): JobQueue {
  switch (where.backend) {
    case 'prisma':
      return new PrismaJobQueue(
        { ...options, databaseUrl: where.databaseUrl! },
        { logger: testLogger, prisma },
      );
    case 'bullmq':
      return new BullmqJobQueue(
        { ...options, redisUrl: where.redisUrl!, prefix: where.prefix },
        { logger: testLogger },
      );
    case 'supabase-sql':
      // The Supabase backend's SQL functions, called over pg (the supabase-js HTTP hop cannot run here).
      return SupabaseJobQueue.overPgForTests(
        { ...options, databaseUrl: where.databaseUrl!, pollIntervalMs: 100 },
        { logger: testLogger },
      );
    case 'supabase-http':
      // supabase-js rpc() over HTTP to the PostgREST stand-in (see postgrest-stand-in.ts).
      return SupabaseJobQueue.overSupabase(
        { ...options, url: where.supabaseUrl!, serviceRoleKey: where.supabaseKey!, pollIntervalMs: 100 },
        { logger: testLogger },
      );
  }
}
