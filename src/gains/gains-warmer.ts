/** Counts of a warmer's work, for metrics and tests. */
export interface GainsWarmerStats {
  /** Users waiting for their burst of changes to go quiet. */
  scheduled: number;
  /** Users due, waiting for a free slot. */
  queued: number;
  /** Users being warmed up now. */
  running: number;
  /** Warm-ups finished since start (failed ones included). */
  done: number;
  /** Warm-ups that threw since start. */
  failed: number;
}

export interface GainsWarmerOptions {
  /** A user is warmed up once no change of theirs came for this long. Default 500 ms. */
  quietMs?: number;
  /** Warm-ups at once in this process. Default 1. */
  concurrency?: number;
}

/**
 * Runs a user's warm-up (here: bringing their cached cost-basis computations up to date) in the
 * background after their stored history changed. Changes of one user within `quietMs` of each other
 * are one warm-up; at most `concurrency` warm-ups run at once and never two of the same user (a user
 * changed again while warming is warmed once more afterwards). A failure goes to `onError`, never
 * further. `close()` drops what is scheduled and waits for what runs: no timer is left.
 */
export class GainsWarmer {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Due users in the order they became due. */
  private readonly queued = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();
  private done = 0;
  private failed = 0;
  private closed = false;
  private readonly quietMs: number;
  private readonly concurrency: number;

  constructor(
    private readonly warm: (userId: string) => Promise<void>,
    private readonly onError: (userId: string, error: unknown) => void,
    options: GainsWarmerOptions = {},
  ) {
    this.quietMs = options.quietMs ?? 500;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
  }

  /** `userId`'s stored history changed: warm them up once their changes have been quiet for a while. */
  touch(userId: string): void {
    if (this.closed) return;
    const pending = this.timers.get(userId);
    if (pending) clearTimeout(pending);
    this.timers.set(
      userId,
      setTimeout(() => {
        this.timers.delete(userId);
        this.queued.add(userId);
        this.pump();
      }, this.quietMs),
    );
  }

  get stats(): GainsWarmerStats {
    return {
      scheduled: this.timers.size,
      queued: this.queued.size,
      running: this.running.size,
      done: this.done,
      failed: this.failed,
    };
  }

  /** Stops taking changes, drops the scheduled and queued warm-ups and waits for the running ones. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.queued.clear();
    await Promise.all(this.running.values());
  }

  private pump(): void {
    for (const userId of this.queued) {
      if (this.closed || this.running.size >= this.concurrency) return;
      if (this.running.has(userId)) continue;
      this.queued.delete(userId);
      const run = Promise.resolve()
        .then(() => this.warm(userId))
        .catch((error: unknown) => {
          this.failed++;
          try {
            this.onError(userId, error);
          } catch {
            // A failing error reporter must not stop the warmer.
          }
        })
        .finally(() => {
          this.done++;
          this.running.delete(userId);
          this.pump();
        });
      this.running.set(userId, run);
    }
  }
}
