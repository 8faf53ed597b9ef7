import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { pgConfigFromUrl } from '../../../src/db/pg-config-from-url.js';
import { createJobQueue } from '../../../src/queue/create-job-queue.js';
import { QueueUnavailableError } from '../../../src/queue/errors/queue-unavailable.error.js';
import { createTestDatabase, testRedisPrefix, type TestDatabase } from '../../support/test-database.js';
import { ADMIN_DATABASE_URL, TEST_REDIS_URL, databaseUrlFor } from '../../support/test-env.js';

function capturingLogger(): { logger: pino.Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  });
  return {
    logger: pino({ level: 'info' }, stream),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('createJobQueue with real services', () => {
  let db: TestDatabase;
  const bare = `adafolio_q_bare_${process.pid}`;
  const admin = new pg.Pool({ ...pgConfigFromUrl(ADMIN_DATABASE_URL), max: 1 });

  beforeAll(async () => {
    db = await createTestDatabase();
    await admin.query(`DROP DATABASE IF EXISTS ${bare}`);
    await admin.query(`CREATE DATABASE ${bare}`);
  });
  afterAll(async () => {
    await db.drop();
    await admin.query(`DROP DATABASE IF EXISTS ${bare} WITH (FORCE)`);
    await admin.end();
  });

  it('logs the chosen backend and works (prisma, through the app’s Prisma client)', async () => {
    const { logger, lines } = capturingLogger();
    const queue = await createJobQueue(loadConfig({ DATABASE_URL: db.url, USE_PRISMA_QUEUE: 'true' }), {
      logger,
      prisma: db.prisma,
    });
    try {
      expect(queue.backend).toBe('prisma');
      expect(lines()).toContainEqual(
        expect.objectContaining({ msg: 'job queue backend: prisma', backend: 'prisma' }),
      );
      const { job } = await queue.add('x', { a: 1 });
      expect((await queue.get(job.id))?.data).toEqual({ a: 1 });
    } finally {
      await queue.close();
    }
  });

  it('logs the chosen backend and works (bullmq)', async () => {
    const { logger, lines } = capturingLogger();
    const prefix = testRedisPrefix('factory');
    const config = loadConfig({ DATABASE_URL: db.url, USE_BULLMQ: 'true', REDIS_URL: TEST_REDIS_URL });
    const queue = await createJobQueue(config, { logger, bullmqPrefix: prefix });
    try {
      expect(queue.backend).toBe('bullmq');
      expect(lines()).toContainEqual(expect.objectContaining({ msg: 'job queue backend: bullmq' }));
      const { job } = await queue.add('x', { a: 1 });
      expect((await queue.get(job.id))?.status).toBe('pending');
      await queue.cleanup(0);
    } finally {
      await queue.close();
      const redis = new Redis(TEST_REDIS_URL);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
  });

  it('says to run the migrations when the queue functions are missing', async () => {
    const { logger } = capturingLogger();
    const config = loadConfig({ DATABASE_URL: databaseUrlFor(bare), QUEUE_BACKEND: 'prisma' });
    const error = await createJobQueue(config, { logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueUnavailableError);
    expect((error as Error).message).toMatch(/^prisma queue unavailable: .*run `adafolio migrate`/);
  });
});
