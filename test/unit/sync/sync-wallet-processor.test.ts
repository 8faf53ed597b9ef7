import { describe, expect, it } from 'vitest';
import { BlockfrostError } from '../../../src/chain/errors/blockfrost.error.js';
import { DelayJobError } from '../../../src/queue/errors/delay-job.error.js';
import type { Job } from '../../../src/queue/job.js';
import { createSyncWalletHandler } from '../../../src/sync/sync-wallet.processor.js';

const job = {
  id: 'job-1',
  type: 'sync_wallet',
  data: { walletId: 'w1', userId: 'u1', walletAddress: 'stake1x' },
  priority: 0,
  attempts: 0,
  maxRetries: 3,
  status: 'processing',
  createdAt: new Date(),
  scheduledAt: new Date(),
} as Job;

/** What the handler throws when the sync fails with `failure`. */
async function thrownFor(failure: unknown): Promise<unknown> {
  const handler = createSyncWalletHandler({
    sync: { sync: () => Promise.reject(failure) },
    wallets: { getByAddress: () => Promise.resolve(null) },
    databaseRetryDelayMs: 2_000,
  });
  const ctx = { job, reportProgress: async () => undefined, signal: new AbortController().signal };
  return handler(ctx).then(
    () => null,
    (e: unknown) => e,
  );
}

describe('sync job handler: an unreachable database delays the job instead of spending an attempt', () => {
  it('a refused connection to PostgreSQL becomes a DelayJobError a short while ahead', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
      syscall: 'connect',
      errno: -111,
    });
    const before = Date.now();
    const error = await thrownFor(new Error('write failed', { cause: refused }));
    expect(error).toBeInstanceOf(DelayJobError);
    const resumeAt = (error as DelayJobError).resumeAt.getTime();
    expect(resumeAt).toBeGreaterThanOrEqual(before + 2_000);
    expect(resumeAt).toBeLessThan(Date.now() + 2_000 + 1_000);
  });

  it('Prisma’s "can’t reach database server" too', async () => {
    const p1001 = Object.assign(new Error("Can't reach database server at 127.0.0.1:5432"), {
      code: 'P1001',
    });
    expect(await thrownFor(p1001)).toBeInstanceOf(DelayJobError);
  });

  it('Blockfrost’s connection resets and other failures still go to the queue’s retries', async () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const bf = new BlockfrostError('unavailable', 'Blockfrost unreachable', { cause: reset });
    expect(await thrownFor(bf)).toBe(bf);
    const other = new Error('ledger mismatch');
    expect(await thrownFor(other)).toBe(other);
  });
});
