import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GainsWarmer } from '../../../src/gains/gains-warmer.js';

/** A warm-up that finishes when the test says so. */
function controlledWarm() {
  const started: string[] = [];
  const finish = new Map<string, Array<(error?: Error) => void>>();
  const warm = (userId: string) =>
    new Promise<void>((resolve, reject) => {
      started.push(userId);
      finish.set(userId, [...(finish.get(userId) ?? []), (error) => (error ? reject(error) : resolve())]);
    });
  const end = async (userId: string, error?: Error) => {
    const next = finish.get(userId)?.shift();
    if (!next) throw new Error(`no running warm-up of ${userId}`);
    next(error);
    // Let the warmer's promise chain settle and start what is due.
    await vi.advanceTimersByTimeAsync(0);
  };
  return { started, warm, end };
}

describe('GainsWarmer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a burst of changes of one user is one warm-up, once the user has been quiet for quietMs', async () => {
    const w = controlledWarm();
    const warmer = new GainsWarmer(w.warm, () => {}, { quietMs: 500 });
    for (let i = 0; i < 10; i++) {
      warmer.touch('alice');
      await vi.advanceTimersByTimeAsync(300);
    }
    // 3 s of events 300 ms apart: never quiet for 500 ms yet.
    expect(w.started).toEqual([]);
    expect(warmer.stats).toMatchObject({ scheduled: 1, running: 0 });
    await vi.advanceTimersByTimeAsync(199);
    expect(w.started).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(w.started).toEqual(['alice']);
    await w.end('alice');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(w.started).toEqual(['alice']);
    expect(warmer.stats).toEqual({ scheduled: 0, queued: 0, running: 0, done: 1, failed: 0 });
    await warmer.close();
  });

  it('runs one warm-up at a time; the others wait their turn in the order they became due', async () => {
    const w = controlledWarm();
    const warmer = new GainsWarmer(w.warm, () => {}, { quietMs: 500 });
    warmer.touch('alice');
    await vi.advanceTimersByTimeAsync(100);
    warmer.touch('bob');
    await vi.advanceTimersByTimeAsync(100);
    warmer.touch('carol');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(w.started).toEqual(['alice']);
    expect(warmer.stats).toMatchObject({ queued: 2, running: 1 });
    await w.end('alice');
    expect(w.started).toEqual(['alice', 'bob']);
    await w.end('bob');
    expect(w.started).toEqual(['alice', 'bob', 'carol']);
    await w.end('carol');
    expect(warmer.stats).toMatchObject({ queued: 0, running: 0, done: 3 });
    await warmer.close();
  });

  it('a bound of two runs two users at once', async () => {
    const w = controlledWarm();
    const warmer = new GainsWarmer(w.warm, () => {}, { quietMs: 500, concurrency: 2 });
    for (const u of ['alice', 'bob', 'carol']) warmer.touch(u);
    await vi.advanceTimersByTimeAsync(500);
    expect(w.started).toEqual(['alice', 'bob']);
    await w.end('bob');
    expect(w.started).toEqual(['alice', 'bob', 'carol']);
    await w.end('alice');
    await w.end('carol');
    await warmer.close();
  });

  it('a user changed again while warming is warmed once more afterwards, never twice at once', async () => {
    const w = controlledWarm();
    const warmer = new GainsWarmer(w.warm, () => {}, { quietMs: 500, concurrency: 2 });
    warmer.touch('alice');
    await vi.advanceTimersByTimeAsync(500);
    expect(w.started).toEqual(['alice']);
    warmer.touch('alice');
    warmer.touch('bob');
    await vi.advanceTimersByTimeAsync(500);
    // A free slot, but alice is still running: bob goes first, alice waits.
    expect(w.started).toEqual(['alice', 'bob']);
    expect(warmer.stats).toMatchObject({ queued: 1, running: 2 });
    await w.end('alice');
    expect(w.started).toEqual(['alice', 'bob', 'alice']);
    await w.end('alice');
    await w.end('bob');
    expect(warmer.stats).toMatchObject({ queued: 0, running: 0, done: 3 });
    await warmer.close();
  });

  it('a failure is reported and the next warm-up still runs', async () => {
    const w = controlledWarm();
    const errors: Array<[string, unknown]> = [];
    const warmer = new GainsWarmer(w.warm, (u, e) => errors.push([u, e]), { quietMs: 500 });
    warmer.touch('alice');
    warmer.touch('bob');
    await vi.advanceTimersByTimeAsync(500);
    const boom = new Error('database went away');
    await w.end('alice', boom);
    expect(errors).toEqual([['alice', boom]]);
    expect(w.started).toEqual(['alice', 'bob']);
    await w.end('bob');
    expect(warmer.stats).toMatchObject({ done: 2, failed: 1 });
    // A warm-up that throws before returning a promise, and an error reporter that throws too.
    const throwing = new GainsWarmer(
      () => {
        throw new Error('sync throw');
      },
      () => {
        throw new Error('reporter down');
      },
      { quietMs: 500 },
    );
    throwing.touch('alice');
    await vi.advanceTimersByTimeAsync(500);
    expect(throwing.stats).toMatchObject({ running: 0, done: 1, failed: 1 });
    await throwing.close();
    await warmer.close();
  });

  it('close drops what is scheduled and queued, waits for what runs, leaves no timer and takes no more', async () => {
    const w = controlledWarm();
    const warmer = new GainsWarmer(w.warm, () => {}, { quietMs: 500 });
    warmer.touch('alice');
    warmer.touch('bob');
    await vi.advanceTimersByTimeAsync(500);
    warmer.touch('carol');
    expect(vi.getTimerCount()).toBe(1);
    let closed = false;
    const closing = warmer.close().then(() => (closed = true));
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(closed).toBe(false);
    await w.end('alice');
    await closing;
    expect(closed).toBe(true);
    warmer.touch('dave');
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(w.started).toEqual(['alice']);
  });
});
