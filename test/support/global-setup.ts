import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { migrateDatabase } from '../../src/db/database-admin.js';
import { pgConfigFromUrl } from '../../src/db/pg-config-from-url.js';
import { ADMIN_DATABASE_URL, databaseUrlFor } from './test-env.js';

/**
 * Builds a migrated template database once per run (named after a hash of the migrations, so a
 * changed migration gets a fresh template). Each test then clones it in milliseconds.
 */
export default async function setup({
  provide,
}: {
  provide: (key: 'templateDatabase', value: string) => void;
}) {
  const dir = 'prisma/migrations';
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.toml')) continue;
    hash.update(name).update(readFileSync(join(dir, name, 'migration.sql')));
  }
  const template = `adafolio_tpl_${hash.digest('hex').slice(0, 16)}`;
  const admin = new pg.Client({ ...pgConfigFromUrl(ADMIN_DATABASE_URL) });
  await admin.connect();
  try {
    // Several test runs may start at once: one builds the template, the others wait.
    await admin.query('SELECT pg_advisory_lock(727274)');
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (exists.rowCount === 0) {
      const building = `${template}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${building}`);
      await admin.query(`CREATE DATABASE ${building}`);
      await migrateDatabase(databaseUrlFor(building), { quiet: true });
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
    }
    await admin.query('SELECT pg_advisory_unlock(727274)');
  } finally {
    await admin.end();
  }
  provide('templateDatabase', template);
}

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}
