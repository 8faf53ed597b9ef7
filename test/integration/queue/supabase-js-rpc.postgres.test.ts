// The Supabase backend end to end through supabase-js `rpc()` over HTTP — against a PostgREST
// STAND-IN (support/postgrest-stand-in.ts) that calls the same SQL functions, because PostgREST itself
// cannot run on these machines. What this adds over supabase-sql-functions.postgres.test.ts: the real
// supabase-js client, request shape (named arguments as JSON, apikey header) and JSON results.
import { expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { jobQueueContract } from './job-queue.contract.js';
import { makeQueue } from './support/make-queue.js';
import { startPostgrestStandIn, type PostgrestStandIn } from './support/postgrest-stand-in.js';

let db: TestDatabase;
let standIn: PostgrestStandIn;

jobQueueContract('Supabase via supabase-js rpc() (PostgREST stand-in)', {
  setup: async () => {
    db = await createTestDatabase();
    standIn = await startPostgrestStandIn(db.url);
  },
  teardown: async () => {
    await standIn.close();
    await db.drop();
  },
  fresh: async () => {
    await db.prisma.$executeRawUnsafe('TRUNCATE sync_jobs');
    return { backend: 'supabase-http', supabaseUrl: standIn.url, supabaseKey: standIn.key };
  },
  open: (where, options) => makeQueue(where, options),
  crashCountsAsAttempt: true,
});

it('went through HTTP', () => {
  expect(standIn.requests).toBeGreaterThan(2_000);
});
