import type { ChainControl } from './http-server.js';

/**
 * Live mode: a new block every `seconds` (every `epochEvery`-th one crossing an epoch boundary). Set,
 * changed or stopped at run time (`POST /__sim/live`), so a run can hold the chain still for its
 * final comparison with the truth.
 */
export class LiveMode {
  private timer: NodeJS.Timeout | null = null;
  private added = 0;
  private interval = 0;

  constructor(
    private readonly control: Pick<ChainControl, 'addBlocks' | 'advanceEpochs'>,
    private readonly epochEvery = 0,
  ) {}

  get seconds(): number {
    return this.interval;
  }

  /** 0 stops; anything else (re)starts the timer with that interval. */
  set(seconds: number): { seconds: number } {
    this.stop();
    this.interval = seconds;
    if (seconds > 0) {
      this.timer = setInterval(() => this.tick(), seconds * 1000);
      this.timer.unref();
    }
    return { seconds: this.interval };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.interval = 0;
  }

  private tick(): void {
    this.added++;
    if (this.epochEvery > 0 && this.added % this.epochEvery === 0) this.control.advanceEpochs(1);
    else this.control.addBlocks(1);
  }
}
