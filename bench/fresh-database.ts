// A benchmark's own database, dropped and migrated from empty before each measured part; and the
// admin connection (to the `postgres` database) that drops it and reads its server-side figures.
import pg from 'pg';
import { migrateDatabase } from '../src/db/database-admin.js';
import { pgConfigFromUrl } from '../src/db/pg-config-from-url.js';

/** Runs `fn` on a short-lived client of the server's `postgres` database, given the bench database's name. */
export async function withAdminClient<T>(
  databaseUrl: string,
  fn: (admin: pg.Client, database: string) => Promise<T>,
): Promise<T> {
  const cfg = pgConfigFromUrl(databaseUrl);
  const admin = new pg.Client({ ...cfg, database: 'postgres' });
  await admin.connect();
  try {
    return await fn(admin, cfg.database);
  } finally {
    await admin.end();
  }
}

export async function freshDatabase(databaseUrl: string): Promise<void> {
  await withAdminClient(databaseUrl, (admin, database) =>
    admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
  );
  await migrateDatabase(databaseUrl, { quiet: true });
}
