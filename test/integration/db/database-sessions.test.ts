import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../../src/db/prisma-client.js';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

describe('createDatabase: session settings of the shared pool (PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  const settings = async (d: { sql: { query: typeof db.sql.query } }) => {
    const { rows } = await d.sql.query<{ jit: string; sc: string }>(
      `SELECT current_setting('jit') AS jit, current_setting('synchronous_commit') AS sc`,
    );
    return rows[0];
  };

  it('keeps synchronous commits by default (API) and turns them off for the worker; JIT off in both', async () => {
    const api = createDatabase(db.url, { poolSize: 1 });
    const worker = createDatabase(db.url, { poolSize: 1, synchronousCommit: false });
    try {
      expect(await settings(api)).toEqual({ jit: 'off', sc: 'on' });
      expect(await settings(worker)).toEqual({ jit: 'off', sc: 'off' });
      // Prisma runs on the same sessions as the plain SQL.
      const viaPrisma = await worker.prisma.$queryRaw<Array<{ sc: string }>>`
        SELECT current_setting('synchronous_commit') AS sc`;
      expect(viaPrisma).toEqual([{ sc: 'off' }]);
    } finally {
      await api.close();
      await worker.close();
    }
  });
});
