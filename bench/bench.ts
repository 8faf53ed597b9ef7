/** One measured figure. `target` states the goal and whether higher or lower is better. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: { value: number; better: 'higher' | 'lower' };
  /** Baseline measured in the same run, for ratios (e.g. raw BullMQ next to our BullMQ backend). */
  baseline?: { name: string; value: number };
  note?: string;
}

export interface Bench {
  /** Short area name, used to filter: `npm run bench -- <name>`. */
  name: string;
  run(): Promise<BenchResult[]>;
}
