import { readdirSync } from 'node:fs';
import pg from 'pg';
import { migrateDatabase } from '../db/database-admin.js';
import { pgConfigFromUrl } from '../db/pg-config-from-url.js';

/**
 * True when DATABASE_URL lacks the database or some migration. Checked first because a full
 * `migrate deploy` spawns Prisma's CLI (seconds), which a routine one-shot command should not pay.
 */
async function needsMigration(databaseUrl: string): Promise<boolean> {
  const migrations = readdirSync(new URL('../../prisma/migrations/', import.meta.url), {
    withFileTypes: true,
  }).filter((d) => d.isDirectory()).length;
  const client = new pg.Client({ ...pgConfigFromUrl(databaseUrl), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    return rows[0]!.n < migrations;
  } catch {
    return true; // no database, no migrations table, or unreachable: migrate says which
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Creates or migrates DATABASE_URL's database when it is behind, so one-shot commands just work. */
export async function ensureMigrated(databaseUrl: string): Promise<void> {
  if (await needsMigration(databaseUrl)) await migrateDatabase(databaseUrl, { quiet: true });
}
