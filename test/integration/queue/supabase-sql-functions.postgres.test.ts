// The Supabase backend's SQL functions (queue_enqueue, queue_claim with SKIP LOCKED, queue_complete,
// queue_fail, …) run directly on PostgreSQL: SupabaseJobQueue with its "rpc" transport over pg instead
// of supabase-js/PostgREST (an HTTP endpoint these machines cannot run). Consumers poll, as they do
// through supabase-js.
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { jobQueueContract } from './job-queue.contract.js';
import { makeQueue } from './support/make-queue.js';

let db: TestDatabase;

jobQueueContract('Supabase SQL functions (over pg, polling)', {
  setup: async () => {
    db = await createTestDatabase();
  },
  teardown: async () => db.drop(),
  fresh: async () => {
    await db.prisma.$executeRawUnsafe('TRUNCATE sync_jobs');
    return { backend: 'supabase-sql', databaseUrl: db.url };
  },
  open: (where, options) => makeQueue(where, options),
  crashCountsAsAttempt: true,
});
