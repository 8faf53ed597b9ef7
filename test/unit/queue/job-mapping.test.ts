import { describe, expect, it } from 'vitest';
import { statusFromState, toBullmqPriority } from '../../../src/queue/bullmq/bullmq-job-mapper.js';
import { DelayJobError } from '../../../src/queue/errors/delay-job.error.js';
import { UnrecoverableJobError } from '../../../src/queue/errors/unrecoverable-job.error.js';
import { checkAddOptions, resolveAddOptions, resolveRecurringOptions } from '../../../src/queue/job.js';
import { jobFromRow, type SyncJobRow } from '../../../src/queue/sql/job-row.js';

const row: SyncJobRow = {
  id: '5b1d9b95-595e-4d2e-8a9a-10ec073afb4c',
  job_type: 'sync_wallet',
  wallet_address: 'addr1',
  user_id: null,
  status: 'failed',
  priority: 5,
  scheduled_at: '2026-11-25T13:05:48.031+00:00',
  started_at: '2026-11-25T13:05:48.037+00:00',
  completed_at: '2026-11-25T13:05:49.000+00:00',
  error_message: 'boom',
  retry_count: 4,
  max_retries: 3,
  data: { a: 1 },
  metadata: null,
  progress: { done: 1 },
  locked_by: null,
  locked_until: null,
  created_at: '2026-11-25T13:05:48.031+00:00',
};

describe('queue job mapping', () => {
  it('maps a sync_jobs row (as the SQL functions return it) to a Job', () => {
    const job = jobFromRow(row);
    expect(job).toEqual({
      id: row.id,
      type: 'sync_wallet',
      walletAddress: 'addr1',
      data: { a: 1 },
      priority: 5,
      attempts: 4,
      maxRetries: 3,
      status: 'failed',
      progress: { done: 1 },
      error: 'boom',
      createdAt: new Date('2026-11-25T13:05:48.031Z'),
      scheduledAt: new Date('2026-11-25T13:05:48.031Z'),
      startedAt: new Date('2026-11-25T13:05:48.037Z'),
      finishedAt: new Date('2026-11-25T13:05:49.000Z'),
    });
    expect('userId' in job).toBe(false);
    expect(jobFromRow({ ...row, data: null }).data).toEqual({});
  });

  it('keeps priority order when mapped to BullMQ (lower first, 0 = none)', () => {
    const ours = [1000, 10, 0, -10, -1000];
    const theirs = ours.map(toBullmqPriority);
    expect(theirs).toEqual([...theirs].sort((a, b) => a - b));
    expect(Math.min(...theirs)).toBeGreaterThanOrEqual(1);
  });

  it('maps BullMQ states to job statuses', () => {
    expect(
      ['waiting', 'prioritized', 'delayed', 'waiting-children'].map((s) => statusFromState(s as never)),
    ).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(statusFromState('active')).toBe('processing');
    expect(statusFromState('completed')).toBe('completed');
    expect(statusFromState('failed')).toBe('failed');
    expect(statusFromState('unknown')).toBeUndefined();
  });

  it('validates producer options the same way for every backend', () => {
    expect(() => checkAddOptions('', {})).toThrow(/type/);
    expect(() => checkAddOptions('x', { priority: 1001 })).toThrow(/priority/);
    expect(() => checkAddOptions('x', { priority: 1.5 })).toThrow(/priority/);
    expect(() => checkAddOptions('x', { delayMs: -1 })).toThrow(/delayMs/);
    expect(() => checkAddOptions('x', { maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => checkAddOptions('x', { priority: -1000, delayMs: 0, maxRetries: 0 })).not.toThrow();
  });

  it('fills in the same defaults for every backend, after validating', () => {
    expect(resolveAddOptions('x', { walletAddress: 'addr1' })).toEqual({
      walletAddress: 'addr1',
      priority: 0,
      delayMs: 0,
      maxRetries: 3,
    });
    expect(resolveAddOptions('x', { priority: -5, delayMs: 10, maxRetries: 0 })).toMatchObject({
      priority: -5,
      delayMs: 10,
      maxRetries: 0,
    });
    expect(() => resolveAddOptions('x', { maxRetries: 1.5 })).toThrow(/maxRetries/);
    expect(resolveRecurringOptions({ type: 'resync_all', everyMs: 60_000 })).toEqual({
      type: 'resync_all',
      everyMs: 60_000,
      data: {},
      priority: 0,
      runNow: false,
    });
    expect(() => resolveRecurringOptions({ type: 'r', everyMs: 0 })).toThrow(/everyMs/);
    expect(() => resolveRecurringOptions({ type: 'r', everyMs: 1, priority: 2000 })).toThrow(/priority/);
  });

  it('carries the resume time and cause on the handler errors', () => {
    const at = new Date('2026-11-26T00:00:00Z');
    const cause = new Error('daily cap');
    const delay = new DelayJobError(at, undefined, { cause });
    expect(delay).toMatchObject({ name: 'DelayJobError', resumeAt: at, cause });
    expect(delay.message).toContain('2026-11-26T00:00:00.000Z');
    expect(new UnrecoverableJobError('bad address').name).toBe('UnrecoverableJobError');
  });
});
