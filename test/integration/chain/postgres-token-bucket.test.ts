import pg from 'pg';
import { PostgresTokenBucket } from '../../../src/chain/limiter/postgres-token-bucket.js';
import { pgConfigFromUrl } from '../../../src/db/pg-config-from-url.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { tokenBucketConformance } from './token-bucket.conformance.js';

let db: TestDatabase;
let pool: pg.Pool;

tokenBucketConformance('PostgreSQL', {
  setup: async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ ...pgConfigFromUrl(db.url), max: 4 });
  },
  teardown: async () => {
    await pool.end();
    await db.drop();
  },
  create: (key) => new PostgresTokenBucket({ key }, { pool }),
});
