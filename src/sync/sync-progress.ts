export type SyncPhase =
  | 'checking'
  | 'rollback'
  | 'listing'
  | 'fetching'
  | 'writing'
  | 'snapshots'
  | 'rewards'
  | 'reconciling'
  | 'waiting_for_budget'
  | 'done';

export interface SyncProgressState {
  phase: SyncPhase;
  done: number;
  total: number;
}

/**
 * Publishes a sync's progress: at once on every phase change, and at least every `intervalMs` while the
 * sync runs (so a dashboard sees a heartbeat at least once a second even during a long fetch).
 */
export class SyncProgress {
  private state: SyncProgressState = { phase: 'checking', done: 0, total: 0 };
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly publish: (state: SyncProgressState) => void,
    private readonly intervalMs = 1_000,
  ) {}

  start(): void {
    this.emit();
    this.timer = setInterval(() => this.emit(), this.intervalMs);
    this.timer.unref();
  }

  set(phase: SyncPhase, done = 0, total = 0): void {
    const changed = phase !== this.state.phase;
    this.state = { phase, done, total };
    if (changed) this.emit();
  }

  advance(by = 1): void {
    this.state = { ...this.state, done: this.state.done + by };
  }

  get current(): SyncProgressState {
    return this.state;
  }

  stop(final?: SyncPhase): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (final) {
      this.state = { phase: final, done: this.state.total, total: this.state.total };
      this.emit();
    }
  }

  private emit(): void {
    this.publish({ ...this.state });
  }
}
