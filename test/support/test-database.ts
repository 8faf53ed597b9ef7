import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase, type PrismaClient, type SqlPool } from '../../src/db/prisma-client.js';
import { pgConfigFromUrl } from '../../src/db/pg-config-from-url.js';
import { ADMIN_DATABASE_URL, databaseUrlFor } from './test-env.js';

export interface TestDatabase {
  name: string;
  url: string;
  prisma: PrismaClient;
  /** Plain SQL on the same pool as `prisma`. */
  sql: SqlPool;
  /** Disconnects and drops the database. */
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(pgConfigFromUrl(ADMIN_DATABASE_URL));
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, fully migrated database of this test's own (cloned from the run's template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = inject('templateDatabase');
  const name = `adafolio_t_${randomBytes(6).toString('hex')}`;
  await admin(async (c) => {
    // Cloning needs the template to have no other sessions; retry briefly if another clone is running.
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        return;
      } catch (error) {
        if (attempt > 50 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  });
  const url = databaseUrlFor(name);
  const db = createDatabase(url, { poolSize: 5 });
  return {
    name,
    url,
    prisma: db.prisma,
    sql: db.sql,
    async drop() {
      await db.close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** A Redis key prefix of this test's own, so parallel tests never see each other's keys. */
export function testRedisPrefix(label = 't'): string {
  return `adafolio-test:${label}:${randomBytes(5).toString('hex')}:`;
}
