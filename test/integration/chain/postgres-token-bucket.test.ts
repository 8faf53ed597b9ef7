import { afterAll, beforeAll } from 'vitest';
import pg from 'pg';
import { PostgresTokenBucket } from '../../../src/chain/limiter/postgres-token-bucket.js';
import { pgConfigFromUrl } from '../../../src/db/pg-config-from-url.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';
import { killedProcessConformance } from './killed-process.conformance.js';
import { tokenBucketConformance, type StoreFactory } from './token-bucket.conformance.js';

let db: TestDatabase;
let pool: pg.Pool;

const resources = {
  setup: async () => {
    db = await createTestDatabase();
    pool = new pg.Pool({ ...pgConfigFromUrl(db.url), max: 4 });
  },
  teardown: async () => {
    await pool.end();
    await db.drop();
  },
};
const factory: StoreFactory = {
  create: (key) => new PostgresTokenBucket({ key }, { pool }),
};

beforeAll(resources.setup);
afterAll(resources.teardown);

tokenBucketConformance('PostgreSQL', factory);
killedProcessConformance('PostgreSQL', factory, () => ({
  STORE: 'postgres',
  DATABASE_URL: db.url,
}));
