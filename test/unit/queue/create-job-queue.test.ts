import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/config.js';
import { createJobQueue } from '../../../src/queue/create-job-queue.js';
import { QueueUnavailableError } from '../../../src/queue/errors/queue-unavailable.error.js';

const logger = pino({ level: 'silent' });
// Nothing listens on port 1: these check the start-up failure messages without any service.
const base = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none' };

describe('createJobQueue backend selection and start-up failures', () => {
  it('selects by the original plan’s flags, QUEUE_BACKEND winning', () => {
    expect(loadConfig({ ...base }).queueBackend).toBe('supabase');
    expect(loadConfig({ ...base, USE_PRISMA_QUEUE: 'true' }).queueBackend).toBe('prisma');
    expect(
      loadConfig({ ...base, USE_PRISMA_QUEUE: 'true', USE_BULLMQ: 'true', REDIS_URL: 'redis://x:1' })
        .queueBackend,
    ).toBe('bullmq');
    expect(
      loadConfig({ ...base, USE_BULLMQ: 'true', REDIS_URL: 'redis://x:1', QUEUE_BACKEND: 'prisma' })
        .queueBackend,
    ).toBe('prisma');
  });

  it('refuses the Supabase backend without its URL and key, saying what to set', async () => {
    const config = loadConfig({ ...base });
    const error = await createJobQueue(config, { logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueUnavailableError);
    expect((error as Error).message).toMatch(
      /SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY.*QUEUE_BACKEND=prisma/,
    );
    expect((error as Error).message).not.toContain('\n');
  });

  it('fails start-up with one line when PostgreSQL is unreachable (prisma)', async () => {
    const config = loadConfig({ ...base, QUEUE_BACKEND: 'prisma' });
    const error = await createJobQueue(config, { logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueUnavailableError);
    expect((error as Error).message).toMatch(/^prisma queue unavailable: .*ECONNREFUSED/);
    expect((error as Error).message).not.toContain('\n');
  });

  it('fails start-up with one line when Redis is unreachable (bullmq)', async () => {
    const config = loadConfig({ ...base, QUEUE_BACKEND: 'bullmq', REDIS_URL: 'redis://127.0.0.1:1' });
    const t = Date.now();
    const error = await createJobQueue(config, { logger }).catch((e: unknown) => e);
    expect(Date.now() - t).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(QueueUnavailableError);
    expect((error as Error).message).toMatch(
      /^bullmq queue unavailable: cannot reach Redis at 127\.0\.0\.1:1/,
    );
  });

  it('fails start-up with one line when the Supabase endpoint does not answer', async () => {
    const config = loadConfig({
      ...base,
      SUPABASE_URL: 'http://127.0.0.1:1',
      SUPABASE_SERVICE_ROLE_KEY: 'service-key',
    });
    const error = await createJobQueue(config, { logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QueueUnavailableError);
    expect((error as Error).message).toMatch(/^supabase queue unavailable: /);
    expect((error as Error).message).not.toContain('\n');
  });
});
