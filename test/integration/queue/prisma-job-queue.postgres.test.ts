import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { jobQueueContract } from './job-queue.contract.js';
import { makeQueue } from './support/make-queue.js';

let db: TestDatabase;

jobQueueContract('Prisma (PostgreSQL, LISTEN/NOTIFY)', {
  setup: async () => {
    db = await createTestDatabase();
  },
  teardown: async () => db.drop(),
  fresh: async () => {
    await db.prisma.$executeRawUnsafe('TRUNCATE sync_jobs');
    return { backend: 'prisma', databaseUrl: db.url };
  },
  // Producer calls through the application's Prisma client ($queryRawUnsafe); consumers on their pg pool.
  open: (where, options) => makeQueue(where, options, db.prisma),
  crashCountsAsAttempt: true,
});
