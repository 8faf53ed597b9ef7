import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { pgConfigFromUrl } from './pg-config-from-url.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Raised when PostgreSQL cannot be reached or refuses us; the message is one readable line. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
}

/** Creates the database named in the URL when it does not exist yet (connecting to `postgres`). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const cfg = pgConfigFromUrl(databaseUrl);
  const client = new pg.Client({ ...cfg, database: 'postgres', connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new DatabaseUnavailableError(
      `cannot connect to PostgreSQL at ${cfg.host}:${cfg.port}: ${(error as Error).message}`,
    );
  }
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [cfg.database]);
    if (found.rowCount === 0) {
      await client
        .query(`CREATE DATABASE "${cfg.database.replace(/"/g, '""')}"`)
        .catch((error: { code?: string }) => {
          if (error.code !== '42P04') throw error; // created concurrently
        });
    }
  } finally {
    await client.end();
  }
}

/** Applies every migration in prisma/migrations (idempotent), as `prisma migrate deploy` does. */
export async function migrateDatabase(databaseUrl: string, opts: { quiet?: boolean } = {}): Promise<void> {
  await ensureDatabase(databaseUrl);
  const require = createRequire(import.meta.url);
  const prismaCli = require.resolve('prisma/build/index.js');
  const placeholder = fileURLToPath(new URL('../../prisma/.query-engine-placeholder', import.meta.url));
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, 'migrate', 'deploy'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) {
        if (!opts.quiet) {
          const summary = output
            .split('\n')
            .filter((l) => /migration|applied|pending/i.test(l) && !l.startsWith(' '));
          process.stdout.write(summary.join('\n') + '\n');
        }
        resolve();
      } else {
        const firstError =
          output.split('\n').find((l) => /^Error|error:/i.test(l.trim())) ?? 'see output below';
        reject(new Error(`migration failed: ${firstError.trim()}\n${output}`));
      }
    });
  });
}
