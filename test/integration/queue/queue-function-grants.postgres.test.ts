import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

it('only the service role may run the queue SQL functions (not anon or authenticated)', async () => {
  const rows = await db.prisma.$queryRawUnsafe<
    Array<{ fn: string; anon: boolean; authed: boolean; service: boolean }>
  >(`
    SELECT p.proname::text AS fn,
           has_function_privilege('anon', p.oid, 'EXECUTE') AS anon,
           has_function_privilege('authenticated', p.oid, 'EXECUTE') AS authed,
           has_function_privilege('service_role', p.oid, 'EXECUTE') AS service
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'public' AND p.proname LIKE 'queue\\_%' AND p.proname NOT LIKE 'queue\\_\\_%'`);
  expect(rows).toHaveLength(14);
  for (const r of rows) expect(r).toMatchObject({ anon: false, authed: false, service: true });
});
